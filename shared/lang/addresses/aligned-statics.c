/* Alignment a program asks for a global or static, as a memory lab's heap array does: gcc
   gives exactly that alignment (never less than the type's) instead of the one it picks by
   size, 32 for an array of 32 bytes or more, 16 from 16 bytes, 8 from 8. */
#include <stdio.h>
static char a1;
_Alignas(16) char arena[4096];
static char b1;
_Alignas(8) static char small[64];
static char heap[4096] __attribute__((aligned(16)));
int counter __attribute__((aligned(16))) = 1;
char name[5] = "abcd";
__attribute__((aligned(32))) char label[5] = "wxyz";
static char page[100] __attribute__((aligned(4096)));
static char c1;
int main(void) {
    static long words[4] __attribute__((aligned(16))) = {1};
    static char flag __attribute__((aligned(8)));
    printf("bss %p %p %p %p %p\n", (void *)&a1, (void *)arena, (void *)&b1, (void *)small, (void *)heap);
    printf("data %p %p %p %p\n", (void *)&counter, (void *)name, (void *)label, (void *)words);
    printf("page %p %p %p\n", (void *)page, (void *)&c1, (void *)&flag);
    return 0;
}
