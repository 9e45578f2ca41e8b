#include <stdio.h>
enum color { RED, GREEN = 5, BLUE };
typedef enum { MON = 1, TUE, WED } day;
typedef struct point { int x, y; } point_t;
typedef int (*binop)(int, int);
int add(int a, int b) { return a + b; }
int mul(int a, int b) { return a * b; }
point_t midpoint(point_t a, point_t b) { point_t m = {(a.x + b.x) / 2, (a.y + b.y) / 2}; return m; }
int main(void) {
  enum color c = BLUE; day d = WED;
  printf("%d %d %d %zu\n", RED, c, d, sizeof(enum color));
  binop ops[] = {add, mul};
  for (int i = 0; i < 2; i++) printf("%d ", ops[i](6, 7));
  point_t m = midpoint((point_t){0, 0}, (point_t){10, 20});
  printf("\n%d %d\n", m.x, m.y);
  return 0;
}
