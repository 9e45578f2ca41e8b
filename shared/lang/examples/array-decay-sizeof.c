/* sizeof an array, a pointer to it and a decayed parameter; pointer arithmetic by the size of
 * what is pointed to. */
#include <stdio.h>
void f(int a[10]) { printf("%zu\n", sizeof a); }
int main(void) { int a[10]; int (*pa)[10] = &a; printf("%zu %zu %zu\n", sizeof a, sizeof *pa, sizeof &a); f(a); printf("%ld %ld\n", (long)((char *)(pa + 1) - (char *)pa), (long)((char *)(a + 1) - (char *)a)); return 0; }
