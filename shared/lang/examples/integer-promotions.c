#include <stdio.h>

int main(void) {
    char a = 100, b = 100;
    int sum = a + b; /* both promoted to int first: no overflow */
    printf("char 100 + char 100 = %d\n", sum);
    char c = a + b; /* 200 does not fit in a signed char */
    printf("stored back in a char: %d\n", c);
    unsigned char uc = 255;
    printf("~uc = %d (promoted to int before ~)\n", ~uc);
    printf("-1 < 1u is %d: -1 becomes UINT_MAX\n", -1 < 1u);
    printf("-1 < 1L is %d\n", -1 < 1L);
    printf("-1L < 1u is %d (unsigned int fits in long)\n", -1L < 1u);
    printf("-1 < 1UL is %d\n", -1 < 1UL);
    printf("sizeof('a') = %zu, sizeof(a) = %zu, sizeof(a + b) = %zu\n", sizeof('a'), sizeof(a),
           sizeof(a + b));
    short s = -3;
    unsigned short us = 65533;
    printf("short -3 == unsigned short 65533: %d\n", s == us);
    printf("(unsigned short)-3 == 65533: %d\n", (unsigned short)s == us);
    int i = -7;
    unsigned int u = 2;
    printf("-7 / 2u = %u, -7 / 2 = %d, -7 %% 2 = %d\n", i / u, i / 2, i % 2);
    long l = i * u;
    printf("long l = -7 * 2u = %ld\n", l);
    return 0;
}
