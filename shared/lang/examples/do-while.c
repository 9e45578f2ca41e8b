#include <stdio.h>

int digits(unsigned long n) {
    int count = 0;
    do {
        count++;
        n /= 10;
    } while (n != 0);
    return count;
}

int main(void) {
    printf("digits(0) = %d, digits(7) = %d, digits(1000) = %d, digits(18446744073709551615) = %d\n",
           digits(0), digits(7), digits(1000), digits(18446744073709551615UL));
    int i = 10;
    do {
        printf("runs once even though i = %d\n", i);
    } while (i < 5);
    int power = 1;
    do
        power *= 2;
    while (power < 1000);
    printf("first power of two >= 1000: %d\n", power);
    return 0;
}
