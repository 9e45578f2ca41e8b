#include <stdio.h>

int calls = 0;

int noisy(int value) {
    calls++;
    printf("noisy(%d) ", value);
    return value;
}

int main(void) {
    int r = noisy(0) && noisy(1);
    printf("-> %d, calls %d\n", r, calls);
    r = noisy(2) || noisy(3);
    printf("-> %d, calls %d\n", r, calls);
    r = noisy(0) || noisy(0) || noisy(4);
    printf("-> %d, calls %d\n", r, calls);
    r = noisy(1) && noisy(0) && noisy(5);
    printf("-> %d, calls %d\n", r, calls);
    int i = 0;
    int *p = NULL;
    if (p != NULL && *p == 3) printf("never\n");
    else printf("guarded NULL\n");
    r = (i++, i++, i);
    printf("comma: r=%d i=%d\n", r, i);
    int a, b;
    for (a = 0, b = 10; a < b; a += 3, b -= 2) printf("(%d,%d) ", a, b);
    printf("\n");
    int x = 5;
    int y = x > 3 ? noisy(10) : noisy(20);
    printf("-> ternary %d\n", y);
    int z = (x = 2, x * 3);
    printf("z=%d x=%d\n", z, x);
    printf("%d %d %d\n", !5, !0, !!-3);
    printf("%d %d\n", 5 && 3, 0 || -1);
    int j = 0;
    if (j++ || j++) printf("j after || = %d\n", j);
    int k = 0;
    if (++k && k++ && k > 5) printf("no\n");
    printf("k=%d\n", k);
    int nested = 1 ? 2 ? 3 : 4 : 5;
    printf("nested ternary %d\n", nested);
    return 0;
}
