#include <stdio.h>
struct pt { int x; double y; };
#define SWAP(a, b) do { typeof(a) _t = (a); (a) = (b); (b) = _t; } while (0)
int main(void) {
    int i = 1, j = 2; double d = 1.5, e = 2.5; struct pt p = { 1, 2.0 }, arr[2];
    SWAP(i, j); SWAP(d, e);
    typeof(p.y) half = p.y / 4; __typeof__(arr[0]) copy = p; typeof(int *) ip = &i; typeof(*ip) k = 9;
    printf("%d %d %g %g %g %d %zu %d\n", i, j, d, e, half, copy.x, sizeof(typeof(arr)), k);
    return 0;
}
