#include <stdio.h>
#include <string.h>

struct vec {
    double x, y;
};

struct name {
    char text[12];
    int length;
};

struct box {
    struct vec corner[2];
    struct name label;
    int *counter;
};

struct vec add(struct vec a, struct vec b) {
    struct vec r = {a.x + b.x, a.y + b.y};
    return r;
}

struct vec scale(struct vec v, double k) {
    v.x *= k; /* the caller's copy is not touched */
    v.y *= k;
    return v;
}

struct name make_name(const char *text) {
    struct name n;
    memset(&n, 0, sizeof n);
    strncpy(n.text, text, sizeof n.text - 1);
    n.length = (int)strlen(n.text);
    return n;
}

struct box make_box(int *counter) {
    struct box b = {{{0, 0}, {2, 3}}, {"box", 3}, counter};
    (*counter)++;
    return b;
}

double area(struct box b) { return (b.corner[1].x - b.corner[0].x) * (b.corner[1].y - b.corner[0].y); }

int main(void) {
    struct vec a = {1.5, -2}, b = {0.25, 4};
    struct vec c = add(a, b);
    printf("%.2f %.2f\n", c.x, c.y);
    struct vec d = scale(a, 3);
    printf("%.2f %.2f (a still %.2f %.2f)\n", d.x, d.y, a.x, a.y);
    printf("%.2f\n", add(a, scale(b, 2)).y);
    struct name n = make_name("a very long name indeed");
    printf("[%s] %d %zu\n", n.text, n.length, sizeof n);
    printf("%c\n", make_name("xyz").text[1]);
    int made = 0;
    struct box first = make_box(&made);
    struct box second = first;
    second.label.text[0] = 'B';
    second.corner[1].x = 10;
    printf("%s %s %.1f %.1f made %d\n", first.label.text, second.label.text, area(first),
           area(second), made);
    struct box boxes[3];
    for (int i = 0; i < 3; i++) {
        boxes[i] = make_box(&made);
        boxes[i].corner[1].y = i + 1;
    }
    printf("%.1f %.1f %.1f made %d\n", area(boxes[0]), area(boxes[1]), area(boxes[2]), made);
    *boxes[2].counter += 100;
    printf("made %d\n", made);
    struct vec *pv = &boxes[1].corner[1];
    pv->x = 7;
    printf("%.1f\n", boxes[1].corner[1].x);
    struct box *pb = boxes;
    printf("%.1f %s\n", (pb + 2)->corner[1].y, (*(pb + 1)).label.text);
    printf("%d\n", memcmp(&boxes[0].label, &first.label, sizeof first.label) == 0);
    struct vec swap_a = {1, 2}, swap_b = {3, 4}, tmp;
    tmp = swap_a;
    swap_a = swap_b;
    swap_b = tmp;
    printf("%.0f%.0f %.0f%.0f\n", swap_a.x, swap_a.y, swap_b.x, swap_b.y);
    return 0;
}
