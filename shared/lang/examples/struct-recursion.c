#include <stdio.h>

/* Struct values returned through a recursion: fib(n) and fib(n+1) together. */
struct pair {
    long current;
    long next;
};

struct pair fib_pair(int n) {
    if (n == 0) {
        struct pair base = {0, 1};
        return base;
    }
    struct pair previous = fib_pair(n - 1);
    struct pair result = {previous.next, previous.current + previous.next};
    return result;
}

struct vector {
    double x, y, z;
};

struct vector scale(struct vector v, double k) {
    v.x *= k;
    v.y *= k;
    v.z *= k;
    return v;
}

int main(void) {
    for (int n = 10; n <= 50; n += 20)
        printf("fib(%d) = %ld\n", n, fib_pair(n).current);
    struct vector v = {1.0, -2.0, 0.5};
    struct vector w = scale(scale(v, 2.0), 1.5);
    printf("v = (%.1f, %.1f, %.1f), w = (%.1f, %.1f, %.1f)\n", v.x, v.y, v.z, w.x, w.y, w.z);
    printf("sizeof(struct pair) %zu, sizeof(struct vector) %zu\n", sizeof(struct pair),
           sizeof(struct vector));
    return 0;
}
