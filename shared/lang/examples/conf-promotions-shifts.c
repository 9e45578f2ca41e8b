#include <stdio.h>

int main(void) {
    unsigned char a = 200, b = 100;
    int sum = a + b;
    printf("200 + 100 in int: %d\n", sum);
    unsigned char wrapped = a + b;
    printf("stored back in unsigned char: %d\n", wrapped);
    char c = 0x80;
    unsigned char uc = 0x80;
    printf("char 0x80 = %d, unsigned char 0x80 = %d\n", c, uc);
    printf("c == 0x80: %d, uc == 0x80: %d\n", c == 0x80, uc == 0x80);
    unsigned char ff = 0xFF;
    printf("~ff = %d, (unsigned char)~ff = %d\n", ~ff, (unsigned char)~ff);
    printf("sizeof(ff) %zu sizeof(ff + 0) %zu sizeof(+ff) %zu\n", sizeof(ff), sizeof(ff + 0),
           sizeof(+ff));
    short s1 = 20000, s2 = 20000;
    printf("short product in int: %d\n", s1 * s2);
    unsigned short us = 0xFFFF;
    printf("ushort * ushort: %d\n", us * us == -131071);
    printf("1 << 31 as unsigned: %u\n", 1u << 31);
    printf("1L << 62: %ld\n", 1L << 62);
    printf("0x80000000 >> 31 = %u\n", 0x80000000 >> 31);
    printf("-1 >> 10 = %d\n", -1 >> 10);
    printf("-256 >> 4 = %d\n", -256 >> 4);
    printf("(unsigned)-256 >> 4 = %u\n", (unsigned)-256 >> 4);
    printf("uc << 1 = %d\n", uc << 1);
    printf("c << 1 = %d\n", c << 1);
    int x = 1;
    int shift = 33;
    printf("1L << 33 = %ld\n", 1L << shift);
    printf("char arithmetic: %d\n", 'a' + 1);
    printf("digit: %d\n", '7' - '0');
    char letter = 'z';
    letter = letter + 1;
    printf("'z' + 1 = %d\n", letter);
    printf("-1 < 0u: %d, -1 < 0UL: %d, -1L < 0u: %d\n", -1 < 0u, -1 < 0UL, -1L < 0u);
    unsigned int ui = 1;
    long sl = -2;
    printf("ui + sl = %ld\n", ui + sl);
    unsigned long ul = 1;
    int si = -2;
    printf("ul + si = %lu\n", ul + si);
    printf("sizeof('a') = %zu\n", sizeof('a'));
    printf("%d\n", x << 3 | 1);
    printf("%d %d\n", 0x0F & 0x3C, 0x0F ^ 0x3C);
    printf("%x\n", ~0u << 4 >> 8);
    return 0;
}
