#include <stdio.h>

/* No base case: every call pushes another frame until the 8 MiB stack is used up. */
long depth(long n) {
    char local[64];
    local[0] = (char)n;
    return depth(n + 1) + local[0];
}

int main(void) {
    printf("recursing without a base case\n");
    return (int)depth(0);
}
