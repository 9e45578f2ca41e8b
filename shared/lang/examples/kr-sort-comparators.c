/* K&R 5.6 / 5.11: sort lines with qsort and a comparator through pointers */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int cmpstr(const void *a, const void *b) { return strcmp(*(char * const *)a, *(char * const *)b); }
int numcmp(const void *a, const void *b) { double x = atof(*(char * const *)a), y = atof(*(char * const *)b); return x < y ? -1 : x > y; }
void swap(void *v[], int i, int j) { void *t = v[i]; v[i] = v[j]; v[j] = t; }
void kr_qsort(void *v[], int left, int right, int (*comp)(const void *, const void *)) {
    int i, last;
    if (left >= right) return;
    swap(v, left, (left + right) / 2);
    last = left;
    for (i = left + 1; i <= right; i++)
        if ((*comp)(&v[i], &v[left]) < 0) swap(v, ++last, i);
    swap(v, left, last);
    kr_qsort(v, left, last - 1, comp);
    kr_qsort(v, last + 1, right, comp);
}
int main(void) {
    char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date"};
    char *nums[] = {"10", "9.5", "100", "-3", "2e1"};
    qsort(words, 6, sizeof(char *), cmpstr);
    for (int i = 0; i < 6; i++) printf("%s ", words[i]);
    printf("\n");
    kr_qsort((void **)nums, 0, 4, numcmp);
    for (int i = 0; i < 5; i++) printf("%s ", nums[i]);
    printf("\n");
    return 0;
}
