#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    int capacity = 1;
    int length = 0;
    int *items = malloc(capacity * sizeof *items);
    int grows = 0;
    for (int value = 1; value <= 100; value++) {
        if (length == capacity) {
            capacity *= 2;
            int *bigger = realloc(items, capacity * sizeof *items);
            if (bigger == NULL) return 1;
            items = bigger;
            grows++;
        }
        items[length++] = value * value;
    }
    long sum = 0;
    for (int i = 0; i < length; i++) sum += items[i];
    printf("length %d capacity %d grows %d sum %ld\n", length, capacity, grows, sum);
    printf("last %d first %d\n", items[length - 1], items[0]);

    items = realloc(items, 10 * sizeof *items);
    printf("shrunk keeps %d %d\n", items[0], items[9]);

    char *text = realloc(NULL, 4);
    strcpy(text, "abc");
    for (int i = 0; i < 5; i++) {
        size_t n = strlen(text);
        text = realloc(text, 2 * n + 1);
        memcpy(text + n, text, n + 1);
    }
    printf("text length %zu starts %.6s\n", strlen(text), text);

    char *one = malloc(1);
    *one = 'q';
    one = realloc(one, 1000);
    printf("kept %c\n", *one);
    free(one);
    free(text);
    free(items);
    return 0;
}
