#include <stdio.h>

struct point {
    int x, y;
};

struct rect {
    struct point min, max;
    char name[8];
};

struct point make_point(int x, int y) {
    struct point p;
    p.x = x;
    p.y = y;
    return p;
}

void try_to_move(struct point p) { p.x += 100; }

void move(struct point *p, int dx) { p->x += dx; }

int area(struct rect r) { return (r.max.x - r.min.x) * (r.max.y - r.min.y); }

int main(void) {
    struct point a = make_point(1, 2);
    struct point b = a; /* a copy of the value, not a second name for a */
    b.x = 10;
    printf("a = (%d, %d), b = (%d, %d)\n", a.x, a.y, b.x, b.y);
    try_to_move(a);
    printf("after try_to_move: a.x = %d\n", a.x);
    move(&a, 5);
    printf("after move: a.x = %d\n", a.x);
    struct rect r = {{0, 0}, {4, 3}, "box"};
    struct rect s = r;
    s.name[0] = 'B';
    s.max = make_point(6, 5);
    printf("%s area %d, %s area %d\n", r.name, area(r), s.name, area(s));
    printf("make_point(7, 8).y = %d\n", make_point(7, 8).y);
    return 0;
}
