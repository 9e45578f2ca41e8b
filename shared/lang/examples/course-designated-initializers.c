#include <stdio.h>
struct point { int x, y, z; };
struct line { struct point a, b; const char *label; };
int main(void) {
    int a[10] = { [2] = 5, [7] = 9, 1, [0] = 3 };
    for (int i = 0; i < 10; i++) printf("%d ", a[i]); printf("\n");
    struct point p = { .z = 3, .x = 1 }; printf("%d %d %d\n", p.x, p.y, p.z);
    struct line l = { .b = { 4, 5, 6 }, .a.y = 7, .label = "L" }; printf("%d %d %d %d %s\n", l.a.x, l.a.y, l.b.x, l.b.z, l.label);
    struct point ps[3] = { [1].y = 8, [2] = { 1, 2, 3 } }; printf("%d %d %d\n", ps[0].x, ps[1].y, ps[2].z);
    char s[8] = { 'h', 'i' }; printf("%s %d\n", s, s[7]);
    int m[][3] = { {1}, {2, 3}, [3] = {4, 5, 6} }; printf("%zu %d %d\n", sizeof m / sizeof m[0], m[1][1], m[3][2]);
    const char *names[] = { [2] = "two", [0] = "zero" }; printf("%s %p %s\n", names[0], (void *)names[1], names[2]);
    return 0;
}
