#include <stdio.h>
int main(void) {
    int a = 1, b = 2, c;
    c = (a++, b++, a + b);
    printf("%d %d %d\n", a, b, c);
    int *p = a > b ? &a : &b; *p = 100; printf("%d %d\n", a, b);
    int arr[3] = {0}; int i = 0;
    arr[i++] = i; printf("%d %d %d\n", arr[0], arr[1], i);
    int x = 5; x = x++ + 1; printf("%d\n", x);
    int y = 10; y += y -= 3; printf("%d\n", y);
    unsigned u = 3; u -= 5; printf("%u\n", u);
    int q = 7; q <<= 2; q |= 1; q ^= 0xff; q &= ~0x10; q %= 50; q /= 3; printf("%d\n", q);
    double d = 1; d /= 3; d *= 3; printf("%d\n", d == 1.0);
    char s[] = "abc"; char *sp = s; *sp++ = 'X'; *++sp = 'Y'; printf("%s\n", s);
    int m = 0; int n = (m = 3) + (m == 3); printf("%d %d\n", m, n);
    printf("%d\n", (a = 2, b = 3, a * b));
    return 0;
}
