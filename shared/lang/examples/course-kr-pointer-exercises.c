#include <stdio.h>
#include <string.h>
#include <stdlib.h>

void reverse(char *s) { char *t = s + strlen(s) - 1; while (s < t) { char c = *s; *s++ = *t; *t-- = c; } }
int strend(const char *s, const char *t) { size_t n = strlen(s), m = strlen(t); return m <= n && strcmp(s + n - m, t) == 0; }
char *strncpy2(char *s, const char *t, int n) { char *r = s; while (n-- > 0 && (*s++ = *t++)) ; while (n-- > 0) *s++ = 0; return r; }
void itoa2(int n, char s[]) { int i = 0; unsigned u = n < 0 ? -(unsigned)n : (unsigned)n; do s[i++] = u % 10 + '0'; while ((u /= 10) > 0); if (n < 0) s[i++] = '-'; s[i] = 0; reverse(s); }
int atoi2(const char *s) { int n = 0, sign = 1; while (*s == ' ') s++; if (*s == '-' || *s == '+') sign = (*s++ == '-') ? -1 : 1; while (*s >= '0' && *s <= '9') n = 10 * n + (*s++ - '0'); return sign * n; }

int main(void) {
    char buf[32] = "hello, world";
    reverse(buf); printf("%s\n", buf);
    printf("%d %d\n", strend("filename.c", ".c"), strend("c", "abc"));
    char d[10]; memset(d, 'x', 10); strncpy2(d, "abc", 6);
    for (int i = 0; i < 10; i++) printf("%02x", (unsigned char)d[i]); printf("\n");
    char num[16]; itoa2(-2147483647 - 1, num); printf("%s\n", num); itoa2(0, num); printf("%s\n", num);
    printf("%d %d %d\n", atoi2("  -1234xyz"), atoi2("+77"), atoi2("x"));
    char *words[] = {"one", "two", "three"};
    char **pw = words;
    printf("%s %c %c\n", *++pw, **pw, *(*pw + 1));
    char matrix[3][6] = {"ab", "cde", "fghij"};
    char (*row)[6] = matrix;
    printf("%s %s %zu %zu\n", row[1], *(row + 2), sizeof matrix, sizeof *row);
    char *dup = strdup("dynamic");
    dup[0] = 'D'; printf("%s %zu\n", dup, strlen(dup)); free(dup);
    return 0;
}
