#include <stdio.h>

/* 100,000 calls deep: each frame is small, so 8 MiB of stack is enough. */
long sum_to(long n) {
    if (n == 0)
        return 0;
    return n + sum_to(n - 1);
}

int main(void) {
    printf("sum_to(100000) = %ld\n", sum_to(100000));
    return 0;
}
