#include <stdio.h>

struct point { int x, y; };
struct rect { struct point lo, hi; };

int area(struct rect r) { return (r.hi.x - r.lo.x) * (r.hi.y - r.lo.y); }
int sum(const int *a, int n) { int s = 0; while (n--) s += *a++; return s; }
double dot(struct point a, struct point b) { return a.x * b.x + a.y * b.y; }

int main(void) {
    printf("%d\n", area((struct rect){{1, 2}, {4, 6}}));
    printf("%d\n", area((struct rect){.hi = {.x = 3, .y = 3}}));
    printf("%d\n", sum((int[]){1, 2, 3, 4, 5}, 5));
    printf("%.1f\n", dot((struct point){2, 3}, (struct point){.y = 4, .x = 5}));
    struct point *p = &(struct point){7, 8};
    p->x += 1;
    printf("%d %d\n", p->x, p->y);
    char *s = (char[]){"hello"};
    s[0] = 'j';
    printf("%s\n", s);
    return 0;
}
