#include <stdio.h>

/* Prototypes: each function is declared before the other one calls it. */
int is_even(unsigned int n);
int is_odd(unsigned int n);
static int helper_calls;

int is_even(unsigned int n) {
    helper_calls++;
    return n == 0 ? 1 : is_odd(n - 1);
}

int is_odd(unsigned int n) {
    helper_calls++;
    return n == 0 ? 0 : is_even(n - 1);
}

static int square(int x) { return x * x; }

int main(void) {
    printf("is_even(10) = %d, is_odd(7) = %d, is_even(7) = %d\n", is_even(10), is_odd(7), is_even(7));
    printf("%d calls\n", helper_calls);
    printf("square(12) = %d\n", square(12));
    return 0;
}
