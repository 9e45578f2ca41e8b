#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int numbers[4] = {1, 2, 3, 4};
    printf("calling free on an array on the stack\n");
    free(numbers); /* only pointers from malloc, calloc or realloc may be freed */
    printf("never printed\n");
    return 0;
}
