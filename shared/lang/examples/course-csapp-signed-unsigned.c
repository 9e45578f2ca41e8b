/* CS:APP 2.2: casting between signed and unsigned, sign extension, truncation */
#include <stdio.h>
int main(void) {
  short sx = -12345;
  unsigned short usx = sx;
  int x = sx;
  unsigned ux = usx;
  printf("%d %u %d %u\n", sx, usx, x, ux);
  unsigned u = 4294967295u;
  int tu = (int)u;
  printf("%d %u\n", tu, (unsigned)-1);
  int y = 53191;
  short sy = (short)y;
  int z = sy;
  printf("%d %d\n", sy, z);
  printf("%d %d\n", -1 < 0u, -2147483647 - 1 == 2147483648u);
  unsigned length = 0;
  printf("%u\n", length - 1);
  long lx = -1;
  printf("%lx %x\n", (unsigned long)lx, (unsigned)(char)0x80);
  return 0;
}
