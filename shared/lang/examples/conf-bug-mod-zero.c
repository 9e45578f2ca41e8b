#include <stdio.h>

int main(void) {
    unsigned int n = 10;
    unsigned int zero = 0;
    for (unsigned int d = 3; ; d--) printf("10 %% %u = %u\n", d, n % (d == 0 ? zero : d));
    return 0;
}
