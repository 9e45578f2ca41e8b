#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A binary min-heap of tasks in a realloc-grown array; names are strdup'ed copies. */
struct task {
    int priority;
    char *name;
};

struct queue {
    struct task *items;
    size_t count, capacity;
};

void swap(struct task *a, struct task *b) {
    struct task t = *a;
    *a = *b;
    *b = t;
}

void push(struct queue *q, int priority, const char *name) {
    if (q->count == q->capacity) {
        q->capacity = q->capacity ? q->capacity * 2 : 2;
        q->items = realloc(q->items, q->capacity * sizeof *q->items);
    }
    size_t i = q->count++;
    q->items[i].priority = priority;
    q->items[i].name = strdup(name);
    while (i > 0 && q->items[(i - 1) / 2].priority > q->items[i].priority) {
        swap(&q->items[(i - 1) / 2], &q->items[i]);
        i = (i - 1) / 2;
    }
}

struct task pop(struct queue *q) {
    struct task top = q->items[0];
    q->items[0] = q->items[--q->count];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < q->count && q->items[l].priority < q->items[m].priority) m = l;
        if (r < q->count && q->items[r].priority < q->items[m].priority) m = r;
        if (m == i) break;
        swap(&q->items[i], &q->items[m]);
        i = m;
    }
    return top;
}

int main(void) {
    struct queue q = {NULL, 0, 0};
    const char *names[] = {"free", "malloc", "brk", "mmap", "calloc", "realloc", "sbrk", "munmap"};
    int priorities[] = {5, 1, 7, 3, 2, 8, 6, 4};
    for (int i = 0; i < 8; i++) push(&q, priorities[i], names[i]);
    printf("capacity %zu for %zu tasks\n", q.capacity, q.count);
    while (q.count > 0) {
        struct task t = pop(&q);
        printf("%d:%s ", t.priority, t.name);
        free(t.name);
    }
    printf("\n");
    free(q.items);
    return 0;
}
