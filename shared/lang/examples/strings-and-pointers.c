/* A word splitter with a static cursor, array vs pointer to a literal, snprintf into a small
 * buffer. */
#include <stdio.h>
#include <string.h>
#include <ctype.h>
char *my_strtok_words(char *s) { static char *p; if (s) p = s; while (*p && isspace((unsigned char)*p)) p++; if (!*p) return NULL; char *start = p; while (*p && !isspace((unsigned char)*p)) p++; if (*p) *p++ = '\0'; return start; }
int main(void) {
    char text[] = "  the quick  brown fox ";
    for (char *w = my_strtok_words(text); w; w = my_strtok_words(NULL)) printf("[%s]", w);
    printf("\n");
    char a[] = "hello", *pa = "hello";
    printf("%zu %zu %zu %d\n", sizeof a, sizeof pa, strlen(pa), a == pa);
    char buf[16]; snprintf(buf, sizeof buf, "%s-%05.1f|%-4d|", "x", 3.14159, 42);
    printf("%s\n", buf);
    const char *s = "abc"; printf("%c %c %d\n", *s, s[2], *(s + 3));
    return 0;
}
