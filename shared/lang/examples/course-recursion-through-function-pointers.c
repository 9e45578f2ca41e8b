#include <stdio.h>

typedef long (*op_t)(long);
long fact(long n);
long fib(long n);
static op_t table[2] = {fact, fib};

long fact(long n) { return n <= 1 ? 1 : n * table[0](n - 1); }
long fib(long n) { op_t self = fib; return n < 2 ? n : self(n - 1) + (*self)(n - 2); }

int even(int n);
int odd(int n) { int (*e)(int) = even; return n == 0 ? 0 : e(n - 1); }
int even(int n) { return n == 0 ? 1 : odd(n - 1); }

int apply_n(int (*f)(int), int n, int x) { return n == 0 ? x : apply_n(f, n - 1, f(x)); }
int twice(int x) { return 2 * x; }

int main(void) {
    printf("%ld %ld\n", table[0](10), table[1](20));
    printf("%d %d\n", even(10), odd(7));
    printf("%d\n", apply_n(twice, 10, 1));
    int (*ops[])(int) = { twice, even, odd };
    for (int i = 0; i < 3; i++) printf("%d ", ops[i](4));
    printf("\n");
    printf("%d\n", (*ops[0])(21));
    return 0;
}
