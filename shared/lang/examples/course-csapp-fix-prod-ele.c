/* CS:APP 3.8: array allocation and access, nested arrays, fixed-size matrix product */
#include <stdio.h>
#define N 4
typedef int fix_matrix[N][N];
int fix_prod_ele(fix_matrix A, fix_matrix B, long i, long k) {
  int result = 0;
  for (long j = 0; j < N; j++) result += A[i][j] * B[j][k];
  return result;
}
int main(void) {
  fix_matrix A, B;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) { A[i][j] = i + j; B[i][j] = i == j ? 2 : 0; }
  printf("%d %d\n", fix_prod_ele(A, B, 1, 2), fix_prod_ele(A, B, 3, 3));
  int *p = &A[0][0];
  printf("%d %ld %zu %zu\n", *(p + 5), &A[2][1] - &A[0][0], sizeof A, sizeof A[0]);
  short S[7]; int *T[3]; long V[8];
  printf("%zu %zu %zu\n", sizeof S, sizeof T, sizeof V);
  printf("%ld\n", (char *)&V[3] - (char *)V);
  return 0;
}
