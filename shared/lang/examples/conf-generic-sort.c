#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A generic insertion sort over void *, like qsort: element size and comparator as parameters. */
void sort(void *base, size_t count, size_t size, int (*compare)(const void *, const void *)) {
    char *bytes = base;
    char *held = malloc(size);
    for (size_t i = 1; i < count; i++) {
        memcpy(held, bytes + i * size, size);
        size_t j = i;
        while (j > 0 && compare(bytes + (j - 1) * size, held) > 0) {
            memcpy(bytes + j * size, bytes + (j - 1) * size, size);
            j--;
        }
        memcpy(bytes + j * size, held, size);
    }
    free(held);
}

int by_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int by_string(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

struct person {
    char name[10];
    short age;
    double height;
};

int by_age_then_name(const void *a, const void *b) {
    const struct person *p = a, *q = b;
    if (p->age != q->age) return p->age - q->age;
    return strcmp(p->name, q->name);
}

int descending(const void *a, const void *b) { return -by_int(a, b); }

int main(void) {
    int numbers[] = {42, -7, 0, 2147483647, -2147483647 - 1, 13, 13, 5};
    size_t n = sizeof numbers / sizeof numbers[0];
    sort(numbers, n, sizeof numbers[0], by_int);
    for (size_t i = 0; i < n; i++) printf("%d ", numbers[i]);
    printf("\n");
    sort(numbers, n, sizeof(int), descending);
    for (size_t i = 0; i < n; i++) printf("%d ", numbers[i]);
    printf("\n");
    const char *words[] = {"stack", "heap", "bss", "data", "text", "Heap", "heap0"};
    sort(words, 7, sizeof(char *), by_string);
    for (int i = 0; i < 7; i++) printf("%s ", words[i]);
    printf("\n");
    struct person people[] = {{"Ming", 30, 1.7}, {"Ada", 36, 1.6}, {"Bo", 30, 1.8}, {"Cy", 5, 1.1}};
    sort(people, 4, sizeof people[0], by_age_then_name);
    for (int i = 0; i < 4; i++) printf("%s(%d,%.1f) ", people[i].name, people[i].age, people[i].height);
    printf("\nsizeof(struct person) = %zu\n", sizeof(struct person));
    double values[] = {2.5, -1.0, 3.25, 0.0};
    int (*cmp)(const void *, const void *) = by_int;
    printf("comparator is by_int: %d\n", cmp == by_int);
    return 0;
}
