#include <stdio.h>

/*
 * The example of CS:APP (section 3.10.3): an out-of-bounds write into a local struct. a[2] and
 * a[3] land in d, a[4] in the saved frame pointer, so main loses its frame after fun(4) returns.
 */
typedef struct {
    int a[2];
    double d;
} struct_t;

double fun(int i) {
    volatile struct_t s;
    s.d = 3.14;
    s.a[i] = 1073741824; /* possibly out of bounds */
    return s.d;
}

int main(void) {
    for (int i = 0; i < 8; i++) printf("fun(%d) = %.10f\n", i, fun(i));
    return 0;
}
