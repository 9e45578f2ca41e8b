#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int *numbers = malloc(10 * sizeof(int));
    printf("freeing a pointer into the middle of the block\n");
    free(numbers + 2); /* not a pointer malloc returned */
    printf("never printed\n");
    return 0;
}
