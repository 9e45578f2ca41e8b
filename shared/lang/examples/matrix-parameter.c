#include <stdio.h>

#define COLS 4

int sum_matrix(int m[][COLS], int rows) {
    int total = 0;
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < COLS; c++)
            total += m[r][c];
    return total;
}

void transpose_square(int m[COLS][COLS]) {
    for (int r = 0; r < COLS; r++)
        for (int c = r + 1; c < COLS; c++) {
            int t = m[r][c];
            m[r][c] = m[c][r];
            m[c][r] = t;
        }
}

int main(void) {
    int grid[COLS][COLS];
    for (int r = 0; r < COLS; r++)
        for (int c = 0; c < COLS; c++)
            grid[r][c] = r * COLS + c;
    printf("sum of first 2 rows: %d\n", sum_matrix(grid, 2));
    printf("sum of all rows: %d\n", sum_matrix(grid, COLS));
    transpose_square(grid);
    for (int r = 0; r < COLS; r++)
        printf("%2d %2d %2d %2d\n", grid[r][0], grid[r][1], grid[r][2], grid[r][3]);
    return 0;
}
