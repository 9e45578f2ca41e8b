#include <stdio.h>

int main(void) {
    int i = 5;
    int a = i++;
    int b = ++i;
    int c = i--;
    int d = --i;
    printf("a %d, b %d, c %d, d %d, i %d\n", a, b, c, d, i);
    char text[] = "abc";
    char *p = text;
    char first = *p++;
    char second = *p;
    (*p)++;
    printf("first %c, second %c, text %s\n", first, second, text);
    unsigned char wrap = 255;
    wrap++;
    printf("255 + 1 in an unsigned char: %d\n", wrap);
    double x = 1.5;
    x++;
    printf("x = %.1f\n", x);
    long values[4] = {10, 20, 30, 40};
    long *q = values + 3;
    long last = *q--;
    printf("last %ld, now at %ld, index %ld\n", last, *q, (long)(q - values));
    int n = 0;
    for (int k = 10; k > 0; k -= 3)
        n++;
    printf("n = %d\n", n);
    return 0;
}
