/* course: a 2-D array allocated as an array of row pointers, and as one block */
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  int rows = 3, cols = 4;
  int **m = malloc(rows * sizeof *m);
  for (int i = 0; i < rows; i++) {
    m[i] = malloc(cols * sizeof **m);
    for (int j = 0; j < cols; j++) m[i][j] = i * cols + j;
  }
  int *flat = malloc(rows * cols * sizeof *flat);
  for (int k = 0; k < rows * cols; k++) flat[k] = m[k / cols][k % cols] * 2;
  printf("%d %d %d\n", m[2][3], flat[2 * cols + 3], flat[5]);
  for (int i = 0; i < rows; i++) free(m[i]);
  free(m);
  free(flat);
  return 0;
}
