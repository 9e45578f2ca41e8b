#include <stdio.h>
#define N 4
typedef int fix_matrix[N][N];
int fix_prod_ele(fix_matrix A, fix_matrix B, long i, long k) { long j; int result = 0; for (j = 0; j < N; j++) result += A[i][j] * B[j][k]; return result; }
int sum_col(long n, int (*A)[4], long j) { long i; int result = 0; for (i = 0; i < n; i++) result += A[i][j]; return result; }
int main(void) {
  fix_matrix A, B;
  for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { A[i][j] = i + j; B[i][j] = i * j; }
  printf("%d %d %d\n", fix_prod_ele(A, B, 1, 2), fix_prod_ele(A, B, 3, 3), sum_col(4, A, 2));
  int *p = &A[0][0];
  printf("%d %d %ld %ld\n", p[5], *(p + 15), (long)(&A[2][1] - &A[0][0]), (long)((char *)&A[3] - (char *)A));
  short S[7]; short *R[9]; double *T[5]; char *U[3][4];
  printf("%zu %zu %zu %zu %zu\n", sizeof S, sizeof R, sizeof T, sizeof U, sizeof U[1]);
  int M[5][3];
  printf("%ld %ld\n", (long)((char *)&M[2][1] - (char *)M), (long)((char *)(M + 4) - (char *)M));
  return 0;
}
