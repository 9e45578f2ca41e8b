#include <stdio.h>

int main(void) {
    int x = 100;
    x += 5;
    x -= 3;
    x *= 4;
    x /= 6;
    x %= 40;
    printf("x = %d\n", x);
    unsigned int bits = 0xF0;
    bits <<= 4;
    bits |= 0x0F;
    bits &= 0xFF0F;
    bits ^= 0x1001;
    bits >>= 2;
    printf("bits = 0x%x\n", bits);
    unsigned char small = 200;
    small += 100; /* computed in int as 300, stored back modulo 256 */
    printf("small = %d\n", small);
    char letter = 'a';
    letter += 2;
    letter -= 'a' - 'A';
    printf("letter = %c\n", letter);
    short s = 1000;
    s *= 40; /* 40000 does not fit a short: gcc keeps the low 16 bits */
    printf("s = %d\n", s);
    double d = 10;
    d /= 4;
    d *= 3;
    printf("d = %.2f\n", d);
    int a[3] = {1, 2, 3};
    int *p = a;
    p += 2;
    *p *= 10;
    p -= 1;
    *p <<= 3;
    printf("a = %d %d %d\n", a[0], a[1], a[2]);
    int j = 5;
    j *= 2;
    j += j;
    printf("j = %d\n", j);
    return 0;
}
