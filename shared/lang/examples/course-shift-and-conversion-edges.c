#include <stdio.h>
#include <limits.h>
#include <stdint.h>
int main(void) {
    int x = INT_MIN, m1 = -1; unsigned u = UINT_MAX; long l = LONG_MIN;
    printf("%d %d %d\n", x >> 31, m1 >> 5, (-17) >> 2);
    printf("%u %u %x\n", u >> 31, u << 31, 1u << 31);
    printf("%ld %lx\n", l >> 63, (unsigned long)l >> 60);
    int sh = 33; printf("%d %u\n", 1 << (sh & 31), 0x80000000u >> (sh - 2));
    printf("%d %d %d\n", (signed char)200, (short)70000, (int)3000000000u);
    printf("%u %lu %llu\n", (unsigned)-1, (unsigned long)-1, (unsigned long long)(int)-2);
    printf("%d %d\n", (char)-129, (unsigned char)-1);
    printf("%d %d %d %d\n", (int)2.9, (int)-2.9, (int)0.5, (int)-0.5);
    printf("%u\n", (unsigned)(-1.0 + 1.0));
    printf("%ld %ld\n", (long)1e18, (long)-9.2e18);
    double big = 4294967295.0; printf("%u %u\n", (unsigned)big, (unsigned)(big / 2));
    uint8_t a = 250, b = 10; uint8_t c = a + b; int d = a + b;
    printf("%u %d %d\n", c, d, (uint8_t)(a * b));
    int16_t h = 32767; h++; printf("%d\n", h);
    printf("%d\n", -1 < 0u);
    printf("%d %d\n", (long)-1 < 0u, -1L < 0UL);
    unsigned short us = 65535; printf("%d %d\n", us * us, us + 1);
    printf("%lld %llu\n", LLONG_MIN, ULLONG_MAX);
    printf("%d %d\n", INT_MAX + 0, -INT_MAX - 1);
    printf("%x %x\n", ~0u >> 4, ~0 >> 4);
    return 0;
}
