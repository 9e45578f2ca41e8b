#include <stdio.h>

/*
 * x86-64 passes the first six integer arguments and the first eight doubles in registers; gcc -O0
 * copies those into the callee's frame. Later integer arguments are pushed by the caller and stay
 * above the return address. Distances from a local show where each one lives.
 */
long many(int a, int b, int c, int d, int e, int f, int g, int h, double x, long y) {
    int local = a + b + c + d + e + f + g + h + (int)x + (int)y;
    char *base = (char *)&local;
    printf("a %ld, f %ld, g %ld, h %ld, x %ld, y %ld from local\n", (long)((char *)&a - base),
           (long)((char *)&f - base), (long)((char *)&g - base), (long)((char *)&h - base),
           (long)((char *)&x - base), (long)((char *)&y - base));
    return local;
}

long frame_with_many(int depth, char *above) {
    char here;
    if (depth == 1)
        return above - &here;
    many(1, 2, 3, 4, 5, 6, 7, 8, 9.0, 10);
    return frame_with_many(depth + 1, &here);
}

int main(void) {
    printf("sum %ld\n", many(1, 2, 3, 4, 5, 6, 7, 8, 9.0, 10));
    printf("a frame that calls many() is %ld bytes\n", frame_with_many(0, 0));
    return 0;
}
