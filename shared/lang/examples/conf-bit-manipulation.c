#include <stdio.h>

int popcount(unsigned long x) {
    int n = 0;
    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

unsigned reverse_bits(unsigned x) {
    unsigned r = 0;
    for (int i = 0; i < 32; i++) {
        r = (r << 1) | (x & 1);
        x >>= 1;
    }
    return r;
}

unsigned rotate_left(unsigned x, int k) { return (x << k) | (x >> (32 - k)); }

int is_power_of_two(unsigned long x) { return x && !(x & (x - 1)); }

unsigned long next_power_of_two(unsigned long x) {
    x--;
    x |= x >> 1;
    x |= x >> 2;
    x |= x >> 4;
    x |= x >> 8;
    x |= x >> 16;
    x |= x >> 32;
    return x + 1;
}

int main(void) {
    unsigned long tests[] = {0, 1, 255, 0x8000000000000000UL, 0xFFFFFFFFFFFFFFFFUL, 1000};
    for (int i = 0; i < 6; i++) printf("popcount(%lx) = %d\n", tests[i], popcount(tests[i]));
    printf("%08x %08x\n", reverse_bits(1), reverse_bits(0xF0F0u));
    printf("%08x %08x\n", rotate_left(0x80000001u, 1), rotate_left(0x12345678u, 8));
    for (unsigned long x = 0; x < 10; x++) printf("%d", is_power_of_two(x));
    printf("\n");
    printf("%lu %lu %lu\n", next_power_of_two(5), next_power_of_two(64), next_power_of_two(1000));
    int x = -6;
    printf("lowest set bit of -6: %d, two's complement %x\n", x & -x, (unsigned)x);
    unsigned flags = 0;
    flags |= 1u << 3;
    flags |= 1u << 31;
    flags &= ~(1u << 3);
    flags ^= 5;
    printf("flags %x bit31 %u\n", flags, (flags >> 31) & 1);
    unsigned char byte = 0xA5;
    printf("%d %d\n", (byte >> 4) | (byte << 4), (unsigned char)((byte >> 4) | (byte << 4)));
    long sign = -1L;
    printf("%lx %lx\n", (unsigned long)sign >> 60, sign >> 60);
    int a = 12, b = 25;
    a ^= b;
    b ^= a;
    a ^= b;
    printf("xor swap: %d %d\n", a, b);
    return 0;
}
