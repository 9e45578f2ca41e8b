#include <stdio.h>

/*
 * A function that returns a struct bigger than 16 bytes gets a hidden first argument: the
 * address where the caller wants the result. gcc -O0 keeps it in the frame like a parameter.
 */
struct big {
    long a, b, c;
};

struct big make(long x, int tag) {
    struct big result = {x, x + 1, x + tag};
    char *base = (char *)&result;
    printf("x %ld, tag %ld from result\n", (long)((char *)&x - base), (long)((char *)&tag - base));
    return result;
}

struct pair {
    long a, b;
};

struct pair make_pair(long x, int tag) {
    struct pair result = {x, tag};
    char *base = (char *)&result;
    printf("x %ld, tag %ld from result\n", (long)((char *)&x - base), (long)((char *)&tag - base));
    return result;
}

int main(void) {
    struct big b = make(5, 2);
    struct pair p = make_pair(7, 1);
    printf("%ld %ld %ld %ld %ld\n", b.a, b.b, b.c, p.a, p.b);
    return 0;
}
