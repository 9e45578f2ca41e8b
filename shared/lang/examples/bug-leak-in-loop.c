#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *greet(const char *name) {
    char *s = malloc(strlen(name) + 7);
    strcpy(s, "Hello ");
    strcat(s, name);
    return s;
}

int main(void) {
    const char *names[] = {"Ada", "Linus", "Grace"};
    for (int i = 0; i < 3; i++)
        printf("%s\n", greet(names[i])); /* each greeting is never freed */
    return 0;
}
