#include <stdio.h>

/* Reads standard input to the end: letter histogram, line count, longest line. */
int main(void) {
    int counts[26] = {0};
    int c;
    int lines = 0, length = 0, longest = 0, others = 0;
    while ((c = getchar()) != EOF) {
        if (c == '\n') {
            lines++;
            if (length > longest) longest = length;
            length = 0;
            continue;
        }
        length++;
        if (c >= 'a' && c <= 'z') counts[c - 'a']++;
        else if (c >= 'A' && c <= 'Z') counts[c - 'A']++;
        else others++;
    }
    if (length > longest) longest = length;
    printf("lines %d, longest %d, others %d\n", lines, longest, others);
    for (int i = 0; i < 26; i++)
        if (counts[i] > 0) {
            printf("%c ", 'a' + i);
            for (int k = 0; k < counts[i]; k++) putchar('*');
            putchar('\n');
        }
    printf("getchar at EOF again: %d\n", getchar());
    return 0;
}
