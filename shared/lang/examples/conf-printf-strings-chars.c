#include <stdio.h>

int main(void) {
    printf("[%s] [%10s] [%-10s|] [%.2s] [%10.2s] [%-10.2s|] [%.0s]\n", "memory", "memory",
           "memory", "memory", "memory", "memory", "memory");
    printf("[%s] [%5s] [%.10s]\n", "", "", "short");
    printf("[%c] [%3c] [%-3c|] [%c]\n", 'a', 'b', 'c', 65);
    printf("[%c%c%c]\n", 'x', '\t', 'y');
    printf("[%*s] [%-*s|] [%.*s]\n", 6, "ab", 6, "ab", 3, "abcdef");
    printf("%%d prints an int, %%%% prints %%\n");
    printf("%s and %s\n", "first", "second");
    int printed = printf("%s-%d\n", "count", 12345);
    printf("printf returned %d\n", printed);
    printed = printf("");
    printf("empty returned %d\n", printed);
    char letters[] = {'o', 'k', '\0', 'x'};
    printf("[%s]\n", letters);
    return 0;
}
