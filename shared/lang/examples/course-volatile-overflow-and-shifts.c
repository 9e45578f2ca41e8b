#include <stdio.h>
#include <limits.h>

int main(void) {
    volatile int max = INT_MAX, min = INT_MIN, one = 1, neg = -1;
    volatile unsigned um = UINT_MAX;
    volatile int s31 = 31, s32 = 32, s33 = 33;
    printf("%d %d\n", max + one, min - one);
    printf("%d %d\n", max * 2, min * neg);
    printf("%d %d %d\n", -min, min / one, -max - 2);
    printf("%d %d %d\n", one << s31, one << s32, one << s33);
    printf("%d %d\n", neg >> s31, min >> 1);
    printf("%u %u %u\n", um >> s31, um << s32, um >> s33);
    printf("%d\n", neg << 1);
    long l = 1;
    volatile int s63 = 63, s64 = 64;
    printf("%ld %ld\n", l << s63, l << s64);
    printf("%d\n", (short)(max));
    printf("%d %d\n", (signed char)200, (unsigned char)-1);
    long long x = LLONG_MAX;
    volatile long long one64 = 1;
    printf("%lld\n", x + one64);
    printf("%d\n", (int)2147483648u);
    printf("%d\n", (int)(unsigned)-1 >> 1);
    printf("%u\n", (unsigned)-1 >> 1);
    return 0;
}
