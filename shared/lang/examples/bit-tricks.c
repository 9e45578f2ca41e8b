#include <stdio.h>

int popcount(unsigned int x) {
    int count = 0;
    while (x) {
        x &= x - 1; /* clears the lowest set bit */
        count++;
    }
    return count;
}

int is_power_of_two(unsigned long x) { return x != 0 && (x & (x - 1)) == 0; }

unsigned int reverse_bits(unsigned int x) {
    unsigned int r = 0;
    for (int i = 0; i < 32; i++) {
        r = (r << 1) | (x & 1);
        x >>= 1;
    }
    return r;
}

unsigned long round_up(unsigned long n, unsigned long alignment) {
    return (n + alignment - 1) & ~(alignment - 1);
}

int main(void) {
    printf("popcount(0xF0F0) = %d, popcount(0xFFFFFFFF) = %d\n", popcount(0xF0F0), popcount(0xFFFFFFFFu));
    printf("powers of two: %d %d %d %d\n", is_power_of_two(64), is_power_of_two(96),
           is_power_of_two(1UL << 40), is_power_of_two(0));
    printf("lowest set bit of 0x58: 0x%x\n", 0x58 & -0x58);
    printf("reverse_bits(1) = 0x%08x\n", reverse_bits(1));
    printf("reverse_bits(0x12345678) = 0x%08x\n", reverse_bits(0x12345678));
    int a = 5, b = 9;
    a ^= b;
    b ^= a;
    a ^= b;
    printf("swapped with xor: a = %d, b = %d\n", a, b);
    printf("round_up(13, 8) = %lu, round_up(24, 16) = %lu, round_up(33, 16) = %lu\n", round_up(13, 8),
           round_up(24, 16), round_up(33, 16));
    unsigned char flags = 0;
    flags |= 1 << 3;
    flags |= 1 << 0;
    flags &= ~(1 << 0);
    flags ^= 0x81;
    printf("flags = 0x%02x\n", flags);
    return 0;
}
