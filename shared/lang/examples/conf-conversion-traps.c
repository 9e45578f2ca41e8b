#include <stdio.h>

int main(void) {
    char c = 200; /* char is signed on x86-64: -56 */
    switch (c) {
    case 200:
        printf("case 200\n");
        break;
    case -56:
        printf("case -56\n");
        break;
    }
    unsigned char uc = 200;
    switch (uc) {
    case -56:
        printf("uc case -56\n");
        break;
    default:
        printf("uc default (%d)\n", uc);
    }
    int x = 1;
    long mixed = x ? -1 : 0u; /* the ternary's type is unsigned int */
    printf("%ld\n", mixed);
    long as_long = x ? -1 : 0L;
    printf("%ld\n", as_long);
    unsigned short a = 1, b = 2;
    printf("%d\n", a - b < 0); /* promoted to int first */
    unsigned int ua = 1, ub = 2;
    printf("%d\n", ua - ub < 0);
    unsigned char mask = 0x0F;
    printf("%d\n", ~mask == 0xF0);
    printf("%d\n", (unsigned char)~mask == 0xF0);
    int i = -1;
    unsigned long ul = i; /* sign-extended, then converted */
    printf("%lx\n", ul);
    unsigned int ui = i;
    unsigned long ul2 = ui; /* zero-extended */
    printf("%lx\n", ul2);
    long l = -1;
    printf("%d\n", l < sizeof(int)); /* -1 converts to a huge size_t */
    printf("%d\n", (int)sizeof(int) > -1);
    short s = -1;
    unsigned short us = s;
    printf("%d %d\n", s == us, s == (short)us);
    char text[] = "\xe9t\xe9";
    int negatives = 0;
    for (int k = 0; text[k]; k++) negatives += text[k] < 0;
    printf("negative chars %d\n", negatives);
    double d = 3;
    int q = 7 / 2 * d;
    printf("%d %f\n", q, 7 / 2.0 * 3);
    printf("%d\n", 'A' * 2 > 127);
    printf("%u\n", (unsigned char)'A' << 24);
    return 0;
}
