/* course: singly linked list build, reverse, delete, free */
#include <stdio.h>
#include <stdlib.h>
struct node { int val; struct node *next; };
struct node *cons(int v, struct node *n) { struct node *p = malloc(sizeof *p); p->val = v; p->next = n; return p; }
struct node *reverse(struct node *h) { struct node *r = NULL; while (h) { struct node *n = h->next; h->next = r; r = h; h = n; } return r; }
struct node *delete(struct node *h, int v) {
  struct node **pp = &h;
  while (*pp) { if ((*pp)->val == v) { struct node *d = *pp; *pp = d->next; free(d); } else pp = &(*pp)->next; }
  return h;
}
void print(const struct node *h) { for (; h; h = h->next) printf("%d%s", h->val, h->next ? "->" : "\n"); }
int main(void) {
  struct node *h = NULL;
  for (int i = 1; i <= 6; i++) h = cons(i % 3, h);
  print(h);
  h = reverse(h);
  print(h);
  h = delete(h, 0);
  print(h);
  while (h) { struct node *n = h->next; free(h); h = n; }
  return 0;
}
