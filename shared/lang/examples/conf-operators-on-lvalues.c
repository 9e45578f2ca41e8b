#include <stdio.h>

struct counter {
    int count;
    double total;
    char name[4];
};

double mixed(int a, double b, long c, double d, char e, double f, int g, double h, long i,
             double j, int k, double l, double m, double n) {
    return a + b + c + d + e + f + g + h + i + j + k + l + m + n;
}

int many(int a, int b, int c, int d, int e, int f, int g, int h, int i, int j) {
    return a - b + c - d + e - f + g - h + i * j;
}

int main(void) {
    int values[] = {10, 20, 30, 40};
    int *p = values;
    int x = *p++;
    printf("%d %d\n", x, *p);
    x = (*p)++;
    printf("%d %d\n", x, values[1]);
    x = ++*p;
    printf("%d %d\n", x, values[1]);
    x = *++p;
    printf("%d %ld\n", x, (long)(p - values));
    printf("%d %d\n", p[-1], p[-2]);
    struct counter counters[3] = {{1, 0.5, "a"}, {2, 1.5, "b"}, {3, 2.5, "c"}};
    struct counter *c = counters;
    c->count++;
    ++c->count;
    printf("%d\n", counters[0].count);
    x = (++c)->count;
    printf("%d %s\n", x, c->name);
    c++->total += 10;
    printf("%.1f %d\n", counters[1].total, c->count);
    double d = 1.5;
    d++;
    --d;
    d *= 2;
    d += d;
    printf("%.2f\n", d);
    char ch;
    int i = ch = 300;
    printf("%d %d\n", i, ch);
    int a, b, e;
    a = b = e = 7;
    a += b -= e *= 2;
    printf("%d %d %d\n", a, b, e);
    int *q = NULL;
    printf("%d %d %d\n", !q, q == 0, p != 0);
    double zero = 0.0;
    printf("%d %d %d\n", zero && 1, !zero, 0.1 || 0);
    int ***ppp;
    int **pp = &p;
    ppp = &pp;
    ***ppp = 99;
    printf("%d\n", values[2]);
    printf("%.2f\n", mixed(1, 0.5, 2, 0.25, 3, 0.125, 4, 1.0 / 16, 5, 1.0 / 32, 6, 1.0 / 64,
                           1.0 / 128, 1.0 / 256));
    printf("%d\n", many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    printf("%d %d %d %d\n", -7 / 3, -7 % 3, 7 / -3, 7 % -3);
    printf("%u %u\n", -7u / 3, -7u % 3);
    printf("%ld %ld\n", -7L / 2, -7L % 2);
    return 0;
}
