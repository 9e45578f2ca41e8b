#include <stdio.h>
#include <stdlib.h>

typedef struct {
    int *items;
    size_t length;
    size_t capacity;
} Vector;

void append(Vector *v, int item) {
    if (v->length == v->capacity) {
        size_t new_capacity = v->capacity == 0 ? 2 : v->capacity * 2;
        v->items = realloc(v->items, new_capacity * sizeof(int));
        v->capacity = new_capacity;
        printf("grew to %zu items (%zu bytes)\n", v->capacity, v->capacity * sizeof(int));
    }
    v->items[v->length++] = item;
}

int main(void) {
    Vector v = {NULL, 0, 0};
    for (int i = 0; i < 20; i++)
        append(&v, i * i);
    long sum = 0;
    for (size_t i = 0; i < v.length; i++)
        sum += v.items[i];
    printf("%zu items, sum of squares %ld, last %d\n", v.length, sum, v.items[v.length - 1]);
    v.items = realloc(v.items, v.length * sizeof(int));
    printf("shrunk: items[19] still %d\n", v.items[19]);
    free(v.items);
    return 0;
}
