/* Statics without an initializer are local common symbols to gcc (.local/.comm), allocated
   after the object's other .bss; static locals in the order gcc expands their first use:
   an assignment's right side before its left, `&s` arguments of a call first to last, loaded
   arguments last to first. */
#include <stdio.h>
static int a;
static int b = 0;
int c;
static char big1[40];
int g2;
int f(void) {
    static int d; static int e = 0; static long h;
    printf("f %p %p %p\n", (void *)&d, (void *)&e, (void *)&h);
    return d + e + (int)h;
}
int k(void) {
    static int p; static int q; static int r; static int s = 5; static int t = 6; static int u;
    q = t;
    p = s + u;
    printf("k %p %p %p %p %p %p\n", (void *)&p, (void *)&q, (void *)&r, (void *)&s, (void *)&t, (void *)&u);
    return p + q + r;
}
int m(void) {
    static int x; static int y; static long z;
    printf("m %d %d %ld\n", x, y, z);
    return 0;
}
static int last;
int main(void) {
    printf("main %p %p %p %p %p %p\n", (void *)&a, (void *)&b, (void *)&c, (void *)big1, (void *)&g2, (void *)&last);
    return a + b + c + f() + k() + m() + big1[0] + g2 + last;
}
