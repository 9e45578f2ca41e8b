/* Designated initializers that name a sub-object twice: the later one overrides the earlier
 * (C11 6.7.9p19). A braced list for a whole member sets all of it, the rest to zero; a
 * designation that reaches inside a member (.a.y = 9) replaces only that part. */
#include <stdio.h>

struct pt { int x, y; };
struct line { struct pt a, b; };
struct item { const char *name; int qty; double price; };
struct shelf { int id; struct item items[3]; };

static void show(const char *what, struct line l) {
    printf("%-10s a=(%d,%d) b=(%d,%d)\n", what, l.a.x, l.a.y, l.b.x, l.b.y);
}

struct shelf store[] = {
    [2] = { .id = 30, .items = { [1] = { "nails", 100, 0.05 } } },
    [0] = { 10, { { "hammer", 2, 9.99 }, { .name = "saw", .price = 14.5 } } },
    [1].id = 20,
    [1].items[2].name = "glue",
    [1].items[2].qty = 7,
};

int main(void) {
    int a[5] = { [1] = 1, [3] = 3, [1] = 10 };
    printf("%d %d %d %d %d\n", a[0], a[1], a[2], a[3], a[4]);
    struct line l1 = { .a.x = 1, .a.y = 2, .a = { .y = 7 } };
    struct line l2 = { .a = { 1, 2 }, .a.y = 9 };
    struct line l3 = { .a.x = 5, .b = { 3, 4 }, .a.y = 6 };
    struct line l4 = { .b.y = 8, .a = { 1, 1 }, .b = { .x = 2 }, .b.y = 3 };
    show("whole", l1);
    show("merge", l2);
    show("parts", l3);
    show("mixed", l4);
    int m[2][3] = { [0][1] = 1, [0] = { [2] = 2 }, [1] = { 4, 5, 6 }, [1][0] = 40 };
    for (int i = 0; i < 2; i++) printf("%d %d %d\n", m[i][0], m[i][1], m[i][2]);
    struct shelf local = { .items[0].qty = 4, .id = 99, .items[0] = { .name = "x" } };
    printf("%d %s %d\n", local.id, local.items[0].name, local.items[0].qty);
    for (int i = 0; i < 3; i++) {
        printf("shelf %d:", store[i].id);
        for (int j = 0; j < 3; j++)
            printf(" (%s %d %.2f)", store[i].items[j].name ? store[i].items[j].name : "-",
                   store[i].items[j].qty, store[i].items[j].price);
        printf("\n");
    }
    return 0;
}
