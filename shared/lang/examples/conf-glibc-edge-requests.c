#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* glibc's answers to odd requests (kept until the end: printf mallocs stdout's buffer). */
int main(void) {
    char *zero = malloc(0);
    char *one = malloc(1);
    long zero_to_one = one - zero; /* malloc(0) still takes a minimum 32-byte chunk */
    int zero_not_null = zero != NULL;
    char *huge = malloc((size_t)-1);
    char *too_many = calloc((size_t)1 << 62, 8); /* n * size overflows: NULL */
    char *negative = malloc(-100);                 /* converted to a huge size_t */
    free(NULL);                                    /* allowed, does nothing */
    char *r = malloc(50);
    char *gone = realloc(r, 0);                    /* glibc frees it and returns NULL */
    char *again = malloc(50);
    int realloc_zero_freed = gone == NULL && again == r;
    size_t usable[6];
    size_t asks[6] = {0, 24, 25, 40, 100, 1000};
    for (int i = 0; i < 6; i++) {
        char *p = malloc(asks[i]);
        usable[i] = malloc_usable_size(p);
        free(p);
    }
    printf("malloc(0) not NULL %d, next chunk %ld bytes on\n", zero_not_null, zero_to_one);
    printf("huge %d, calloc overflow %d, negative %d\n", huge == NULL, too_many == NULL, negative == NULL);
    printf("realloc(p, 0) freed p %d\n", realloc_zero_freed);
    for (int i = 0; i < 6; i++) printf("usable(malloc(%zu)) = %zu\n", asks[i], usable[i]);
    return 0;
}
