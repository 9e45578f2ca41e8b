#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Requests above the mmap threshold (128 KiB by default) are served by mmap, not the heap. */
int main(void) {
    size_t size = 1 << 20;
    char *big = malloc(size);
    memset(big, 'z', size);
    big[size - 1] = '\0';
    printf("1 MiB block: first %c, length %zu\n", big[0], strlen(big));
    long *numbers = calloc(200000, sizeof(long));
    long sum = 0;
    for (int i = 0; i < 200000; i += 1000)
        sum += numbers[i] + i;
    printf("calloc'd 200000 longs, sampled sum %ld\n", sum);
    big = realloc(big, 2 * size);
    big[2 * size - 1] = 'e';
    printf("grown to 2 MiB, first %c, last %c\n", big[0], big[2 * size - 1]);
    free(numbers);
    free(big);
    return 0;
}
