#include <stdio.h>

/*
 * How big each function's stack frame is, as gcc -O0 lays it out on x86-64: the distance between
 * a local in one call and the same local in the call it makes to itself. Differences of stack
 * addresses are the same on every run, even though the addresses are not.
 */
long frame_of_small(int depth, char *above) {
    char here;
    if (depth == 1)
        return above - &here;
    return frame_of_small(depth + 1, &here);
}

long frame_of_array(int depth, char *above) {
    char buffer[100];
    buffer[0] = 0;
    if (depth == 1)
        return above - buffer;
    return frame_of_array(depth + 1, buffer);
}

long frame_of_mixed(int depth, char *above, double scale, long count) {
    int i = depth;
    double total = scale * count;
    char tag = 't';
    if (depth == 1)
        return above - &tag + (long)(total * 0) + i * 0;
    return frame_of_mixed(depth + 1, &tag, scale, count);
}

long frame_of_no_locals(int depth, char *above) {
    if (depth == 1)
        return above - (char *)&depth;
    return frame_of_no_locals(depth + 1, (char *)&depth);
}

int main(void) {
    printf("one char:           %ld bytes per frame\n", frame_of_small(0, 0));
    printf("char[100]:          %ld bytes per frame\n", frame_of_array(0, 0));
    printf("int, double, char:  %ld bytes per frame\n", frame_of_mixed(0, 0, 1.5, 2));
    printf("only parameters:    %ld bytes per frame\n", frame_of_no_locals(0, 0));
    return 0;
}
