#include <stdio.h>
int classify(char c) {
    switch (c) {
    case '0' ... '9': return 1;
    case 'a' ... 'z': case 'A' ... 'Z': return 2;
    case ' ': return 3;
    default: return 0;
    }
}
const char *grade(int score) {
    switch (score) {
    case 90 ... 100: return "A";
    case 80 ... 89: return "B";
    case 70 ... 79: return "C";
    case 0 ... 69: return "F";
    default: return "?";
    }
}
int main(void) {
    const char *s = "Hi 42!";
    for (const char *p = s; *p; p++) printf("%d", classify(*p));
    printf("\n%s %s %s %s %s\n", grade(95), grade(85), grade(70), grade(3), grade(101));
    return 0;
}
