#include <stdio.h>

int divide(int a, int b) { return a / b; }

int main(void) {
    int int_min = -2147483647 - 1;
    printf("%d\n", divide(7, -1));
    printf("%d\n", divide(int_min, 1));
    /* The quotient 2147483648 does not fit in an int: x86's idiv traps with SIGFPE. */
    printf("%d\n", divide(int_min, -1));
    printf("not reached\n");
    return 0;
}
