#include <stdio.h>
#include <stdlib.h>

/*
 * glibc's atoi and atol are strtol: text beyond the range of long saturates at LONG_MAX or
 * LONG_MIN, and atoi keeps the low 32 bits of that (LONG_MAX -> -1, LONG_MIN -> 0).
 */
int main(void) {
    printf("%d %d\n", atoi("99999999999999999999"), atoi("-99999999999999999999"));
    printf("%ld %ld\n", atol("123456789012345678901"), atol("9223372036854775808"));
    printf("%ld %ld\n", atol("-9223372036854775809"), atol("-9223372036854775808"));
    printf("%d %d\n", atoi("99999999999"), atoi("  -4294967297x"));
    return 0;
}
