#include <stdio.h>
enum color { RED = 1, GREEN = 2, BLUE = 4, WHITE = RED | GREEN | BLUE };
enum { A, B = 10, C, D = B + C };
typedef enum { LOW = -1, HIGH = 1 } level;
const char *name(enum color c) { switch (c) { case RED: return "red"; case GREEN: return "green"; case BLUE: return "blue"; case WHITE: return "white"; default: return "mix"; } }
int main(void) {
    for (int c = 0; c <= 7; c++) printf("%d %s\n", c, name((enum color)c));
    printf("%d %d %d %d\n", A, B, C, D);
    level l = LOW; printf("%d %zu %zu\n", l, sizeof l, sizeof(enum color));
    int x = 3;
    switch (x) { case 1: printf("one"); case 3: printf("three"); case 4: printf("four"); break; case 5: printf("five"); }
    printf("\n");
    switch (x) default: printf("only default\n");
    switch (x) { int y; case 3: y = 5; printf("%d\n", y); }
    return 0;
}
