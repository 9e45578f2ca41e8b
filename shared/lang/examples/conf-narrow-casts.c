#include <stdio.h>
/* Casts between the narrow integer types, with values that do and do not fit: a negative signed
   char made unsigned short wraps modulo 65536 (C11 6.3.1.3), it is not sign-kept. */
int main(void) {
    signed char sc = -1;
    char c = (char)200;
    unsigned char uc = 200;
    short s = -200;
    unsigned short us = 65000;
    int i = 70000;
    printf("%d %d %u\n", (unsigned short)sc, +(unsigned short)sc, (unsigned)(unsigned short)sc);
    printf("%d %d\n", (unsigned short)c, (short)c);
    printf("%d %d %d\n", (unsigned short)uc, (signed char)uc, (short)uc);
    printf("%d %d %d\n", (unsigned short)s, (unsigned char)s, (signed char)s);
    printf("%d %d %d\n", (short)us, (unsigned char)us, (signed char)us);
    printf("%d %d %d %d\n", (short)i, (unsigned short)i, (char)i, (unsigned char)i);
    printf("%u %lu\n", (unsigned)(short)us, (unsigned long)(signed char)uc);
    unsigned short built = (unsigned short)((unsigned short)(unsigned char)c << 8 | (unsigned short)sc);
    printf("%u\n", built);
    return 0;
}
