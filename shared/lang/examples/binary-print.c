#include <stdio.h>

void print_binary(unsigned long value, int bits) {
    for (int i = bits - 1; i >= 0; i--) {
        putchar((value >> i) & 1 ? '1' : '0');
        if (i % 8 == 0 && i != 0)
            putchar('_');
    }
    putchar('\n');
}

int main(void) {
    print_binary(5, 8);
    print_binary(255, 8);
    print_binary((unsigned char)-1, 8);
    print_binary((unsigned short)-2, 16);
    print_binary(0xDEADBEEF, 32);
    print_binary(1UL << 63, 64);
    int x = -6;
    print_binary((unsigned int)x, 32);
    return 0;
}
