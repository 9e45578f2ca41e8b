/* A global declared `extern` above its definition (as a header would declare it) is laid out
   where the file defines it, or first tentatively defines it (`int zero;`), among the other
   globals of its section; an `extern` in a block says nothing about where either. */
#include <stdio.h>
extern int later;
int first = 1;
extern const char *msg;
extern int zero;
extern int table[5];
static int hidden = 2;
char name[] = "shared";
int table[5] = {1, 2};
int mid;
const char *msg = "hi";
int zero;
int zero;
extern int zero;
int main(void) {
    extern int inner;
    printf("data %p %p %p %p %p\n", (void *)&first, (void *)&hidden, (void *)name, (void *)table, (void *)&later);
    printf("rel %p bss %p %p %p\n", (void *)&msg, (void *)&mid, (void *)&zero, (void *)&inner);
    return later + inner + zero + table[1] + *msg - 'h';
}
int later = 99;
int inner = 7;
