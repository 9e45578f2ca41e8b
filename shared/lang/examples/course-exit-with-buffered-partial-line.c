#include <stdio.h>
#include <stdlib.h>

static int depth = 0;

void die_if(int cond, const char *why) {
    if (cond) {
        printf("dying: %s at depth %d", why, depth);
        exit(3);
    }
}

void recurse(int n) {
    depth++;
    printf("enter %d\n", n);
    printf("partial %d ", n);
    die_if(n == 3, "too deep");
    recurse(n + 1);
    printf("never\n");
}

int main(void) {
    printf("start ");
    recurse(0);
    return 0;
}
