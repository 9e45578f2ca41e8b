/* CS:APP chapter 2 data-lab style puzzles: bit operations only, then doubling a float through
 * its bits (float_twice), with no undefined behaviour (shifts of unsigned values only). */
#include <stdio.h>
int bitAnd(int x, int y) { return ~(~x | ~y); }
int getByte(int x, int n) { return (x >> (n << 3)) & 0xFF; }
int logicalShift(int x, int n) { return (int)((unsigned)x >> n); }
int bitCount(int x) { int c = 0; for (int i = 0; i < 32; i++) c += (x >> i) & 1; return c; }
int negate(int x) { return ~x + 1; }
int isPositive(int x) { return !((x >> 31) & 1) & !!x; }
unsigned float_twice(unsigned uf) {
    unsigned exp = uf >> 23 & 0xFF;
    if (exp == 0xFF) return uf;
    if (exp == 0) return (uf & 0x80000000) | (uf << 1);
    return uf + (1 << 23);
}
int main(void) {
    printf("%d %x %x %d %d %d %d\n", bitAnd(6, 5), getByte(0x12345678, 1),
           logicalShift((int)0x87654321, 4), bitCount(-1), negate(-8), isPositive(-3), isPositive(9));
    union { float f; unsigned u; } v;
    float samples[] = {1.5f, -0.375f, 1e-40f, 1e38f};
    for (int i = 0; i < 4; i++) {
        v.f = samples[i];
        v.u = float_twice(v.u);
        printf("%g -> %g\n", samples[i], v.f);
    }
    return 0;
}
