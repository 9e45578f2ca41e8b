#include <stdio.h>
#include <string.h>

/* Splits a line on commas by hand, writing '\0' over each separator. */
int split(char *line, char *fields[], int max) {
    int n = 0;
    fields[n++] = line;
    for (char *p = line; *p && n < max; p++) {
        if (*p == ',') {
            *p = '\0';
            fields[n++] = p + 1;
        }
    }
    return n;
}

int main(void) {
    char line[] = "text,rodata,data,bss,heap,,stack";
    char *fields[10];
    int n = split(line, fields, 10);
    for (int i = 0; i < n; i++)
        printf("%d: [%s] starts %ld bytes into the line\n", i, fields[i], (long)(fields[i] - line));
    printf("sizeof line = %zu\n", sizeof line);
    return 0;
}
