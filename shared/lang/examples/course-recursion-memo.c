#include <stdio.h>
#include <stdlib.h>
long fib_memo(int n, long *memo) { if (n < 2) return n; if (memo[n]) return memo[n]; return memo[n] = fib_memo(n - 1, memo) + fib_memo(n - 2, memo); }
int ackermann(int m, int n) { if (m == 0) return n + 1; if (n == 0) return ackermann(m - 1, 1); return ackermann(m - 1, ackermann(m, n - 1)); }
void hanoi(int n, char a, char b, char c, int *moves) { if (n == 0) return; hanoi(n - 1, a, c, b, moves); (*moves)++; hanoi(n - 1, c, b, a, moves); }
int gcd(int a, int b) { return b == 0 ? a : gcd(b, a % b); }
int main(void) {
  long *memo = calloc(91, sizeof(long));
  printf("%ld %ld\n", fib_memo(50, memo), fib_memo(90, memo));
  free(memo);
  printf("%d %d\n", ackermann(2, 3), ackermann(3, 3));
  int moves = 0; hanoi(10, 'A', 'B', 'C', &moves); printf("%d\n", moves);
  printf("%d %d\n", gcd(1071, 462), gcd(17, 5));
  return 0;
}
