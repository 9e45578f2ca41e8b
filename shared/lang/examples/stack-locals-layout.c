#include <stdio.h>

/* Where gcc -O0 puts each local and parameter relative to the frame, shown as distances. */
void layout(int first, long second, char third) {
    int a = 1;
    char b = 2;
    long c = 3;
    short d = 4;
    char name[5] = "abcd";
    double e = 5.0;
    char *base = (char *)&a;
    printf("b %ld, c %ld, d %ld, name %ld, e %ld from a\n", (long)((char *)&b - base),
           (long)((char *)&c - base), (long)((char *)&d - base), (long)(name - base),
           (long)((char *)&e - base));
    printf("parameters: first %ld, second %ld, third %ld from a\n", (long)((char *)&first - base),
           (long)((char *)&second - base), (long)(&third - base));
    printf("values %d %d %ld %d %s %.1f %d %ld %d\n", a, b, c, d, name, e, first, second, third);
}

int main(void) {
    layout(10, 20, 'x');
    return 0;
}
