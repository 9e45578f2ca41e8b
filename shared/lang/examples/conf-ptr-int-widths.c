#include <stdio.h>

int main(void) {
    unsigned int word = 0x11223344u;
    unsigned char *bytes = (unsigned char *)&word;
    /* x86-64 is little-endian: the lowest-addressed byte is the least significant one. */
    for (int i = 0; i < 4; i++) printf("byte %d = 0x%02x\n", i, bytes[i]);

    unsigned short *halves = (unsigned short *)&word;
    printf("halves: 0x%04x 0x%04x\n", halves[0], halves[1]);

    long big = 0x0102030405060708L;
    int *ints = (int *)&big;
    printf("ints: 0x%08x 0x%08x\n", ints[0], ints[1]);

    char *c = (char *)&big;
    int *ip = (int *)&big;
    printf("c+1 - c = %ld, ip+1 - ip = %ld, bytes apart %ld\n", (long)((c + 1) - c),
           (long)((ip + 1) - ip), (long)((char *)(ip + 1) - (char *)ip));

    short s = -2;
    unsigned short us = (unsigned short)s;
    int widened = s;
    unsigned int uwidened = (unsigned int)s;
    printf("%d %u %d %u\n", s, us, widened, uwidened);
    long long ll = (int)0x80000000u;
    printf("%lld\n", ll);
    unsigned long ul = (unsigned int)-1;
    printf("%lu\n", ul);
    char truncated = (char)300;
    unsigned char ut = (unsigned char)300;
    printf("%d %d\n", truncated, ut);
    short st = (short)70000;
    printf("%d\n", st);
    return 0;
}
