#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 7

struct entry {
    char *key;
    int value;
    struct entry *next;
};

struct entry *table[BUCKETS];

unsigned long hash(const char *s) {
    unsigned long h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

void put(const char *key, int value) {
    unsigned long b = hash(key) % BUCKETS;
    for (struct entry *e = table[b]; e; e = e->next)
        if (strcmp(e->key, key) == 0) {
            e->value = value;
            return;
        }
    struct entry *e = malloc(sizeof *e);
    e->key = malloc(strlen(key) + 1);
    strcpy(e->key, key);
    e->value = value;
    e->next = table[b];
    table[b] = e;
}

int get(const char *key, int missing) {
    for (struct entry *e = table[hash(key) % BUCKETS]; e; e = e->next)
        if (strcmp(e->key, key) == 0)
            return e->value;
    return missing;
}

int main(void) {
    const char *words[] = {"malloc", "free", "brk", "mmap", "stack", "heap", "free", "heap", "free"};
    for (int i = 0; i < 9; i++)
        put(words[i], get(words[i], 0) + 1);
    printf("free %d, heap %d, brk %d, calloc %d\n", get("free", 0), get("heap", 0), get("brk", 0),
           get("calloc", 0));
    printf("hash(\"heap\") = %lu\n", hash("heap"));
    int entries = 0;
    for (int b = 0; b < BUCKETS; b++) {
        struct entry *e = table[b];
        while (e) {
            struct entry *next = e->next;
            free(e->key);
            free(e);
            entries++;
            e = next;
        }
        table[b] = NULL;
    }
    printf("freed %d entries\n", entries);
    return 0;
}
