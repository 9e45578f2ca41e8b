#include <stdio.h>

/*
 * Structs passed by value: up to 16 bytes travel in registers and gcc -O0 copies them into the
 * callee's frame; bigger ones are copied by the caller onto the stack, above the return address.
 */
struct small {
    int a;
    int b;
};

struct big {
    long a, b, c;
};

long receive(struct small s, struct big b, int n) {
    int local = n;
    char *base = (char *)&local;
    printf("s %ld, b %ld, n %ld from local\n", (long)((char *)&s - base), (long)((char *)&b - base),
           (long)((char *)&n - base));
    return s.a + s.b + b.a + b.b + b.c + local;
}

struct big make(long x) {
    struct big b = {x, x + 1, x + 2};
    return b;
}

int main(void) {
    struct small s = {1, 2};
    struct big b = make(3);
    printf("sum %ld\n", receive(s, b, 4));
    printf("make(10).c = %ld\n", make(10).c);
    return 0;
}
