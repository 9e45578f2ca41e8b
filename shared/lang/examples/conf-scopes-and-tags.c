#include <stdio.h>
#include <stddef.h>

struct outer {
    struct inner { /* the inner tag is visible at file scope too */
        char c;
        long l;
    } in;
    int n;
};

struct point {
    int x, y;
};

int main(void) {
    struct inner alone = {'i', 42};
    printf("%c %ld %zu\n", alone.c, alone.l, sizeof(struct outer));
    struct point point = {1, 2}; /* a tag and a variable may share a name */
    printf("%d %d\n", point.x, point.y);
    typedef int number;
    number count = 3;
    {
        int number = 5; /* an inner variable hides the typedef */
        printf("%d %d\n", number, count);
    }
    enum level { LOW = 1, HIGH = 10 };
    enum level l = HIGH;
    struct local_only {
        short a;
        char b[3];
    };
    struct local_only lo = {7, "xy"};
    printf("%d %d %s %zu\n", l, lo.a, lo.b, sizeof lo);
    printf("offsetof: %zu %zu %zu\n", offsetof(struct outer, in), offsetof(struct outer, n),
           offsetof(struct inner, l));
    printf("sizeof through a null pointer: %zu\n", sizeof(((struct outer *)0)->in));
    printf("offset by hand: %lu\n", (unsigned long)&((struct outer *)0)->n);
    for (int i = 0; i < 2; i++) {
        int i = 10; /* the body is a scope inside the for's scope */
        printf("%d ", i);
    }
    printf("\n");
    int shadow = 1;
    {
        int shadow = 2;
        shadow++;
    }
    printf("%d\n", shadow);
    return 0;
}
