#include <stdio.h>
#include <stdlib.h>

typedef struct __header_t { int size; int magic; } header_t;
typedef struct __node_t { int size; struct __node_t *next; } node_t;

int main(void) {
    void *ptr = malloc(100);
    header_t *hptr = (header_t *) ptr - 1;
    printf("%zu %zu %ld\n", sizeof(header_t), sizeof(node_t), (long)((char *)ptr - (char *)hptr));
    static char arena[4096];
    node_t *head = (node_t *)arena;
    head->size = 4096 - sizeof(node_t);
    head->next = NULL;
    printf("free: %d\n", head->size);
    /* carve 100 bytes + header off the front */
    header_t *h = (header_t *)head;
    int remaining = head->size - 100 - (int)sizeof(header_t);
    h->size = 100; h->magic = 1234567;
    node_t *rest = (node_t *)((char *)h + sizeof(header_t) + 100);
    rest->size = remaining; rest->next = NULL;
    printf("alloc at %ld, rest at %ld size %d magic %d\n", (long)((char *)(h + 1) - arena), (long)((char *)rest - arena), rest->size, h->magic);
    free(ptr);
    return 0;
}
