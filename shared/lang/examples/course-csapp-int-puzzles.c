#include <stdio.h>
#include <limits.h>

int main(void) {
    int xs[] = {0, 1, -1, INT_MAX, INT_MIN, 12345, -98765};
    unsigned ux;
    for (int k = 0; k < 7; k++) {
        int x = xs[k], y = xs[(k + 3) % 7];
        ux = x;
        unsigned uy = y;
        printf("%d: %d %d %d %d %d %d %d %d\n", x,
            (x < y) == (-x > -y),
            ((x + y) << 4) + y - x == 17 * y + 15 * x,
            ~x + ~y + 1 == ~(x + y),
            (ux - uy) == -(unsigned)(y - x),
            (x >= 0) || (x < ux),
            ((x >> 1) << 1) <= x,
            (x * x) >= 0,
            x > 0 ? x + 1 > 0 : 1);
    }
    printf("%d %u %d\n", -2147483647 - 1 == 2147483648U, -1 < 0U, (int)(-1 > 0U));
    printf("%x %x %d\n", 0x80000000 >> 4, (int)0x80000000 >> 4, -17 / 4);
    printf("%d %d %d %d\n", -17 % 4, 17 % -4, -17 >> 2, (unsigned)-17 >> 2 > 0);
    short s = -12345; unsigned short us = s; int i = us; unsigned u = s;
    printf("%d %u %d %u\n", s, us, i, u);
    long big = 0x123456789abcL; int t = (int)big; short ts = (short)big; signed char tc = (signed char)big;
    printf("%x %hx %hhx %d\n", t, ts, tc, tc);
    return 0;
}
