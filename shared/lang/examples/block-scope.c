#include <stdio.h>

int x = 1; /* a global */

int main(void) {
    printf("global x = %d\n", x);
    int x = 2; /* hides the global inside main */
    printf("main's x = %d\n", x);
    {
        int x = 3; /* hides main's x inside this block */
        printf("inner x = %d\n", x);
        x++;
    }
    printf("main's x again = %d\n", x);
    for (int x = 10; x < 12; x++)
        printf("loop x = %d\n", x);
    int *a, b, c[3]; /* only a is a pointer */
    a = &b;
    b = 5;
    c[0] = *a;
    printf("sizeof a %zu, sizeof b %zu, sizeof c %zu, c[0] %d\n", sizeof a, sizeof b, sizeof c, c[0]);
    return 0;
}
