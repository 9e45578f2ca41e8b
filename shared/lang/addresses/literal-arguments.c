/* The order gcc -O0 outputs the string literals passed to a call: calls and computed arguments
 * last to first; then the constant ones (a literal under casts, &"lit"[k]) passed in registers
 * (the first six integer or pointer arguments), last to first; then those passed on the stack,
 * last to first. */
#include <stdio.h>
static const char *id(const char *s) { return s; }
static void four(const void *a, const void *b, const void *c, const void *d) {
  printf("%p %p %p %p\n", a, b, c, d);
}
static void eight(const char *a, const char *b, const char *c, const char *d, const char *e,
                  const char *f, const char *g, const char *h) {
  printf("%p %p %p %p %p %p %p %p\n", (void *)a, (void *)b, (void *)c, (void *)d, (void *)e,
         (void *)f, (void *)g, (void *)h);
}
int main(void) {
  four(id("A1"), (void *)"A2", id("A3"), "A4");
  four((const char *)"B1", id("B2"), ("B3"), (void *)(char *)"B4");
  four((void *)(long)"C1", id("C2"), "C3" + 1, &"C4"[1]);
  printf("%p %p %p\n", (void *)id("five"), (void *)"six", (void *)id("seven"));
  eight("D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8");
  eight(id("E1"), "E2", "E3", "E4", "E5", "E6", "E7", id("E8"));
  printf("%p %p %p %p %p %p %p %d %p\n", (void *)"F1", (void *)"F2", (void *)"F3",
         (void *)"F4", (void *)"F5", (void *)"F6", (void *)"F7", 15, (void *)"F8");
  return 0;
}
