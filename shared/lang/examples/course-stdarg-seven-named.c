/* More named integer parameters than the six registers, then variable ones: the seventh and
   eighth named arguments are pushed first and the variable ones right after them, so
   va_start must point past the named ones (System V x86-64). */
#include <stdio.h>
#include <stdarg.h>

long sum(int a, int b, int c, int d, int e, int f, int g, int count, ...) {
    va_list ap;
    va_start(ap, count);
    long s = a + b + c + d + e + f + g;
    for (int i = 0; i < count; i++) s += va_arg(ap, int) * 100;
    va_end(ap);
    return s;
}

void show(const char *a, const char *b, const char *c, const char *d, const char *e, const char *f, const char *g, ...) {
    va_list ap;
    va_start(ap, g);
    const char *s;
    printf("%s%s%s%s%s%s%s:", a, b, c, d, e, f, g);
    while ((s = va_arg(ap, const char *)) != NULL) printf(" %s", s);
    printf("\n");
    va_end(ap);
}

double dsum(int a, int b, int c, int d, int e, int f, int n, ...) {
    va_list ap; va_start(ap, n);
    double t = a + b + c + d + e + f;
    for (int i = 0; i < n; i++) t += va_arg(ap, double);
    va_end(ap);
    return t;
}

int main(void) {
    printf("%ld\n", sum(1, 2, 3, 4, 5, 6, 7, 3, 10, 20, 30));
    show("a", "b", "c", "d", "e", "f", "g", "h", "i", (char *)NULL);
    printf("%.2f\n", dsum(1, 2, 3, 4, 5, 6, 3, 1.5, 2.5, 3.25));
    printf("%.2f\n", dsum(1, 2, 3, 4, 5, 6, 10, 1.0,2.0,3.0,4.0,5.0,6.0,7.0,8.0,9.0,10.0));
    return 0;
}
