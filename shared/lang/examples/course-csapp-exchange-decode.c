/* CS:APP 3.4: exchange and pointer-based operations */
#include <stdio.h>
long exchange(long *xp, long y) { long x = *xp; *xp = y; return x; }
void decode1(long *xp, long *yp, long *zp) {
  long x = *xp, y = *yp, z = *zp;
  *yp = x; *zp = y; *xp = z;
}
long scale(long x, long y, long z) { return x + 4 * y + 12 * z; }
long arith(long x, long y, long z) { long t1 = x ^ y; long t2 = z * 48; long t3 = t1 & 0x0F0F0F0F; return t2 - t3; }
int main(void) {
  long a = 4;
  long b = exchange(&a, 3);
  printf("a = %ld, b = %ld\n", a, b);
  long x = 1, y = 2, z = 3;
  decode1(&x, &y, &z);
  printf("%ld %ld %ld\n", x, y, z);
  printf("%ld %ld\n", scale(1, 2, 3), arith(0x12345678, 0x0F0F0F0F, 5));
  return 0;
}
