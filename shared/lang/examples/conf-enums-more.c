#include <stdio.h>

enum color { RED, GREEN = 5, BLUE, ALPHA = -2, BETA };
enum flags { READ = 1 << 0, WRITE = 1 << 1, EXEC = 1 << 2, ALL = READ | WRITE | EXEC };
typedef enum { SMALL = 'S', LARGE = 'L' } size_code;

const char *name(enum color c) {
    switch (c) {
    case RED:
        return "red";
    case GREEN:
        return "green";
    case BLUE:
        return "blue";
    default:
        return "other";
    }
}

int main(void) {
    printf("%d %d %d %d %d\n", RED, GREEN, BLUE, ALPHA, BETA);
    printf("%d %d %d %d\n", READ, WRITE, EXEC, ALL);
    printf("sizeof enum %zu\n", sizeof(enum color));
    enum color c = BLUE;
    c = c + 1;
    printf("%d %s %s\n", c, name(c), name(GREEN));
    int permissions = READ | EXEC;
    printf("%c%c%c\n", permissions & READ ? 'r' : '-', permissions & WRITE ? 'w' : '-',
           permissions & EXEC ? 'x' : '-');
    size_code s = LARGE;
    printf("%c %d\n", s, s == 'L');
    int table[BLUE + 1];
    printf("table has %zu elements\n", sizeof table / sizeof table[0]);
    printf("%d\n", ALPHA < RED);
    enum color values[] = {BLUE, RED, GREEN};
    int sum = 0;
    for (int i = 0; i < 3; i++) sum += values[i];
    printf("sum %d\n", sum);
    return 0;
}
