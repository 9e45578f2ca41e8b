#include <stdio.h>
#include <string.h>
#include <stdlib.h>
int main(void) {
    char buf[32] = "hello";
    printf("%zu %zu\n", strlen(""), strlen(buf));
    printf("[%s]\n", strchr(buf, 'l'));
    printf("[%s]\n", strrchr(buf, 'l'));
    printf("%p\n", (void *)strchr(buf, 'z'));
    printf("%d\n", strchr(buf, '\0') == buf + 5);
    printf("[%s] [%s]\n", strstr("haystack", "st"), strstr("abc", ""));
    printf("%p\n", (void *)strstr("abc", "abcd"));
    char *d = strdup("duplicate"); d[0] = 'D'; printf("%s %zu\n", d, strlen(d)); free(d);
    printf("%d %d %d\n", strcmp("a", "b") < 0, strcmp("abc", "ab") > 0, strcmp("", ""));
    printf("%d %d\n", strncmp("abcd", "abcz", 3), memcmp("ab\0c", "ab\0d", 4) < 0);
    char o[16] = "abcdefgh"; memmove(o + 2, o, 6); printf("%s\n", o);
    char o2[16] = "abcdefgh"; memmove(o2, o2 + 3, 6); printf("%s\n", o2);
    char t[8]; strncpy(t, "hi", 8); printf("%d %d %d\n", t[2], t[5], t[7]);
    char u[4]; strncpy(u, "toolong", 4); printf("%.4s\n", u);
    char cat[20] = "ab"; strcat(cat, "cd"); strncat(cat, "efghij", 3); printf("%s\n", cat);
    printf("%zu %zu\n", strspn("aabbc", "ab"), strcspn("hello, world", ", "));
    printf("[%s]\n", strpbrk("hello world", "ow"));
    char s[] = "a,b,,c"; for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) printf("<%s>", tok);
    printf("\n");
    char m[10]; memset(m, 'x', sizeof m - 1); m[9] = 0; printf("%s\n", m);
    printf("%s\n", (char *)memchr("find me", 'm', 7));
    return 0;
}
