#include <stdio.h>

int calls = 0;

int fib(int n) {
    calls++;
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

long fib_loop(int n) {
    long a = 0, b = 1;
    for (int i = 0; i < n; i++) {
        long t = a + b;
        a = b;
        b = t;
    }
    return a;
}

int main(void) {
    /* fib(15) is called first: the order in which arguments are evaluated is unspecified */
    int f = fib(15);
    printf("fib(15) = %d after %d calls\n", f, calls);
    printf("fib(90) = %ld\n", fib_loop(90));
    return 0;
}
