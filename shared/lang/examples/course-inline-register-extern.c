#include <stdio.h>
static inline int sq(int x) { return x * x; }
inline static long cube(long x) { return x * x * x; }
int main(void) {
    register int i; int total = 0;
    for (i = 0; i < 5; i++) total += sq(i);
    auto int z = 3;
    printf("%d %ld %d\n", total, cube(z), z);
    extern int glob; printf("%d\n", glob);
    return 0;
}
int glob = 17;
