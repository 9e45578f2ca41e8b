#include <stdio.h>
int level(int n) {
  static int depth;
  static int most = -1;
  depth++;
  if (depth > most) most = depth;
  return n + most;
}
const char *pick(int n) {
  switch (n) {
    case 0: return "zero";
    case 1: return "one";
    default: return n > 5 ? "many" : "few";
  }
}
int (*op)(int) = level;
char grid[3][5] = {"ab", "cd"};
int main(void) {
  int i = 0;
  do { i = level(i); } while (i < 4);
  static const char *const words[] = {"w1", "w2"};
  char *locals[] = {"l1", "l2"};
  printf("%p %p %p %p\n", (void *)pick(0), (void *)pick(1), (void *)pick(9), (void *)pick(3));
  printf("%p %p %p %p\n", (void *)&op, (void *)grid, (void *)locals[0], (void *)locals[1]);
  printf("%p %p %d\n", (void *)words[0], (void *)words[1], op(1));
  return 0;
}
