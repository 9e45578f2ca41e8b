#include <stdio.h>
#include <stdlib.h>
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a,b) ((a)<(b)?(a):(b))
#define SQUARE(x) ((x) * (x))
#define BAD_SQUARE(x) x * x
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define STR(x) #x
#define XSTR(x) STR(x)
#define GLUE(a, b) a ## b
#define SIZE 10
#define SWAP(t, x, y) do { t tmp_ = (x); (x) = (y); (y) = tmp_; } while (0)
#define PRINT_INT(e) printf(#e " = %d\n", (e))
#define DEBUG(fmt, ...) printf("[dbg] " fmt "\n", __VA_ARGS__)
#define NEWNODE(T) ((T *) malloc(sizeof(T)))
#define CUBE(x) (SQUARE(x) * (x))
#define EMPTY()
#define ABS(x) ((x) < 0 ? -(x) : (x))
#define IS_EVEN(n) \
    (((n) % 2) == 0)
struct pt { int x, y; };
int main(void) {
    int a[] = {4, 9, 2};
    int GLUE(var, 1) = 7;
    printf("%d %d %d %d\n", MAX(3, 7), SQUARE(1 + 2), BAD_SQUARE(1 + 2), MIN(-1, 1));
    printf("%zu %s %s %s\n", ARRAY_LEN(a), STR(SIZE), XSTR(SIZE), STR(a + "b\n" 'c'));
    printf("%d\n", var1);
    int x = 1, y = 2;
    SWAP(int, x, y);
    printf("%d %d\n", x, y);
    PRINT_INT(x * 10 + y);
    DEBUG("%d-%d", x, y);
    struct pt *p = NEWNODE(struct pt);
    p->x = CUBE(3); EMPTY()
    printf("%d %d\n", p->x, ABS(-5));
    int i = 3;
    int m = MAX(i++, 2);
    printf("%d %d %d\n", m, i, IS_EVEN(SIZE));
    printf("%d\n", MAX(MAX(1, 8),
                       MIN(9, 4)));
    free(p);
    return 0;
}
