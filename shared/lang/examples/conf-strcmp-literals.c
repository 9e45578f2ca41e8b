/*
 * gcc folds strcmp of two string literals (and memcmp of two with a constant length) even at
 * -O0 and keeps only the sign; calls with a variable reach glibc, which answers the difference
 * of the first differing bytes (as unsigned chars). strncmp is never folded.
 */
#include <stdio.h>
#include <string.h>
int main(void) {
    printf("%d %d %d %d\n", strcmp("apple", "cherry"), strcmp("ab", "abc"), strcmp("b", "a"), strcmp("same", "same"));
    printf("%d %d %d\n", memcmp("ab", "az", 2), memcmp("abc", "abd", 3), strncmp("abcd", "abzz", 4));
    printf("%d %d\n", strcmp("\xff", "apple"), memcmp("\xff", "a", 1));
    char buf[8] = "apple";
    printf("%d %d\n", strcmp(buf, "cherry"), memcmp(buf, "cherry", 3));
    size_t n = 2;
    printf("%d\n", memcmp("ab", "az", n));
    return 0;
}
