/* OSTEP 17: a first-fit free list over a static arena with splitting and a header */
#include <stdio.h>
#include <stddef.h>
typedef struct node_t { size_t size; struct node_t *next; } node_t;
typedef struct { size_t size; int magic; } header_t;
static char arena[4096];
static node_t *head;
void *my_malloc(size_t size) {
  size_t need = (size + sizeof(header_t) + 15) & ~(size_t)15;
  node_t **pp = &head;
  for (node_t *n = *pp; n; pp = &n->next, n = n->next) {
    if (n->size >= need) {
      node_t *rest = (node_t *)((char *)n + need);
      rest->size = n->size - need;
      rest->next = n->next;
      *pp = rest;
      header_t *h = (header_t *)n;
      h->size = need - sizeof(header_t);
      h->magic = 1234567;
      return h + 1;
    }
  }
  return NULL;
}
void my_free(void *p) {
  header_t *h = (header_t *)p - 1;
  node_t *n = (node_t *)h;
  n->size = h->size + sizeof(header_t);
  n->next = head;
  head = n;
}
int main(void) {
  head = (node_t *)arena;
  head->size = sizeof arena;
  head->next = NULL;
  char *a = my_malloc(100), *b = my_malloc(50);
  printf("%ld %ld %zu\n", a - arena, b - arena, head->size);
  my_free(a);
  printf("%ld %zu %ld\n", (char *)head - arena, head->size, (char *)head->next - arena);
  char *c = my_malloc(20);
  printf("%ld %d\n", c - arena, ((header_t *)c - 1)->magic);
  return 0;
}
