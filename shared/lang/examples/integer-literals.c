#include <stdio.h>

int main(void) {
    printf("%d %d %d\n", 255, 0xff, 0377);
    printf("%u %lu %ld %llu\n", 4000000000U, 0xFFFFFFFFFFFFFFFFUL, 0x7fffffffffffffffL, 01777777777777777777777ULL);
    printf("sizeof: 1 %zu, 1U %zu, 1L %zu, 1UL %zu, 1LL %zu, 1ULL %zu\n", sizeof(1), sizeof(1U),
           sizeof(1L), sizeof(1UL), sizeof(1LL), sizeof(1ULL));
    /* an unsuffixed decimal that does not fit in int is a long; a hex one may be unsigned int */
    printf("sizeof 2147483648 = %zu, sizeof 0x80000000 = %zu\n", sizeof(2147483648), sizeof(0x80000000));
    printf("0x80000000 > 0 is %d, -0x80000000 = %u\n", 0x80000000 > 0, -0x80000000);
    printf("-2147483648 as long: %ld\n", -2147483648);
    printf("'A' = %d, '\\n' = %d, '0' + 7 = %c\n", 'A', '\n', '0' + 7);
    printf("%.1f %.1f %.3f\n", 1.5e3, 25e-1, .125);
    return 0;
}
