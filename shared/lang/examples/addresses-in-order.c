#include <stdio.h>
#include <stdlib.h>

int initialized = 1; /* .data */
int zeroed;          /* .bss */

/* Prints how the segments are ordered, not the addresses themselves (those vary by machine). */
int main(void) {
    int local = 0;
    const char *literal = "in .rodata";
    int *block = malloc(sizeof(int));
    unsigned long text = (unsigned long)main;
    unsigned long rodata = (unsigned long)literal;
    unsigned long data = (unsigned long)&initialized;
    unsigned long bss = (unsigned long)&zeroed;
    unsigned long heap = (unsigned long)block;
    unsigned long stack = (unsigned long)&local;
    printf("text < rodata: %d\n", text < rodata);
    printf("rodata < data: %d\n", rodata < data);
    printf("data < bss: %d\n", data < bss);
    printf("bss < heap: %d\n", bss < heap);
    printf("heap < stack: %d\n", heap < stack);
    printf("malloc returns 16-byte aligned memory: %d\n", heap % 16 == 0);
    printf("the int on the stack is 4-byte aligned: %d\n", stack % 4 == 0);
    free(block);
    return 0;
}
