#include <stdio.h>
typedef double (*op_t)(double, double);
double add(double a, double b) { return a + b; }
double sub(double a, double b) { return a - b; }
double mul(double a, double b) { return a * b; }
double dv(double a, double b) { return a / b; }
struct entry { char sym; op_t fn; };
double apply(op_t f, double a, double b) { return f(a, b); }
int main(void) {
  struct entry table[] = {{'+', add}, {'-', sub}, {'*', mul}, {'/', dv}};
  for (int i = 0; i < 4; i++) printf("7 %c 2 = %g\n", table[i].sym, apply(table[i].fn, 7, 2));
  op_t f = &mul; printf("%g %d\n", (*f)(3, 4), f == mul);
  void (*fp)(void) = NULL; printf("%d\n", fp == 0);
  return 0;
}
