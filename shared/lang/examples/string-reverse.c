#include <stdio.h>
#include <string.h>

void reverse(char *s) {
    char *end = s + strlen(s) - 1;
    while (s < end) {
        char t = *s;
        *s++ = *end;
        *end-- = t;
    }
}

int main(void) {
    char words[3][16] = {"pointer", "stack", "a"};
    for (int i = 0; i < 3; i++) {
        reverse(words[i]);
        printf("%s\n", words[i]);
    }
    char empty[1] = "";
    reverse(empty + 0);
    printf("[%s]\n", empty);
    return 0;
}
