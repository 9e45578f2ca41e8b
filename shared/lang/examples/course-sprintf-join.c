#include <stdio.h>
#include <string.h>
#include <stdlib.h>

char *join(const char **parts, int n, const char *sep) {
    size_t len = 1;
    for (int i = 0; i < n; i++) len += strlen(parts[i]) + (i ? strlen(sep) : 0);
    char *out = malloc(len), *p = out;
    for (int i = 0; i < n; i++) p += sprintf(p, "%s%s", i ? sep : "", parts[i]);
    return out;
}

int main(void) {
    char buf[64];
    int n = sprintf(buf, "%d-%05.1f-%s-%c", 42, 3.14159, "xy", 'z');
    printf("%d [%s]\n", n, buf);
    n = snprintf(buf, 8, "%s", "truncated text");
    printf("%d [%s]\n", n, buf);
    n = snprintf(NULL, 0, "%ld", 1234567890123L);
    printf("%d\n", n);
    const char *parts[] = {"usr", "local", "bin"};
    char *j = join(parts, 3, "/");
    printf("%s %zu\n", j, strlen(j));
    free(j);
    char hex[3 * 4 + 1] = "";
    unsigned char bytes[] = {0xde, 0xad, 0xbe, 0xef};
    for (int i = 0; i < 4; i++) sprintf(hex + 3 * i, "%02X ", bytes[i]);
    printf("[%s]\n", hex);
    return 0;
}
