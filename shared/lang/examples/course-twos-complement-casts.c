#include <stdio.h>
#include <limits.h>
int tmin(void) { return 1 << 31; }
int is_tmax(int x) { return !(~(x + 1) ^ x) & !!(x + 1); }
int bitcount(unsigned x) { int b; for (b = 0; x != 0; x >>= 1) if (x & 01) b++; return b; }
unsigned getbits(unsigned x, int p, int n) { return (x >> (p + 1 - n)) & ~(~0 << n); }
int main(void) {
  short sx = -12345;
  unsigned short usx = sx;
  int x = sx;
  unsigned ux = usx;
  printf("sx = %d, usx = %u, x = %d, ux = %u\n", sx, usx, x, ux);
  printf("%x %x %x %x\n", (unsigned)sx & 0xffff, usx, (unsigned)x, ux);
  int tx = -1; unsigned uy = tx;
  printf("%d %u %u %d\n", tx, uy, UINT_MAX, (int)2147483648U);
  printf("%d %d\n", -1 < 0U, -2147483647 - 1 == 2147483648U);
  printf("%d %d %d\n", tmin(), is_tmax(INT_MAX), is_tmax(-1));
  printf("%d %u\n", bitcount(0xF0F0u), getbits(0xABCDu, 7, 4));
  int lval = 0xFEDCBA98 << 32 >> 32;
  printf("%d %x %x\n", lval, 0xFEDCBA98u >> 4, (int)0xFEDCBA98 >> 4);
  unsigned char c = 200; signed char sc = c;
  printf("%d %d %u\n", c, sc, (unsigned)sc);
  long big = 3000000000L; int trunc = (int)big;
  printf("%ld %d\n", big, trunc);
  unsigned length = 0;
  float sum = 0; unsigned i;
  for (i = 0; i <= length - 1 && i < 3; i++) sum += 1;
  printf("%f %u\n", sum, length - 1);
  return 0;
}
