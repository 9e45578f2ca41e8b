#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int rows = 4, cols = 5;
    int **grid = malloc(rows * sizeof(int *));
    for (int r = 0; r < rows; r++) {
        grid[r] = malloc(cols * sizeof(int));
        for (int c = 0; c < cols; c++)
            grid[r][c] = (r + 1) * (c + 1);
    }
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++)
            printf("%3d", grid[r][c]);
        printf("\n");
    }
    /* a single block instead: rows*cols ints, indexed by hand */
    int *block = calloc(rows * cols, sizeof(int));
    block[2 * cols + 3] = 99;
    printf("block[2][3] = %d, block[3][4] = %d\n", block[2 * cols + 3], block[3 * cols + 4]);
    free(block);
    for (int r = 0; r < rows; r++)
        free(grid[r]);
    free(grid);
    return 0;
}
