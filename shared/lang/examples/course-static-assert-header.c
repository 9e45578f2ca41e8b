/* A memory lab's compile-time checks of its block header: C11's _Static_assert at file scope
   and in a function, and <assert.h>'s static_assert, with and without a message. They leave
   nothing in the program; a false one would stop gcc (and the subset) from compiling it. */
#include <stdio.h>
#include <stddef.h>
#include <assert.h>

typedef struct header {
    size_t size;            /* payload bytes; the low bit says allocated */
    struct header *next;    /* next free block */
} header_t;

enum { ALIGNMENT = 16 };

_Static_assert(sizeof(header_t) == 16, "a header is two words");
_Static_assert(ALIGNMENT % sizeof(void *) == 0, "alignment is a multiple of a pointer");
static_assert(offsetof(header_t, next) == sizeof(size_t), "next follows size");

static unsigned char arena[4 * ALIGNMENT];

int main(void) {
    _Static_assert(sizeof arena >= 2 * sizeof(header_t), "the arena holds two headers");
    header_t *first = (header_t *)arena;
    static_assert(sizeof first->size == 8);
    first->size = sizeof arena - sizeof(header_t);
    first->next = NULL;
    printf("header %zu bytes, first block %zu bytes, next %p\n", sizeof(header_t), first->size,
           (void *)first->next);
    return 0;
}
