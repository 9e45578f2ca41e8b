#include <stdio.h>

int main(void) {
    const char *text = "  the heap grows up,\tthe stack\ngrows down  ";
    int words = 0, lines = 0, chars = 0;
    int in_word = 0;
    for (const char *p = text; *p; p++) {
        chars++;
        if (*p == '\n')
            lines++;
        if (*p == ' ' || *p == '\t' || *p == '\n') {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    printf("%d lines, %d words, %d characters\n", lines, words, chars);
    return 0;
}
