#include <stdio.h>
#include <stdlib.h>
struct node { int val; struct node *next; };
struct node *push(struct node *h, int v) { struct node *n = malloc(sizeof *n); n->val = v; n->next = h; return n; }
struct node *reverse(struct node *h) { struct node *prev = NULL; while (h) { struct node *nx = h->next; h->next = prev; prev = h; h = nx; } return prev; }
struct node *remove_val(struct node *h, int v) { struct node **pp = &h; while (*pp) { if ((*pp)->val == v) { struct node *d = *pp; *pp = d->next; free(d); } else pp = &(*pp)->next; } return h; }
void print(struct node *h) { for (; h; h = h->next) printf("%d ", h->val); printf("\n"); }
int main(void) {
  struct node *h = NULL;
  for (int i = 0; i < 8; i++) h = push(h, i % 3);
  print(h);
  h = reverse(h); print(h);
  h = remove_val(h, 1); print(h);
  char *base = (char *)h;
  int n = 0; for (struct node *p = h; p; p = p->next) n++;
  printf("%d nodes, second at %ld\n", n, (long)((char *)h->next - base));
  while (h) { struct node *nx = h->next; free(h); h = nx; }
  return 0;
}
