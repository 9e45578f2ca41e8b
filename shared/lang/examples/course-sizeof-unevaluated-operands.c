#include <stdio.h>
int calls;
int f(void) { calls++; return 1; }
int main(void) {
    int i = 0; int a[10]; char c = 'x'; short s = 1;
    size_t z = sizeof(i++) + sizeof f() + sizeof(a[i++]) + sizeof(c + c) + sizeof(s * s) + sizeof(c = 100);
    printf("%zu i=%d calls=%d c=%c\n", z, i, calls, c);
    printf("%zu %zu %zu %zu\n", sizeof 'a', sizeof(char), sizeof "hello", sizeof(a) / sizeof(a[0]));
    printf("%zu %zu %zu\n", sizeof(1 ? c : s), sizeof(1.0f + 1), sizeof(-c));
    printf("%zu %zu %zu\n", sizeof(int (*)[10]), sizeof(*&a), sizeof(&a[0]));
    printf("%zu %zu\n", sizeof(1 == 1), sizeof(0UL));
    return 0;
}
