/*
 * Library functions as values: a pointer to strlen, malloc and free in a pluggable allocator,
 * &puts, printf through a variadic pointer with its own arguments, comparisons of the pointers,
 * and exit through a pointer. Each has an address in .text (a stub, as the PLT gives one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A pluggable allocator, as memory courses write one: the library's malloc/free by pointer. */
struct allocator {
    void *(*allocate)(size_t);
    void (*release)(void *);
};

int (*pick)(const char *, ...) = printf;

static size_t apply(size_t (*measure)(const char *), const char *text) {
    return measure(text);
}

int main(void) {
    size_t (*length)(const char *) = strlen;
    printf("%zu\n", length("four"));
    printf("%zu\n", apply(strlen, "sixteen bytes..."));
    struct allocator a = { malloc, free };
    char *p = a.allocate(32);
    strcpy(p, "through a pointer");
    pick("%s and %d\n", "a variadic call through a pointer", 42);
    puts(p);
    a.release(p);
    int (*put)(const char *) = &puts;
    put("puts by address");
    printf("%d %d %d %d\n", pick == printf, length == strlen, (void *)length != (void *)pick,
           length != NULL);
    int (*cmp)(const char *, const char *) = strcmp;
    printf("%d\n", cmp("b", "b"));
    void (*leave)(int) = exit;
    leave(3);
    return 0;
}
