#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <limits.h>
int main(void) {
    const char *tests[] = { "42", "  -17xyz", "0x1F", "077", "+", "", "9999999999999999999999", "-9223372036854775809", "12abc", "0b101" };
    int bases[] = { 10, 10, 16, 8, 10, 10, 10, 10, 0, 0 };
    for (int i = 0; i < 10; i++) {
        char *end; errno = 0;
        long v = strtol(tests[i], &end, bases[i]);
        printf("%-24s base %2d -> %ld rest=[%s] errno=%d\n", tests[i], bases[i], v, end, errno);
    }
    char *end;
    printf("%ld\n", strtol("0x", &end, 0)); printf("[%s]\n", end);
    printf("%ld %ld\n", strtol("z", NULL, 36), strtol("-0777", NULL, 0));
    printf("%lu\n", strtoul("-1", NULL, 10));
    printf("%llu\n", strtoull("18446744073709551615", NULL, 10));
    printf("%d %d %d\n", atoi("  12 34"), atoi("-2147483648"), atoi("x"));
    printf("%g %g\n", strtod("3.5e2xyz", &end), atof("-.25")); printf("[%s]\n", end);
    printf("%g\n", strtod("inf", NULL));
    printf("%g\n", strtod("0x10", NULL));
    return 0;
}
