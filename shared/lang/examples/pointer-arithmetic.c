#include <stdio.h>

int main(void) {
    int a[5] = {10, 20, 30, 40, 50};
    int *p = a;
    int *q = &a[4];
    printf("*p = %d, *(p + 2) = %d, p[3] = %d, 3[a] = %d\n", *p, *(p + 2), p[3], 3[a]);
    printf("q - p = %ld elements, %ld bytes\n", (long)(q - p), (long)((char *)q - (char *)p));
    printf("p < q: %d, p == a: %d, q == a + 4: %d\n", p < q, p == a, q == a + 4);
    p += 2;
    printf("after p += 2: *p = %d, p[-1] = %d\n", *p, p[-1]);
    int first = *p++;
    printf("*p++ gave %d, then *p = %d\n", first, *p);
    p = a;
    int sum = 0;
    for (int *it = a; it != a + 5; it++)
        sum += *it;
    printf("sum %d\n", sum);
    double d[3] = {1.5, 2.5, 3.5};
    double *dp = d;
    printf("(char *)(dp + 1) - (char *)dp = %ld\n", (long)((char *)(dp + 1) - (char *)dp));
    char *one_past = (char *)(a + 5);
    printf("one past the end is %ld bytes after a\n", (long)(one_past - (char *)a));
    return 0;
}
