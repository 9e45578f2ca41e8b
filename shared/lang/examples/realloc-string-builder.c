#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *append(char *s, const char *more) {
    size_t old = s ? strlen(s) : 0;
    char *grown = realloc(s, old + strlen(more) + 1);
    strcpy(grown + old, more);
    return grown;
}

int main(void) {
    char *s = NULL;
    const char *parts[] = {"text", " < ", "data", " < ", "bss", " < ", "heap", " ... ", "stack"};
    for (int i = 0; i < 9; i++)
        s = append(s, parts[i]);
    printf("%s\n%zu characters\n", s, strlen(s));
    free(s);
    char *nothing = realloc(NULL, 0);
    free(nothing);
    return 0;
}
