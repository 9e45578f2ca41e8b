#include <stdio.h>

int main(void) {
    unsigned int u = 0;
    u--;
    printf("0u - 1 = %u\n", u);
    u++;
    printf("back to %u\n", u);
    unsigned char c = 250;
    c += 10;
    printf("(unsigned char)250 + 10 = %d\n", c);
    unsigned short s = 65535;
    s++;
    printf("(unsigned short)65535 + 1 = %d\n", s);
    unsigned long big = 18446744073709551615UL;
    big += 2;
    printf("ULONG_MAX + 2 = %lu\n", big);
    size_t n = 3;
    size_t m = 5;
    printf("3 - 5 as size_t = %zu\n", n - m);
    /* counting down with an unsigned index needs care */
    int steps = 0;
    for (unsigned int i = 3; i < 10; i--)
        steps++;
    printf("loop ran %d times before i wrapped\n", steps);
    printf("0x7fffffff + 1u = %u\n", 0x7fffffff + 1u);
    return 0;
}
