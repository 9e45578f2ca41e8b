#include <stdio.h>
int main(void) {
    char s[] = { -1, -128, 127, 'a', 0 };
    for (int i = 0; s[i]; i++) printf("%d %u %x %c|", s[i], s[i], s[i], s[i] & 0x7f);
    printf("\n%d %d\n", 0.1f + 0.2f == 0.3f, 0.1 + 0.2 == 0.3);
    long long a = 3037000500LL; printf("%lld\n", a * a);
    unsigned long long u = 18446744073709551615ULL; printf("%llu %llu\n", u / 3, u % 1000);
    int n = printf("%5d|%-5d|\n", 42, 42); printf("%d\n", n);
    int p = puts("puts"); int q = putchar('Q'); printf(" %d %d\n", p, q);
    printf("%d %d\n", -7 / 2, -7 % 2);
    printf("%.3d|%08.3f|%-+6d|%+.1e\n", 5, 3.14159, 7, -12345.678);
    return 0;
}
