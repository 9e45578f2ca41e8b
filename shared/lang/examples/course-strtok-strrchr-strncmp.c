#include <stdio.h>
#include <string.h>

int main(void) {
    char path[] = "/usr/local/lib/libfoo.so.1";
    char *base = strrchr(path, '/');
    printf("base=%s dir-len=%ld\n", base + 1, (long)(base - path));
    char *dot = strrchr(path, '.');
    printf("ext=%s\n", dot);
    printf("none=%p\n", (void *)strrchr(path, 'z'));
    printf("nul=%d\n", strrchr(path, '\0') == path + strlen(path));
    char line[] = "  alpha, beta,,gamma ;delta  ";
    int n = 0;
    for (char *t = strtok(line, " ,;"); t; t = strtok(NULL, " ,;"))
        printf("%d:[%s]\n", n++, t);
    printf("%d %d %d\n", strncmp("abcdef", "abcxyz", 3), strncmp("abc", "abd", 3) < 0, strncmp("a", "b", 0));
    char csv[] = "1,2,,3";
    char *p = csv, *tok;
    while ((tok = strtok(p, ",")) != NULL) { p = NULL; printf("<%s>", tok); }
    printf("\n");
    return 0;
}
