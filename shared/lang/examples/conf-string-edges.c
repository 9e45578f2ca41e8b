#include <stdio.h>
#include <string.h>

int main(void) {
    char buf[16];
    printf("empty len %zu\n", strlen(""));
    strcpy(buf, "");
    printf("copied empty: [%s] %zu\n", buf, strlen(buf));
    strcat(buf, "ab");
    strcat(buf, "");
    strcat(buf, "cd");
    printf("cat: [%s]\n", buf);
    char n[8];
    memset(n, 'x', sizeof n);
    strncpy(n, "hi", 5);
    printf("strncpy pads: %d %d %d %d %c\n", n[2], n[3], n[4], n[2] == 0, n[5]);
    char m[4];
    strncpy(m, "abcdef", 4);
    printf("no terminator when truncated: %c%c%c%c\n", m[0], m[1], m[2], m[3]);
    printf("cmp: %d %d %d\n", strcmp("abc", "abc") == 0, strcmp("abc", "abd") < 0,
           strcmp("b", "abc") > 0);
    printf("prefix: %d %d\n", strcmp("ab", "abc") < 0, strcmp("abc", "ab") > 0);
    printf("high bytes unsigned: %d\n", strcmp("\xff", "a") > 0);
    printf("empty vs any: %d\n", strcmp("", "a") < 0);
    char s[] = "hello";
    printf("sizeof s %zu strlen s %zu\n", sizeof s, strlen(s));
    s[2] = '\0';
    printf("after cut: [%s] %zu, sizeof still %zu\n", s, strlen(s), sizeof s);
    printf("%s\n", s + 3);
    const char *lit = "embedded\0zero";
    printf("[%s] %zu %zu\n", lit, strlen(lit), sizeof "embedded\0zero");
    char dst[10] = "abc";
    memcpy(dst + 3, "defg", 5);
    printf("%s\n", dst);
    memmove(dst + 1, dst, 4);
    printf("%s\n", dst);
    return 0;
}
