/* course: structs by value and by pointer, returning structs */
#include <stdio.h>
struct point { int x, y; };
struct rect { struct point lo, hi; };
struct point add(struct point a, struct point b) { return (struct point){a.x + b.x, a.y + b.y}; }
void grow(struct rect *r, int d) { r->lo.x -= d; r->lo.y -= d; r->hi.x += d; r->hi.y += d; }
int area(struct rect r) { return (r.hi.x - r.lo.x) * (r.hi.y - r.lo.y); }
int main(void) {
  struct point p = {1, 2}, q = {10, 20};
  struct point s = add(p, q);
  struct rect r = {p, s};
  printf("%d %d %d\n", s.x, s.y, area(r));
  grow(&r, 1);
  printf("%d %d %zu\n", area(r), r.lo.x, sizeof r);
  struct rect copy = r;
  copy.hi.x = 0;
  printf("%d %d\n", r.hi.x, copy.hi.x);
  return 0;
}
