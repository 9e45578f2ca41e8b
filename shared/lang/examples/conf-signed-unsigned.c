#include <stdio.h>

int main(void) {
    int minus_one = -1;
    unsigned int one = 1u;
    /* -1 converts to UINT_MAX before the comparison. */
    if (minus_one < one) printf("-1 < 1u\n");
    else printf("-1 >= 1u (converted to %u)\n", (unsigned int)minus_one);

    long lminus = -1L;
    if (lminus < one) printf("-1L < 1u: long holds every unsigned int\n");

    unsigned int u = 0;
    u--;
    printf("0u - 1 = %u\n", u);
    u++;
    printf("back to %u\n", u);

    unsigned char uc = 250;
    uc += 10;
    printf("250 + 10 as unsigned char = %d\n", uc);
    signed char sc = 127;
    sc++;
    printf("127 + 1 as signed char = %d\n", sc);

    unsigned short us = 65535;
    us = us + 1;
    printf("65535 + 1 as unsigned short = %d\n", us);

    size_t n = 3;
    int i = -1;
    printf("(size_t)-1 > n: %d\n", (size_t)i > n);

    unsigned int big = 4000000000u;
    int as_int = (int)big;
    printf("%u as int = %d\n", big, as_int);
    printf("%d\n", (int)(unsigned char)-1);
    printf("%u\n", 3u - 5u);
    printf("%lu\n", 3ul - 5ul);
    printf("%d\n", -7 / 2);
    printf("%d\n", -7 % 2);
    printf("%u\n", (unsigned)-7 / 2);
    printf("%ld\n", -7L >> 1);
    printf("%u\n", 0xFFFFFFFFu >> 4);
    printf("%d\n", (int)0xFFFFFFF0 >> 4);
    return 0;
}
