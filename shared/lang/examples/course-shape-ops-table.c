#include <stdio.h>
#include <stdlib.h>
struct shape;
struct ops { double (*area)(const struct shape *); const char *(*name)(void); };
struct shape { const struct ops *ops; double a, b; };
static double rect_area(const struct shape *s) { return s->a * s->b; }
static double tri_area(const struct shape *s) { return 0.5 * s->a * s->b; }
static const char *rect_name(void) { return "rect"; }
static const char *tri_name(void) { return "tri"; }
static const struct ops RECT = { rect_area, rect_name }, TRI = { tri_area, tri_name };
typedef int (*binop)(int, int);
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static binop pick(char c) { switch (c) { case '+': return add; case '-': return sub; default: return mul; } }
int apply(int (*f)(int, int), int x, int y) { return (*f)(x, y); }
int main(void) {
    struct shape s[] = { { &RECT, 3, 4 }, { &TRI, 3, 4 }, { &RECT, 1.5, 2 } };
    double total = 0;
    for (int i = 0; i < 3; i++) {
        double a = s[i].ops->area(&s[i]);
        printf("%-5s %6.2f\n", s[i].ops->name(), a);
        total += a;
    }
    printf("total %g\n", total);
    const char *ops = "+-*";
    for (const char *o = ops; *o; o++) printf("%c %d %d\n", *o, pick(*o)(7, 5), apply(pick(*o), 2, 9));
    binop table[3] = { add, sub, mul };
    int acc = 1;
    for (int i = 0; i < 9; i++) acc = table[i % 3](acc, i + 1);
    printf("acc %d\n", acc);
    printf("%d %d\n", table[0] == add, (void *)table[1] == (void *)sub);
    return 0;
}
