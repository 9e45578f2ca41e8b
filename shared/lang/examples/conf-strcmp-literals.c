/*
 * gcc folds strcmp of two string literals (and memcmp of two with a constant length) even at
 * -O0 and keeps only the sign; calls with a variable reach glibc. Its strcmp answers the
 * difference of the first differing bytes (as unsigned chars); of memcmp only the sign is
 * promised, and glibc's vector code returns other magnitudes depending on where the bytes lie
 * (a run once printed -16515061), so this prints memcmp's sign. strncmp is never folded.
 */
#include <stdio.h>
#include <string.h>
static int sign(int x) { return (x > 0) - (x < 0); }
int main(void) {
    printf("%d %d %d %d\n", strcmp("apple", "cherry"), strcmp("ab", "abc"), strcmp("b", "a"), strcmp("same", "same"));
    printf("%d %d %d\n", memcmp("ab", "az", 2), memcmp("abc", "abd", 3), strncmp("abcd", "abzz", 4));
    printf("%d %d\n", strcmp("\xff", "apple"), memcmp("\xff", "a", 1));
    char buf[8] = "apple";
    printf("%d %d\n", strcmp(buf, "cherry"), sign(memcmp(buf, "cherry", 3)));
    size_t n = 2;
    printf("%d\n", sign(memcmp("ab", "az", n)));
    return 0;
}
