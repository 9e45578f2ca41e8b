#include <stdio.h>

#define N 3

int main(void) {
    int a[N][N] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    int b[N][N] = {{9, 8, 7}, {6, 5, 4}, {3, 2, 1}};
    int c[N][N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            c[i][j] = 0;
            for (int k = 0; k < N; k++)
                c[i][j] += a[i][k] * b[k][j];
        }
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++)
            printf("%5d", c[i][j]);
        printf("\n");
    }
    printf("sizeof a = %zu, sizeof a[0] = %zu, rows = %zu\n", sizeof a, sizeof a[0],
           sizeof a / sizeof a[0]);
    /* row-major: a[1][0] is right after a[0][2] */
    printf("&a[1][0] - &a[0][2] = %ld\n", (long)(&a[1][0] - &a[0][2]));
    return 0;
}
