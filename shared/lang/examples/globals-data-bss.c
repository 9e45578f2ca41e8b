#include <stdio.h>

int initialized = 42;          /* .data */
int zeroed;                    /* .bss */
int explicitly_zero = 0;       /* .bss too */
double ratio = 0.75;           /* .data */
char greeting[] = "hi";        /* .data: a writable copy */
const char *message = "const"; /* the pointer in .data, the characters in .rodata */
long counters[4];              /* .bss */
const int answer = 54;         /* .rodata */

void bump(void) {
    zeroed++;
    counters[zeroed % 4] += 10;
}

int main(void) {
    printf("initialized %d, zeroed %d, explicitly_zero %d, ratio %.2f\n", initialized, zeroed,
           explicitly_zero, ratio);
    for (int i = 0; i < 5; i++)
        bump();
    printf("after 5 bumps: zeroed %d, counters %ld %ld %ld %ld\n", zeroed, counters[0], counters[1],
           counters[2], counters[3]);
    greeting[0] = 'H';
    printf("%s %s %d\n", greeting, message, answer);
    printf("sizeof greeting %zu, sizeof message %zu\n", sizeof greeting, sizeof message);
    return 0;
}
