#include <stdio.h>

struct item {
    char tag;
    double weight;
};

size_t param_size(int numbers[10]) { return sizeof numbers; } /* a parameter array is a pointer */

const char *first = "shared literal";

int main(void) {
    int arr[10];
    int *p = arr;
    int x = 5;
    size_t s = sizeof(x++); /* not evaluated */
    printf("%zu %d\n", s, x);
    printf("%zu %zu %zu %zu\n", sizeof arr, sizeof p, sizeof *p, sizeof arr[0]);
    printf("%zu\n", param_size(arr));
    printf("%zu %zu\n", sizeof "abc", sizeof("abc" + 1));
    struct item items[4];
    printf("%zu %zu %zu\n", sizeof items, sizeof items[0], sizeof items[0].tag);
    printf("%zu\n", sizeof(1 ? 1 : 2.0));
    printf("%zu %zu\n", sizeof(char) + sizeof(short), sizeof(x + 1L));
    printf("%zu\n", sizeof(struct item *));
    printf("%f\n", 1 ? 1 : 2.0);
    /* gcc puts identical string literals once in .rodata */
    const char *second = "shared literal";
    printf("same literal, same address: %d\n", first == second);
    printf("%c %s\n", *("abc" + 1), "abc" + 2);
    printf("%c\n", "0123456789abcdef"[11]);
    char c = 200;
    printf("%d %d\n", c, c == 200);
    unsigned char uc = 200;
    printf("%d\n", uc == 200);
    return 0;
}
