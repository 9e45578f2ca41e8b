#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct rec { char name[12]; int age; double score; };
static int by_age_then_name(const void *a, const void *b) {
    const struct rec *x = a, *y = b;
    if (x->age != y->age) return (x->age > y->age) - (x->age < y->age);
    return strcmp(x->name, y->name);
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int cmp_int_desc(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (y > x) - (y < x); }
static int cmp_key(const void *k, const void *e) { return *(const int *)k - *(const int *)e; }
int main(void) {
    struct rec r[] = { {"dana", 30, 1.5}, {"al", 25, 2}, {"bo", 30, 3}, {"cy", 25, 4}, {"ed", 19, 5} };
    qsort(r, 5, sizeof r[0], by_age_then_name);
    for (int i = 0; i < 5; i++) printf("%s:%d ", r[i].name, r[i].age);
    printf("\n");
    char *words[] = { "pear", "apple", "fig", "banana", "cherry", "apple" };
    qsort(words, 6, sizeof(char *), cmp_str);
    for (int i = 0; i < 6; i++) printf("%s%c", words[i], i == 5 ? '\n' : ',');
    int v[] = { 5, -3, 99, 0, 42, 7, 7, -100 };
    size_t n = sizeof v / sizeof *v;
    qsort(v, n, sizeof *v, cmp_int_desc);
    for (size_t i = 0; i < n; i++) printf("%d ", v[i]);
    printf("\n");
    int asc[] = { 1, 3, 5, 7, 9, 11, 13 };
    for (int key = 0; key <= 14; key += 7) {
        int *hit = bsearch(&key, asc, 7, sizeof(int), cmp_key);
        printf("%d -> %s %ld\n", key, hit ? "found" : "none", hit ? (long)(hit - asc) : -1L);
    }
    int k = 9; int *h = bsearch(&k, asc, 7, sizeof(int), cmp_key);
    printf("9 at %td\n", h - asc);
    return 0;
}
