#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmpstr(const void *a, const void *b) {
    return strcmp(*(const char * const *)a, *(const char * const *)b);
}
static int cmplen_desc(const void *a, const void *b) {
    size_t la = strlen(*(char **)a), lb = strlen(*(char **)b);
    return (la < lb) - (la > lb);
}
static int cmpint(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(void) {
    const char *words[] = {"pear", "apple", "fig", "banana", "kiwi", "cherry", "date"};
    size_t n = sizeof words / sizeof words[0];
    qsort(words, n, sizeof words[0], cmpstr);
    for (size_t i = 0; i < n; i++) printf("%s ", words[i]);
    printf("\n");
    qsort(words, n, sizeof(char *), cmplen_desc);
    for (size_t i = 0; i < n; i++) printf("%s ", words[i]);
    printf("\n");
    int v[] = {5, -3, 2147483647, -2147483647 - 1, 0, 7, 7, -1};
    qsort(v, 8, sizeof(int), cmpint);
    for (int i = 0; i < 8; i++) printf("%d ", v[i]);
    printf("\n");
    int key = 7;
    int *hit = bsearch(&key, v, 8, sizeof(int), cmpint);
    printf("found at %ld\n", hit ? (long)(hit - v) : -1L);
    return 0;
}
