/* C99 course: a matrix whose row count is known at run time, passed as int (*)[3] */
#include <stdio.h>
static void fill(int rows, int m[][3]) {
  for (int i = 0; i < rows; i++) for (int j = 0; j < 3; j++) m[i][j] = (i + 1) * (j + 2);
}
static long trace_sum(int rows, int (*m)[3]) {
  long s = 0;
  for (int i = 0; i < rows; i++) s += m[i][i % 3];
  return s;
}
int main(void) {
  for (int rows = 1; rows <= 4; rows++) {
    int m[rows][3];
    fill(rows, m);
    printf("rows %d: %zu bytes, row %zu bytes, sum %ld, last %d\n", rows, sizeof m, sizeof m[0],
           trace_sum(rows, m), m[rows - 1][2]);
  }
  return 0;
}
