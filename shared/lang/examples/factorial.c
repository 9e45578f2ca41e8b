#include <stdio.h>

unsigned long factorial(unsigned int n) {
    if (n <= 1)
        return 1;
    return n * factorial(n - 1);
}

unsigned long factorial_loop(unsigned int n) {
    unsigned long result = 1;
    while (n > 1)
        result *= n--;
    return result;
}

int main(void) {
    for (unsigned int n = 0; n <= 20; n += 4)
        printf("%2u! = %lu\n", n, factorial(n));
    printf("20! again: %lu\n", factorial_loop(20));
    /* 21! does not fit in 64 bits: unsigned arithmetic wraps modulo 2^64 */
    printf("21! mod 2^64 = %lu\n", factorial(21));
    return 0;
}
