#include <stdio.h>
#include <string.h>

#define LIMIT 100

char composite[LIMIT + 1]; /* in .bss: all zero to start */

int main(void) {
    for (int i = 2; i * i <= LIMIT; i++)
        if (!composite[i])
            for (int j = i * i; j <= LIMIT; j += i)
                composite[j] = 1;
    int count = 0;
    for (int i = 2; i <= LIMIT; i++)
        if (!composite[i]) {
            printf("%d%c", i, ++count % 10 == 0 ? '\n' : ' ');
        }
    printf("\n%d primes below %d\n", count, LIMIT);
    return 0;
}
