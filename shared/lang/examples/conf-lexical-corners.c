#include <stdio.h>
#include <string.h>

#define SIZE 4
#define DOUBLE_SIZE (SIZE * 2)
#define GREETING "hi"
#define NEGATIVE -3
#define MASK 0xF0u

/* A comment with "quotes" and // inside, and a * star */
int main(void) {
    int table[DOUBLE_SIZE]; // a line comment with /* inside
    printf("%zu %d\n", sizeof table / sizeof table[0], 10 - NEGATIVE);
    printf("%s %u\n", GREETING " there", MASK >> 4);
    printf("%zu\n", strlen("\x41" "BC"));
    printf("[%s] %zu\n", "\1234", strlen("\1234"));
    printf("[%s]\n", "\101\102\103");
    printf("%d %d %d\n", "\0123"[0], "\0123"[1], (int)sizeof "\0123");
    printf("tab[\t] quote[\"] apostrophe['] backslash[\\] question[\?]\n");
    printf("a long string literal split "
           "over "
           "three lines\n");
    int x = 1 /* inline comment */ + 2;
    printf("%d\n", x);
    printf("%d\n", 07 + 0x7 + 7);
    printf("%c%c\n", 'A' + 1, 'z' - 1);
    char s[] = "line\\n is not a newline";
    printf("%s %zu\n", s, strlen(s));
    int a = 5, b = 3;
    int sum = a+++b; /* (a++) + b */
    printf("%d %d\n", sum, a);
    int difference = a---b; /* (a--) - b */
    printf("%d %d\n", difference, a);
    printf("%d\n", a-- - --b);
    printf("%d %d\n", -a, - -a);
    printf("%d\n", !!a + ~~b);
    return 0;
}
