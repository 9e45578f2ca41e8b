#include <stdio.h>
#include <string.h>

int main(void) {
    char buffer[32];
    strcpy(buffer, "stack");
    strcat(buffer, " and ");
    strcat(buffer, "heap");
    printf("\"%s\" has length %zu in a buffer of %zu bytes\n", buffer, strlen(buffer),
           sizeof buffer);
    printf("strcmp(\"apple\", \"apricot\") < 0: %d\n", strcmp("apple", "apricot") < 0);
    printf("strcmp(\"b\", \"a\") > 0: %d\n", strcmp("b", "a") > 0);
    printf("strcmp(\"same\", \"same\") == 0: %d\n", strcmp("same", "same") == 0);
    printf("strlen(\"\") = %zu, sizeof(\"abc\") = %zu\n", strlen(""), sizeof("abc"));
    char copy[8];
    strncpy(copy, "abcdefghij", 7);
    copy[7] = '\0';
    printf("strncpy kept \"%s\"\n", copy);
    return 0;
}
