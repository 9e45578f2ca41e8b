#include <stdio.h>
#include <string.h>

int main(void) {
    const char *pointers[] = {"text", "data", "heap", "stack"}; /* 4 pointers into .rodata */
    char copies[4][6] = {"text", "data", "heap", "stack"};      /* 24 bytes of characters */
    printf("sizeof pointers %zu, sizeof copies %zu\n", sizeof pointers, sizeof copies);
    copies[2][0] = 'H';
    for (int i = 0; i < 4; i++)
        printf("%-6s %-6s %zu\n", pointers[i], copies[i], strlen(pointers[i]));
    const char **p = pointers;
    while (p < pointers + 4) {
        printf("%c", **p);
        p++;
    }
    printf("\n");
    const char *longest = pointers[0];
    for (int i = 1; i < 4; i++)
        if (strlen(pointers[i]) > strlen(longest))
            longest = pointers[i];
    printf("longest: %s\n", longest);
    return 0;
}
