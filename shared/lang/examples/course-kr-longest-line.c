#include <stdio.h>
#define MAXLINE 100
int get_line(char s[], int lim) {
    int c, i;
    for (i = 0; i < lim - 1 && (c = getchar()) != EOF && c != '\n'; ++i) s[i] = c;
    if (c == '\n') { s[i] = c; ++i; }
    s[i] = '\0';
    return i;
}
void copy(char to[], char from[]) { int i = 0; while ((to[i] = from[i]) != '\0') ++i; }
int main() {
    int len, max = 0; char line[MAXLINE], longest[MAXLINE];
    while ((len = get_line(line, MAXLINE)) > 0) if (len > max) { max = len; copy(longest, line); }
    if (max > 0) printf("%d: %s", max, longest);
    return 0;
}
