#include <ctype.h>
#include <stdio.h>

/* Reads standard input character by character and prints the length of every word. */
int main(void) {
    int c, length = 0, words = 0, longest = 0;
    while ((c = getchar()) != EOF) {
        if (isalpha(c)) {
            length++;
        } else if (length > 0) {
            printf("%d ", length);
            words++;
            if (length > longest)
                longest = length;
            length = 0;
        }
    }
    if (length > 0) {
        printf("%d ", length);
        words++;
        if (length > longest)
            longest = length;
    }
    printf("\n%d words, the longest has %d letters\n", words, longest);
    return 0;
}
