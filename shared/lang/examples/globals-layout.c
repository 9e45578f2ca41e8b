#include <stdio.h>

/* Where gcc places globals relative to each other, shown as distances (the same on every run). */
int d1 = 1;
char d2 = 2;
long d3 = 3;
short d4 = 4;
double d5 = 5.0;

int b1;
char b2;
long b3;
short b4;
char b5[10];

const char *s1 = "shared";
const char *s2 = "shared";

long distance(void *from, void *to) { return (char *)to - (char *)from; }

int main(void) {
    printf(".data: d2 %ld, d3 %ld, d4 %ld, d5 %ld from d1\n", distance(&d1, &d2), distance(&d1, &d3),
           distance(&d1, &d4), distance(&d1, &d5));
    printf(".bss:  b2 %ld, b3 %ld, b4 %ld, b5 %ld from b1\n", distance(&b1, &b2), distance(&b1, &b3),
           distance(&b1, &b4), distance(&b1, b5));
    printf("identical string literals share storage: %d\n", s1 == s2);
    printf("values %d %d %ld %d %.1f %d %d %ld %d %d\n", d1, d2, d3, d4, d5, b1, b2, b3, b4, b5[9]);
    return 0;
}
