/* CS:APP 2 homework: bit-level puzzles */
#include <stdio.h>
int bitAnd(int x, int y) { return ~(~x | ~y); }
int getByte(int x, int n) { return (x >> (n << 3)) & 0xFF; }
int logicalShift(int x, int n) { return (x >> n) & ~(((1 << 31) >> n) << 1); }
int bitCount(int x) { int c = 0; for (unsigned u = x; u; u >>= 1) c += u & 1; return c; }
int isTmax(int x) { return !(~(x + 1) ^ x) & !!(x + 1); }
int fitsBits(int x, int n) { int s = 33 + ~n; return !(((x << s) >> s) ^ x); }
int any_odd_one(unsigned x) { return !!(x & 0xAAAAAAAA); }
int main(void) {
  printf("%d %x %x %d\n", bitAnd(6, 5), getByte(0x12345678, 1), logicalShift(0x87654321, 4), bitCount(255));
  printf("%d %d %d %d\n", isTmax(0x7fffffff), isTmax(-1), fitsBits(5, 3), fitsBits(-4, 3));
  printf("%d %d\n", any_odd_one(1), any_odd_one(2));
  return 0;
}
