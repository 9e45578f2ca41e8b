#include <stdio.h>
/* K&R (2nd ed.) style: main() without a type, prototypes before use, functions after main */
#define IN 1
#define OUT 0
int htoi(char s[]);
void squeeze(char s[], int c);
int any(char s1[], char s2[]);
main()
{
    char s[] = "hello, world";
    printf("%d %d %d\n", htoi("0x1F"), htoi("ff"), htoi("7fffffff"));
    squeeze(s, 'l');
    printf("%s %d %d\n", s, any(s, "wxyz"), any(s, "qz"));
    int state = OUT, nw = 0;
    for (char *p = "  count these   four words "; *p; p++)
        if (*p == ' ') state = OUT;
        else if (state == OUT) { state = IN; ++nw; }
    printf("%d\n", nw);
    return 0;
}
int htoi(char s[])
{
    int i = 0, n = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) i = 2;
    for (; s[i] != '\0'; ++i) {
        int c = s[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else break;
        n = 16 * n + d;
    }
    return n;
}
void squeeze(char s[], int c)
{
    int i, j;
    for (i = j = 0; s[i] != '\0'; i++) if (s[i] != c) s[j++] = s[i];
    s[j] = '\0';
}
int any(char s1[], char s2[])
{
    for (int i = 0; s1[i]; i++) for (int j = 0; s2[j]; j++) if (s1[i] == s2[j]) return i;
    return -1;
}
