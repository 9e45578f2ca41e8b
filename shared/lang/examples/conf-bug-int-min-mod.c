#include <stdio.h>

int main(void) {
    long values[] = {-9223372036854775807L - 1, -1};
    printf("%ld\n", values[0] % 3);
    /* LONG_MIN % -1 is computed by the same idiv instruction, which traps. */
    printf("%ld\n", values[0] % values[1]);
    return 0;
}
