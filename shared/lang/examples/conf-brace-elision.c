#include <stdio.h>

/* Initializers without inner braces fill sub-arrays and sub-structs in order (C11 6.7.9p20). */
struct point {
    int x, y;
};

struct line {
    struct point from, to;
    char label[4];
};

int flat[2][3] = {1, 2, 3, 4};
struct line lines[2] = {0, 1, 2, 3, "ab", 4, 5};

int main(void) {
    int m[2][2] = {1, 2, 3};
    struct point ps[2] = {1, 2, 3, 4};
    printf("%d %d %d %d\n", m[0][1], m[1][0], m[1][1], ps[1].y);
    for (int r = 0; r < 2; r++) printf("%d %d %d\n", flat[r][0], flat[r][1], flat[r][2]);
    printf("%d %d %d %d %s | %d %d %d %d [%s]\n", lines[0].from.x, lines[0].from.y, lines[0].to.x,
           lines[0].to.y, lines[0].label, lines[1].from.x, lines[1].from.y, lines[1].to.x,
           lines[1].to.y, lines[1].label);
    char words[][5] = {"ab", "cde", 'f', 'g'};
    printf("%zu %s %s %s\n", sizeof words / sizeof words[0], words[0], words[1], words[2]);
    return 0;
}
