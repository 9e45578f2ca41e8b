/* CS:APP 2.3: unsigned and two's-complement wrap-around, and checking for overflow before it
   happens (tadd_ok, uadd_ok, tmult_ok). */
#include <stdio.h>
#include <limits.h>
#include <stdint.h>
int tadd_ok(int x, int y) { int s = x + y; return !((x < 0 && y < 0 && s >= 0) || (x >= 0 && y >= 0 && s < 0)); }
int uadd_ok(unsigned x, unsigned y) { return x + y >= x; }
int tmult_ok(int x, int y) { long long p = (long long)x * y; return p == (int)p; }
int main(void) {
    unsigned u = 0;
    u--;
    printf("%u %d\n", u, (int)u);
    unsigned char uc = 250;
    uc += 10;
    printf("%d\n", uc);
    signed char sc = 127;
    sc++;
    printf("%d\n", sc);
    short s = 32767;
    s = s + 1;
    printf("%hd %hu\n", s, (unsigned short)s);
    printf("%d %d\n", tadd_ok(INT_MAX, 1), tadd_ok(-5, 3));
    printf("%d %d\n", uadd_ok(UINT_MAX, 1), uadd_ok(1, 2));
    printf("%d %d\n", tmult_ok(65536, 65536), tmult_ok(1000, 1000));
    printf("%d\n", -1 < 0u);
    printf("%d\n", (int)sizeof(int) - 5 < 0);
    printf("%d\n", sizeof(int) - 5 < 0);
    long big = 3000000000L;
    int trunc = big;
    printf("%d\n", trunc);
    printf("%u\n", (unsigned)-2147483648LL);
    uint8_t a = 200, b = 100;
    printf("%d %d\n", a + b, (uint8_t)(a + b));
    int32_t i32 = INT32_MAX;
    int64_t i64 = (int64_t)i32 + 1;
    printf("%lld\n", (long long)i64);
    printf("%llu\n", (unsigned long long)-1);
    unsigned int len = 0;
    int count = 0;
    for (unsigned int i = 5; i < len - 1 && count < 3; i++) count++;
    printf("count %d\n", count);
    printf("%d %d\n", INT_MIN / 2, INT_MIN % 3);
    printf("%x\n", 0x80000000 >> 4);
    printf("%x\n", (int)0x80000000 >> 4);
    return 0;
}
