#include <stdio.h>

/*
 * A struct of more than 16 bytes is returned through memory: the caller passes the address for
 * it in rdi and the callee keeps that hidden pointer in its frame like a first parameter. When
 * the call initializes or is assigned to a variable, gcc -O0 passes the variable's own address,
 * so the caller needs no temporary. The distance between two calls' locals is the frame's size:
 * 16 (return address, saved rbp) + here -1, r -32, hidden pointer -40, depth -44, above -56,
 * rounded to 64 = 80 bytes.
 */
struct s24 {
    long a, b, c;
};

struct s24 deep(int depth, char *above) {
    char here = 0;
    struct s24 r = {0, 0, 0};
    if (depth == 1) {
        r.a = above - &here;
        return r;
    }
    r = deep(depth + 1, &here);
    return r;
}

int main(void) {
    struct s24 first = deep(0, 0);
    printf("a frame of deep() is %ld bytes\n", first.a);
    return 0;
}
