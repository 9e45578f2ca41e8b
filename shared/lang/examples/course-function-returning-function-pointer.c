#include <stdio.h>

static double add(double a, double b) { return a + b; }
static double sub(double a, double b) { return a - b; }
static double mul(double a, double b) { return a * b; }
static double divide(double a, double b) { return b != 0 ? a / b : 0; }

struct op { char sym; double (*fn)(double, double); };

static const struct op ops[] = { {'+', add}, {'-', sub}, {'*', mul}, {'/', divide} };

double (*lookup(char c))(double, double) {
    for (unsigned i = 0; i < sizeof ops / sizeof *ops; i++)
        if (ops[i].sym == c) return ops[i].fn;
    return NULL;
}

int main(void) {
    const char *expr = "+-*/%";
    for (const char *c = expr; *c; c++) {
        double (*f)(double, double) = lookup(*c);
        if (f) printf("6 %c 4 = %g\n", *c, f(6, 4));
        else printf("%c unknown\n", *c);
    }
    double (*fs[4])(double, double) = {add, sub, mul, divide};
    double acc = 1;
    for (int i = 0; i < 4; i++) acc = fs[i](acc, 3);
    printf("%.4f\n", acc);
    printf("%d\n", fs[0] == add);
    return 0;
}
