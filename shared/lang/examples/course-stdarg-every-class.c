#include <stdio.h>
#include <stdarg.h>
#include <string.h>

struct pt { int x, y; };

long mix(const char *types, ...) {
    va_list ap, copy;
    long total = 0;
    va_start(ap, types);
    va_copy(copy, ap);
    for (const char *t = types; *t; t++) {
        switch (*t) {
        case 'i': total += va_arg(ap, int); break;
        case 'l': total += va_arg(ap, long); break;
        case 'u': total += va_arg(ap, unsigned); break;
        case 'd': total += (long)(va_arg(ap, double) * 10); break;
        case 'p': total += *va_arg(ap, int *); break;
        case 's': total += (long)strlen(va_arg(ap, const char *)); break;
        }
    }
    va_end(ap);
    /* the copy starts again from the first variable argument */
    if (types[0] == 'i') printf("first again: %d\n", va_arg(copy, int));
    va_end(copy);
    return total;
}

static double vsum(int n, va_list ap) {
    double s = 0;
    while (n-- > 0) s += va_arg(ap, double);
    return s;
}

double sum_twice(int n, ...) {
    va_list ap;
    va_start(ap, n);
    double a = vsum(n, ap);
    va_end(ap);
    va_start(ap, n);
    double b = vsum(n, ap);
    va_end(ap);
    return a + b;
}

int count_until_null(const char *first, ...) {
    int n = 0;
    va_list ap;
    va_start(ap, first);
    for (const char *s = first; s != NULL; s = va_arg(ap, const char *)) {
        printf("[%s]", s);
        n++;
    }
    va_end(ap);
    printf("\n");
    return n;
}

int main(void) {
    int k = 1000;
    printf("%ld\n", mix("ildups", -5, 1L << 40, 2.5, 4000000000u, &k, "four"));
    printf("%ld\n", mix("iiiiiiiiii", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    printf("%ld\n", mix("dididididididididi", 1.0, 1, 2.0, 2, 3.0, 3, 4.0, 4, 5.0, 5, 6.0, 6, 7.0, 7, 8.0, 8, 9.0, 9, 10.0, 10));
    printf("%g\n", sum_twice(3, 1.5, 2.5, 3.5));
    printf("%d\n", count_until_null("a", "bb", "ccc", (char *)NULL));
    long (*fp)(const char *, ...) = mix;
    printf("%ld\n", fp("ii", 20, 22));
    char c = 'A'; short sh = -3; float f = 1.25f;
    printf("%ld\n", mix("iid", c, sh, f));
    return 0;
}
