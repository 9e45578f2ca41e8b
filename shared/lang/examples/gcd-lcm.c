#include <stdio.h>

unsigned long gcd(unsigned long a, unsigned long b) { return b == 0 ? a : gcd(b, a % b); }

unsigned long lcm(unsigned long a, unsigned long b) { return a / gcd(a, b) * b; }

int main(void) {
    printf("gcd(1071, 462) = %lu\n", gcd(1071, 462));
    printf("gcd(17, 5) = %lu\n", gcd(17, 5));
    unsigned long l = 1;
    for (unsigned long k = 1; k <= 20; k++)
        l = lcm(l, k);
    printf("lcm(1..20) = %lu\n", l);
    return 0;
}
