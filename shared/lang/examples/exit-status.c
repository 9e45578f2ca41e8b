#include <stdio.h>

int check(int value) { return value % 2 == 0 ? 0 : 3; }

int main(void) {
    printf("main returns the exit status\n");
    return check(7);
}
