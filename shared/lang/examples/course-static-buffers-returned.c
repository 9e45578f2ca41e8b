#include <stdio.h>
#include <string.h>

char *itoa_buf(int v) {
    static char buf[16];
    sprintf(buf, "%d", v);
    return buf;
}

const char *next_id(void) {
    static int id = 100;
    static char out[8];
    snprintf(out, sizeof out, "ID%d", id++);
    return out;
}

int main(void) {
    char *a = itoa_buf(1), *b = itoa_buf(2);
    printf("%s %s %d\n", a, b, a == b);
    printf("%s %s\n", next_id(), next_id());
    char s[20];
    strcpy(s, next_id());
    strcat(s, "-");
    strncat(s, next_id(), 3);
    printf("%s\n", s);
    return 0;
}
