#include <stdio.h>
long swap_add(long *xp, long *yp) { long x = *xp; long y = *yp; *xp = y; *yp = x; return x + y; }
long caller(void) { long arg1 = 534; long arg2 = 1057; long sum = swap_add(&arg1, &arg2); long diff = arg1 - arg2; return sum * diff; }
void proc(long a1, long *a1p, int a2, int *a2p, short a3, short *a3p, char a4, char *a4p) { *a1p += a1; *a2p += a2; *a3p += a3; *a4p += a4; }
long call_proc(void) { long x1 = 1; int x2 = 2; short x3 = 3; char x4 = 4; proc(x1, &x1, x2, &x2, x3, &x3, x4, &x4); return (x1 + x2) * (x3 - x4); }
long rfact(long n) { long result; if (n <= 1) result = 1; else result = n * rfact(n - 1); return result; }
long P(long x, long y) { long u = x + y; long v = x * y; return u * v; }
int depth(int n, char *top) { char here; if (n == 0) return (int)(top - &here); return depth(n - 1, top); }
int main(void) {
  printf("%ld %ld %ld %ld\n", caller(), call_proc(), rfact(10), P(3, 4));
  char top;
  printf("bytes per frame: %d\n", depth(10, &top) / 10);
  printf("%d %d\n", depth(1, &top), depth(0, &top));
  return 0;
}
