#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char *text = "Heap 42, Stack 7!";
    int letters = 0, digits = 0, spaces = 0, upper = 0;
    for (const char *p = text; *p; p++) {
        if (isalpha(*p))
            letters++;
        if (isdigit(*p))
            digits++;
        if (isspace(*p))
            spaces++;
        if (isupper(*p))
            upper++;
    }
    printf("letters %d, digits %d, spaces %d, upper %d\n", letters, digits, spaces, upper);
    char *copy = strdup(text);
    for (char *p = copy; *p; p++)
        *p = (char)toupper(*p);
    printf("%s\n", copy);
    char *comma = strchr(copy, ',');
    printf("comma at index %ld\n", (long)(comma - copy));
    printf("memcmp equal prefix: %d\n", memcmp(copy, "HEAP", 4) == 0);
    printf("strncmp(\"stack\", \"stash\", 3) == 0: %d\n", strncmp("stack", "stash", 3) == 0);
    printf("abs(-5) = %d, labs(-5000000000) = %ld, atol(\"123456789012\") = %ld\n", abs(-5),
           labs(-5000000000L), atol("123456789012"));
    free(copy);
    return 0;
}
