/* Reading lines of any length with getline: the C library mallocs the line and reallocs it
   when a longer line comes, so the program must free it once at the end (without that free,
   valgrind reports the line's block as definitely lost). getdelim splits at another byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    int number = 0;
    size_t longest = 0;
    while ((length = getline(&line, &capacity, stdin)) != -1) {
        number++;
        if (length > 0 && line[length - 1] == '\n') line[--length] = '\0';
        if (strcmp(line, "--") == 0) break;
        int words = 0;
        for (char *w = strtok(line, " \t"); w != NULL; w = strtok(NULL, " \t")) words++;
        if ((size_t)length > longest) longest = length;
        printf("line %d: %zd bytes, %d words\n", number, length, words);
    }
    /* How far the buffer grew depends on how stdin is buffered (stdin.test.ts). */
    printf("longest %zu, buffer at least %d\n", longest, capacity >= longest + 1);
    /* The rest of the input: fields separated by commas. */
    while ((length = getdelim(&line, &capacity, ',', stdin)) != -1)
        printf("field [%.*s]\n", (int)(line[length - 1] == ',' ? length - 1 : length), line);
    free(line);
    char *none = NULL;
    size_t zero = 0;
    printf("at the end: %zd\n", getline(&none, &zero, stdin));
    free(none);
    return 0;
}
