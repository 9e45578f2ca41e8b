#include <stdio.h>

int main(void) {
    long a = 123456789012345L;
    printf("%ld\n", a * 1000);
    printf("%ld\n", a * 74000 + 1);
    long b = 9007199254740993L; /* 2^53 + 1: not a double */
    printf("%ld %ld %ld\n", b, b + 2, b * 3);
    printf("%ld %ld\n", b / 3, b % 1000);
    long neg = -9007199254740993L;
    printf("%ld %ld %ld\n", neg / 7, neg % 7, neg >> 3);
    unsigned long u = 18446744073709551615UL;
    printf("%lu %lu %lu\n", u * 3, u / 10, u % 10);
    printf("%lu\n", u - 9007199254740993UL);
    printf("%lx %lx\n", u << 12, u >> 63);
    long long ll = 4611686018427387904LL; /* 2^62 */
    printf("%lld\n", ll + (ll - 1));
    printf("%lld\n", (long long)((unsigned long long)ll * 2));
    printf("%lld\n", -ll * 2);
    unsigned long mask = 0xFFFFFFFF00000000UL;
    printf("%lx %lx %lx\n", mask & 0x123456789abcdef0UL, mask | 1, mask ^ u);
    printf("%lu\n", ~mask);
    long x = 3037000499L;
    printf("%ld\n", x * x);
    unsigned long y = 4294967296UL;
    printf("%lu\n", y * y - 1);
    printf("%d\n", b == 9007199254740992L);
    printf("%d\n", (long)(double)b == b);
    double d = (double)b;
    printf("%.1f\n", d);
    printf("%lu\n", (unsigned long)1.8e19);
    printf("%.1f\n", (double)u);
    printf("%ld\n", (long)-9.99e18);
    unsigned int small = 4000000000u;
    long widened = small;
    printf("%ld\n", widened * 4);
    printf("%ld\n", (long)(int)small * 4);
    long count = 0;
    for (unsigned long i = 1; i != 0; i <<= 1) count++;
    printf("bits %ld\n", count);
    long f = 1;
    for (int i = 1; i <= 20; i++) f *= i;
    printf("20! = %ld\n", f);
    printf("%ld\n", f / 1000000007L);
    printf("%ld\n", f % 1000000007L);
    return 0;
}
