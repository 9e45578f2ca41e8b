#include <stdio.h>
#include <stdlib.h>
#define R 3
#define C 4
void fill(int (*m)[C], int rows) { for (int i = 0; i < rows; i++) for (int j = 0; j < C; j++) m[i][j] = i * 10 + j; }
int sum_row(const int row[C]) { int s = 0; for (int j = 0; j < C; j++) s += row[j]; return s; }
int main(void) {
    int m[R][C]; fill(m, R);
    int (*p)[C] = m;
    printf("%d %d %d\n", p[1][2], (*(p + 2))[3], *(*(m + 1) + 1));
    printf("%td %td\n", (char *)(p + 1) - (char *)p, &m[2][0] - &m[0][0]);
    printf("%zu %zu %zu\n", sizeof m, sizeof m[0], sizeof *p);
    for (int i = 0; i < R; i++) printf("%d ", sum_row(m[i]));
    printf("\n");
    int (*h)[C] = malloc(2 * sizeof *h); fill(h, 2);
    printf("%d %d\n", h[1][3], h[0][0]);
    free(h);
    int *flat = &m[0][0]; printf("%d\n", flat[R * C - 1]);
    int arr[5] = {1,2,3,4,5}; int (*pa)[5] = &arr;
    printf("%d %zu %d\n", (*pa)[4], sizeof *pa, (int)((char *)(pa + 1) - (char *)pa));
    char names[3][8] = { "one", "two", "three" };
    for (int i = 0; i < 3; i++) printf("%s:%zu ", names[i], sizeof names[i]);
    printf("\n");
    return 0;
}
