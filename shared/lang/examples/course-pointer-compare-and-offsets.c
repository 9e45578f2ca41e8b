#include <stdio.h>
#include <stdint.h>
#include <stddef.h>
int ga[4], gb[4];
int main(void) {
    int a[8]; int *p = &a[2], *q = &a[7];
    printf("%td %td %d %d\n", q - p, p - q, p < q, p + 5 == q);
    ptrdiff_t d = &a[8] - &a[0]; printf("%td\n", d);
    printf("%d\n", &ga[0] < &gb[0] || &ga[0] > &gb[0]);
    printf("%ld\n", (long)((intptr_t)&gb[0] - (intptr_t)&ga[0]));
    double dd[4]; printf("%td %ld\n", &dd[3] - &dd[0], (long)((char *)&dd[3] - (char *)&dd[0]));
    char *c1 = (char *)a; int *back = (int *)(c1 + 8); printf("%d\n", back == &a[2]);
    uintptr_t u = (uintptr_t)p; u += sizeof(int); printf("%d\n", (int *)u == &a[3]);
    void *v = a; printf("%d\n", (char *)v + 4 == (char *)&a[1]);
    int x, y; printf("%d\n", &x != &y);
    printf("%td\n", (char *)&y - (char *)&x);
    struct s { char c; double d; int i; } st;
    printf("%td %td\n", (char *)&st.d - (char *)&st, (char *)&st.i - (char *)&st);
    printf("%zu %zu\n", offsetof(struct s, d), offsetof(struct s, i));
    return 0;
}
