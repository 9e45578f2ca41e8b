#include <stdio.h>
#include <stdlib.h>
typedef struct __node_t { int size; struct __node_t *next; } node_t;
typedef struct { int size; int magic; } header_t;
int main(void) {
  char *arena = malloc(4096);
  node_t *head = (node_t *)arena;
  head->size = 4096 - sizeof(node_t);
  head->next = NULL;
  printf("node %zu header %zu free %d\n", sizeof(node_t), sizeof(header_t), head->size);
  int reqs[] = {100, 200, 50};
  char *cur = arena;
  for (int i = 0; i < 3; i++) {
    header_t *h = (header_t *)cur;
    h->size = reqs[i]; h->magic = 1234567;
    void *ptr = (char *)h + sizeof(header_t);
    printf("alloc %d at offset %ld, header at %ld\n", reqs[i], (long)((char *)ptr - arena), (long)((char *)h - arena));
    cur = (char *)ptr + reqs[i];
  }
  head = (node_t *)cur;
  head->size = 4096 - (int)(cur - arena) - (int)sizeof(node_t);
  printf("remaining free %d at %ld\n", head->size, (long)(cur - arena));
  header_t *hptr = (header_t *)(arena + 108 - sizeof(header_t));
  printf("free(ptr at 108): size %d magic %d\n", hptr->size, hptr->magic);
  free(arena);
  return 0;
}
