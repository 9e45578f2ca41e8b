#include <stdio.h>
#include <string.h>
#include <ctype.h>
#include <stdlib.h>
char *my_strdup(const char *s) { size_t n = strlen(s) + 1; char *d = malloc(n); return d ? memcpy(d, s, n) : NULL; }
void trim(char *s) { char *e = s + strlen(s); while (e > s && isspace((unsigned char)e[-1])) *--e = 0; char *b = s; while (isspace((unsigned char)*b)) b++; memmove(s, b, e - b + 1); }
int count(const char *s, const char *sub) { int n = 0; for (const char *p = s; (p = strstr(p, sub)); p++) n++; return n; }
int main(void) {
    char *d = my_strdup("copy me"); printf("%s\n", d); free(d);
    char t[] = "   padded text \t\n"; trim(t); printf("[%s]\n", t);
    printf("%d %d\n", count("abababa", "aba"), count("aaaa", "aa"));
    char buf[64]; int n = sprintf(buf, "%s-%05.1f-%x", "id", 3.14159, 48879); printf("%s %d\n", buf, n);
    n = snprintf(buf, 8, "%d-%d-%d", 1234, 5678, 9); printf("%s %d\n", buf, n);
    n = snprintf(NULL, 0, "%ld", 1234567890123L); printf("%d\n", n);
    char *nd = strndup("abcdef", 3); printf("%s\n", nd); free(nd);
    printf("%s\n", strerror(2));
    char path[] = "/usr/local/bin"; char *last = strrchr(path, '/'); printf("%s %td\n", last + 1, last - path);
    printf("%d\n", toupper('q') + tolower('Q') - 'q' - 'Q');
    return 0;
}
