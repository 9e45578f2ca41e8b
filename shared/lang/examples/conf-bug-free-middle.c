#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int *numbers = malloc(10 * sizeof *numbers);
    for (int i = 0; i < 10; i++) numbers[i] = i;
    printf("freeing numbers + 1\n");
    free(numbers + 1); /* not a pointer malloc returned: misaligned by 4 */
    printf("not reached\n");
    return 0;
}
