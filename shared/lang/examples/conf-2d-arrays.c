#include <stdio.h>

#define ROWS 3
#define COLS 4

int sum_rows(int (*m)[COLS], int rows) {
    int total = 0;
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < COLS; c++) total += m[r][c];
    return total;
}

void fill(int m[][COLS], int rows) {
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < COLS; c++) m[r][c] = r * 10 + c;
}

int main(void) {
    int grid[ROWS][COLS];
    fill(grid, ROWS);
    printf("sum %d\n", sum_rows(grid, ROWS));
    printf("sizeof grid %zu, row %zu, cell %zu\n", sizeof grid, sizeof grid[0], sizeof grid[0][0]);
    int (*row)[COLS] = grid;
    row++;
    printf("(*row)[2] = %d\n", (*row)[2]);
    printf("row - grid = %ld\n", (long)(row - grid));
    int *flat = &grid[0][0];
    printf("flat[7] = %d (grid[1][3] = %d)\n", flat[7], grid[1][3]);
    printf("bytes from grid[0] to grid[2]: %ld\n", (long)((char *)grid[2] - (char *)grid[0]));
    printf("*(*(grid + 2) + 1) = %d\n", *(*(grid + 2) + 1));
    char names[3][6] = {"heap", "stack", "bss"};
    for (int i = 0; i < 3; i++) printf("%s/%zu ", names[i], sizeof names[i]);
    printf("\n");
    int init[2][3] = {{1, 2}, {4}};
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 3; c++) printf("%d%c", init[r][c], c == 2 ? '\n' : ' ');
    return 0;
}
