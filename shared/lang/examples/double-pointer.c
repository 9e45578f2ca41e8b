#include <stdio.h>
#include <stdlib.h>

void allocate(int **out, int n) {
    *out = malloc(n * sizeof(int)); /* changes the caller's pointer through its address */
    for (int i = 0; i < n; i++)
        (*out)[i] = n - i;
}

void swap_pointers(char **a, char **b) {
    char *t = *a;
    *a = *b;
    *b = t;
}

int main(void) {
    int *numbers = NULL;
    allocate(&numbers, 4);
    printf("%d %d %d %d\n", numbers[0], numbers[1], numbers[2], numbers[3]);
    free(numbers);
    char *first = "stack", *second = "heap";
    swap_pointers(&first, &second);
    printf("first = %s, second = %s\n", first, second);
    int value = 5;
    int *p = &value;
    int **pp = &p;
    int ***ppp = &pp;
    ***ppp = 6;
    printf("value = %d, **pp = %d\n", value, **pp);
    return 0;
}
