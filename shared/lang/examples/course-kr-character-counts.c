#include <stdio.h>
#include <ctype.h>
int main(void) {
    int c, lines = 0, words = 0, chars = 0, in = 0, digits[10] = {0};
    while ((c = getchar()) != EOF) {
        chars++;
        if (c == '\n') lines++;
        if (isdigit(c)) digits[c - '0']++;
        if (isspace(c)) in = 0; else if (!in) { in = 1; words++; }
    }
    printf("%d %d %d\n", lines, words, chars);
    for (int i = 0; i < 10; i++) printf("%d", digits[i]);
    printf("\n%d\n", c);
    return 0;
}
