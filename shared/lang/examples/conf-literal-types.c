#include <stdio.h>

int main(void) {
    printf("%zu %zu %zu %zu\n", sizeof(2147483647), sizeof(2147483648), sizeof(0x7FFFFFFF),
           sizeof(0x80000000));
    printf("%zu %zu %zu %zu\n", sizeof(4294967295), sizeof(0xFFFFFFFF), sizeof(4294967296),
           sizeof(0x100000000));
    printf("%zu %zu %zu %zu\n", sizeof(1u), sizeof(1l), sizeof(1ul), sizeof(1LL));
    printf("%zu %zu %zu\n", sizeof(017777777777), sizeof(020000000000), sizeof(-2147483648));
    printf("%d\n", -2147483648 < 0);
    printf("%d\n", 0x80000000 < 0);
    printf("%d\n", -0x80000000 > 0);
    printf("%ld\n", -2147483648);
    printf("%u\n", -0x80000000);
    printf("%d %d %d\n", 010, 0x10, 10);
    printf("%ld\n", 0x7fffffffffffffff);
    printf("%lu\n", 0x8000000000000000);
    printf("%lu\n", 18446744073709551615u);
    printf("%zu %zu %zu\n", sizeof('x'), sizeof((char)'x'), sizeof("xyz"));
    printf("%d %d %d %d\n", '\0', '\x41', '\101', '\'');
    printf("%d %d %d\n", '\n', '\t', '\\');
    printf("%d %d\n", '\377', '\xff');
    printf("%d %d %d %d\n", '\a', '\b', '\f', '\v');
    printf("%d %d\n", '\r', '\?');
    printf("%zu\n", sizeof(1 ? 1 : 2L));
    printf("%zu %zu\n", sizeof(char) * 3, sizeof(short) + sizeof(double));
    return 0;
}
