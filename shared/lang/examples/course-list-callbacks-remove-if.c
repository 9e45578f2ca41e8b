#include <stdio.h>
#include <stdlib.h>

typedef struct node { int key; struct node *next; } node_t;

node_t *push(node_t *head, int key) { node_t *n = malloc(sizeof *n); n->key = key; n->next = head; return n; }
void foreach(node_t *h, void (*f)(node_t *, void *), void *ctx) { for (; h; h = h->next) f(h, ctx); }
static void sum(node_t *n, void *ctx) { *(long *)ctx += n->key; }
static void show(node_t *n, void *ctx) { printf("%s%d", *(int *)ctx ? "," : "", n->key); *(int *)ctx = 1; }
node_t *remove_if(node_t *h, int (*pred)(int)) {
    node_t **pp = &h;
    while (*pp) { if (pred((*pp)->key)) { node_t *dead = *pp; *pp = dead->next; free(dead); } else pp = &(*pp)->next; }
    return h;
}
static int odd(int k) { return k & 1; }

int main(void) {
    node_t *h = NULL;
    for (int i = 1; i <= 10; i++) h = push(h, i * i);
    long total = 0; foreach(h, sum, &total); printf("%ld\n", total);
    int first = 0; foreach(h, show, &first); printf("\n");
    h = remove_if(h, odd);
    first = 0; foreach(h, show, &first); printf("\n");
    while (h) { node_t *n = h->next; free(h); h = n; }
    return 0;
}
