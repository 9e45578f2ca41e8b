#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int *zeros = calloc(8, sizeof(int));
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += zeros[i];
    printf("calloc'd 8 ints, sum %d\n", sum);
    int *fresh = malloc(8 * sizeof(int));
    for (int i = 0; i < 8; i++)
        fresh[i] = i; /* malloc does not clear memory: write before reading */
    printf("fresh[7] = %d\n", fresh[7]);
    free(zeros);
    free(fresh);
    double *ds = calloc(3, sizeof(double));
    printf("calloc'd doubles: %.1f %.1f %.1f\n", ds[0], ds[1], ds[2]);
    free(ds);
    return 0;
}
