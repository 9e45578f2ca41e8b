#include <stdio.h>

/*
 * Deliberate bug: reading an uninitialized local. At -O0 the second call's frame lies exactly
 * where the first call's frame was, so y finds the 42 that set() left behind.
 */
void set(void) {
    int x = 42;
    x++;
    x--;
}

void get(void) {
    int y;
    printf("y = %d\n", y);
}

int main(void) {
    set();
    get();
    return 0;
}
