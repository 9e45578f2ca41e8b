/* glibc's srand keeps the seed as a signed 32-bit word: seeds of 2^31 and more go negative and
   the generator divides them with C's truncation. And puts answers how many bytes it wrote. */
#include <stdio.h>
#include <stdlib.h>
int main(void) {
    srand(3000000000u);
    printf("%d\n", rand());
    srand(4294967295u);
    int a = rand(), b = rand(), c = rand();
    printf("%d %d %d\n", a, b, c);
    srand(2147483648u);
    printf("%d\n", rand());
    int n = puts("memory");
    printf("%d\n", n);
    n = puts("");
    printf("%d\n", n);
    return 0;
}
