#include <stdio.h>
struct perms { unsigned read : 1; unsigned write : 1; unsigned exec : 1; unsigned : 5; unsigned owner : 8; };
#define FLAG_A (1u << 0)
#define FLAG_B (1u << 3)
#define SET(x, f) ((x) |= (f))
#define CLR(x, f) ((x) &= ~(f))
#define TST(x, f) (((x) & (f)) != 0)
int main(void) {
  struct perms p = {1, 0, 1, 200};
  p.write = 3;
  printf("%u %u %u %u %zu\n", p.read, p.write, p.exec, p.owner, sizeof p);
  unsigned flags = 0; SET(flags, FLAG_A | FLAG_B); CLR(flags, FLAG_A);
  printf("%u %d %d\n", flags, TST(flags, FLAG_A), TST(flags, FLAG_B));
  unsigned x = 0xDEADBEEF;
  printf("%x %x %x\n", (x >> 16) & 0xFFFF, x & -x, x ^ (x >> 1));
  return 0;
}
