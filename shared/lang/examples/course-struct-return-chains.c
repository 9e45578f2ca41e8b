#include <stdio.h>
struct vec { double x, y; };
struct big { int a[10]; long tag; };
struct pair { int lo, hi; };
struct vec add(struct vec a, struct vec b) { return (struct vec){ a.x + b.x, a.y + b.y }; }
struct vec scale(struct vec a, double k) { a.x *= k; a.y *= k; return a; }
struct big make(int seed) { struct big b; for (int i = 0; i < 10; i++) b.a[i] = seed * i; b.tag = seed; return b; }
struct big twice(struct big b) { for (int i = 0; i < 10; i++) b.a[i] *= 2; return b; }
struct pair minmax(const int *v, int n) { struct pair p = { v[0], v[0] }; for (int i = 1; i < n; i++) { if (v[i] < p.lo) p.lo = v[i]; if (v[i] > p.hi) p.hi = v[i]; } return p; }
int main(void) {
    struct vec v = scale(add((struct vec){1, 2}, (struct vec){3, 4}), 0.5);
    printf("%.2f %.2f\n", v.x, v.y);
    printf("%.1f\n", add(v, v).y);
    printf("%d %ld\n", twice(make(3)).a[9], make(7).tag);
    struct big b = twice(twice(make(1)));
    printf("%d %d\n", b.a[1], b.a[9]);
    int data[] = { 4, -2, 9, 0 };
    printf("%d %d\n", minmax(data, 4).lo, minmax(data, 4).hi);
    struct pair p = minmax(data + 1, 2); printf("%d %d\n", p.lo, p.hi);
    return 0;
}
