#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *upper_copy(const char *s) {
    size_t n = strlen(s);
    char *copy = malloc(n + 1);
    for (size_t i = 0; i <= n; i++)
        copy[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) : s[i];
    return copy;
}

int main(void) {
    char *shout = upper_copy("free what you malloc!");
    printf("%s (%zu chars)\n", shout, strlen(shout));
    free(shout);
    return 0;
}
