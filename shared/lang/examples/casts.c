#include <stdio.h>

int main(void) {
    double d = 3.99;
    printf("(int)3.99 = %d, (int)-3.99 = %d\n", (int)d, (int)-d);
    int big = 300;
    printf("(char)300 = %d, (unsigned char)300 = %d\n", (char)big, (unsigned char)big);
    int negative = -1;
    printf("(unsigned)-1 = %u, (unsigned short)-1 = %d\n", (unsigned)negative, (unsigned short)negative);
    long wide = 0x123456789L;
    printf("(int)0x123456789 = 0x%x\n", (int)wide);
    printf("(long)(int)-5 = %ld, (unsigned long)(unsigned)-5 = %lu\n", (long)(int)-5,
           (unsigned long)(unsigned)-5);
    printf("7 / 2 = %d, (double)7 / 2 = %.1f, (double)(7 / 2) = %.1f\n", 7 / 2, (double)7 / 2,
           (double)(7 / 2));
    unsigned long huge = 18446744073709551615UL;
    printf("(double)ULONG_MAX = %.1f\n", (double)huge);
    printf("(long)1e18 = %ld\n", (long)1e18);
    int bytes[2] = {0x04030201, 0x08070605};
    unsigned char *p = (unsigned char *)bytes;
    printf("little-endian bytes: %d %d %d %d %d\n", p[0], p[1], p[2], p[3], p[4]);
    short *halves = (short *)bytes;
    printf("as shorts: 0x%x 0x%x\n", halves[0], halves[1]);
    return 0;
}
