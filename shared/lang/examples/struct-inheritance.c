#include <stdio.h>
#include <stdlib.h>

/* A struct's first member is at offset 0, so a pointer to the struct can point to it too. */
struct shape {
    int kind;
    const char *name;
};

struct circle {
    struct shape base;
    double radius;
};

struct rectangle {
    struct shape base;
    double width, height;
};

enum { CIRCLE, RECTANGLE };

double area(const struct shape *s) {
    if (s->kind == CIRCLE) {
        const struct circle *c = (const struct circle *)s;
        return 3.0 * c->radius * c->radius;
    }
    const struct rectangle *r = (const struct rectangle *)s;
    return r->width * r->height;
}

int main(void) {
    struct circle *c = malloc(sizeof *c);
    c->base.kind = CIRCLE;
    c->base.name = "circle";
    c->radius = 2.0;
    struct rectangle r = {{RECTANGLE, "rectangle"}, 3.0, 4.5};
    struct shape *shapes[2] = {&c->base, (struct shape *)&r};
    for (int i = 0; i < 2; i++)
        printf("%-9s area %.2f\n", shapes[i]->name, area(shapes[i]));
    printf("(void *)c == (void *)&c->base: %d\n", (void *)c == (void *)&c->base);
    free(c);
    return 0;
}
