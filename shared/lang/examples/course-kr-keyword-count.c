#include <stdio.h>
#include <string.h>
#include <ctype.h>

struct key { char *word; int count; } keytab[] = {
    {"auto", 0}, {"break", 0}, {"case", 0}, {"char", 0}, {"const", 0}, {"continue", 0}, {"default", 0},
    {"int", 0}, {"return", 0}, {"unsigned", 0}, {"void", 0}, {"volatile", 0}, {"while", 0},
};
#define NKEYS (sizeof keytab / sizeof(struct key))

struct key *binsearch(char *word, struct key *tab, int n) {
    struct key *low = &tab[0], *high = &tab[n];
    while (low < high) {
        struct key *mid = low + (high - low) / 2;
        int cond = strcmp(word, mid->word);
        if (cond < 0) high = mid; else if (cond > 0) low = mid + 1; else return mid;
    }
    return NULL;
}

int main(void) {
    const char *text = "int main(void) { int x; while (x) { break; } return 0; } unsigned int y; const char c; void v;";
    char word[64];
    const char *p = text;
    while (*p) {
        if (isalpha((unsigned char)*p)) {
            int n = 0;
            while (isalnum((unsigned char)*p)) word[n++] = *p++;
            word[n] = 0;
            struct key *k = binsearch(word, keytab, NKEYS);
            if (k) k->count++;
        } else p++;
    }
    for (struct key *k = keytab; k < keytab + NKEYS; k++)
        if (k->count > 0) printf("%4d %s\n", k->count, k->word);
    printf("%zu %zu\n", NKEYS, sizeof(struct key));
    return 0;
}
