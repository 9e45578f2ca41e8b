/* course: a dynamic array that doubles with realloc */
#include <stdio.h>
#include <stdlib.h>
typedef struct { int *data; size_t len, cap; } vec;
static void push(vec *v, int x) {
  if (v->len == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 1;
    int *p = realloc(v->data, cap * sizeof *p);
    if (!p) exit(1);
    v->data = p;
    v->cap = cap;
  }
  v->data[v->len++] = x;
}
int main(void) {
  vec v = {0};
  int grows = 0;
  size_t last = 0;
  for (int i = 0; i < 1000; i++) { push(&v, i * i); if (v.cap != last) { grows++; last = v.cap; } }
  long s = 0;
  for (size_t i = 0; i < v.len; i++) s += v.data[i];
  printf("%zu %zu %d %ld\n", v.len, v.cap, grows, s);
  free(v.data);
  return 0;
}
