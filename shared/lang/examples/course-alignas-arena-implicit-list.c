#include <stdio.h>
#include <stdint.h>
#define ARENA 1024
typedef struct header { uint32_t size; uint32_t used; } header_t;
static _Alignas(16) unsigned char arena[ARENA];
static header_t *first(void) { return (header_t *)arena; }
static header_t *next(header_t *h) { return (header_t *)((unsigned char *)h + sizeof(header_t) + h->size); }
static int inside(header_t *h) { return (unsigned char *)h < arena + ARENA; }
void init(void) { first()->size = ARENA - sizeof(header_t); first()->used = 0; }
void *my_alloc(uint32_t n) {
    n = (n + 7) & ~7u;
    for (header_t *h = first(); inside(h); h = next(h)) {
        if (!h->used && h->size >= n) {
            if (h->size >= n + sizeof(header_t) + 8) { header_t *rest = (header_t *)((unsigned char *)(h + 1) + n); rest->size = h->size - n - sizeof(header_t); rest->used = 0; h->size = n; }
            h->used = 1; return h + 1;
        }
    }
    return 0;
}
void my_free(void *p) { header_t *h = (header_t *)p - 1; h->used = 0; for (h = first(); inside(h); h = next(h)) while (!h->used && inside(next(h)) && !next(h)->used) h->size += sizeof(header_t) + next(h)->size; }
void dump(void) { for (header_t *h = first(); inside(h); h = next(h)) printf("%s%u@%ld ", h->used ? "A" : "F", h->size, (long)((unsigned char *)h - arena)); printf("\n"); }
int main(void) {
    init(); void *a = my_alloc(10), *b = my_alloc(100), *c = my_alloc(3); dump();
    my_free(b); dump(); void *d = my_alloc(50); dump(); my_free(a); my_free(c); dump(); my_free(d); dump();
    printf("%p\n", my_alloc(2000));
    return 0;
}
