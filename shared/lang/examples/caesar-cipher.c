#include <stdio.h>

void shift(char *s, int key) {
    for (; *s; s++) {
        if (*s >= 'a' && *s <= 'z')
            *s = (char)('a' + (*s - 'a' + key + 26) % 26);
        else if (*s >= 'A' && *s <= 'Z')
            *s = (char)('A' + (*s - 'A' + key + 26) % 26);
    }
}

int main(void) {
    char text[] = "Meet me at the Heap, 10 o'clock!";
    shift(text, 3);
    printf("%s\n", text);
    shift(text, -3);
    printf("%s\n", text);
    return 0;
}
