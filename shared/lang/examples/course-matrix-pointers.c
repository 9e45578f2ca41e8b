#include <stdio.h>
void print_matrix(int rows, int cols, int *m) { for (int i = 0; i < rows; i++) { for (int j = 0; j < cols; j++) printf("%3d", m[i * cols + j]); printf("\n"); } }
void transpose(int n, int m[][3]) { for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) { int t = m[i][j]; m[i][j] = m[j][i]; m[j][i] = t; } }
int main(void) {
  int m[3][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
  transpose(3, m);
  print_matrix(3, 3, &m[0][0]);
  int (*row)[3] = m + 1;
  printf("%d %d %zu\n", (*row)[0], row[1][2], sizeof *row);
  int *diag[3]; for (int i = 0; i < 3; i++) diag[i] = &m[i][i];
  printf("%d %d %d\n", *diag[0], *diag[1], *diag[2]);
  char grid[2][4] = {"abc", "xyz"};
  printf("%s %s %c\n", grid[0], grid[1], *(*(grid + 1) + 2));
  return 0;
}
