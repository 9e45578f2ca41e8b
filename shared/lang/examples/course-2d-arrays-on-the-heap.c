#include <stdio.h>
#include <stdlib.h>

int **make(int r, int c) {
    int **m = malloc(r * sizeof *m);
    for (int i = 0; i < r; i++) {
        m[i] = calloc(c, sizeof **m);
        for (int j = 0; j < c; j++) m[i][j] = i * c + j;
    }
    return m;
}

int main(void) {
    int **m = make(3, 4);
    int (*contig)[4] = malloc(3 * sizeof *contig);
    for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) contig[i][j] = m[i][j] * 2;
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) printf("%3d%3d", m[i][j], contig[i][j]);
        printf("\n");
    }
    printf("%zu %zu\n", sizeof *contig, sizeof contig[0][0]);
    for (int i = 0; i < 3; i++) free(m[i]);
    free(m);
    free(contig);
    return 0;
}
