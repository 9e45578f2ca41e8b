#include <stdio.h>

/*
 * gcc gives a local array or struct of 16 bytes or more a 16-byte-aligned slot on x86-64, and
 * smaller ones their own alignment. Each function puts a byte and a long (16 bytes with the
 * padding between them) before the struct and shows how far below the byte the struct starts.
 */
struct s12 {
    int a, b, c;
};
struct s16 {
    long a, b;
};
struct c17 {
    char c[17];
};
struct s20 {
    int a[5];
};
struct s24 {
    long a, b, c;
};

long gap12(void) {
    char first = 0;
    long pad = 0;
    struct s12 v;
    v.a = first;
    return &first - (char *)&v + (long)(&pad - &pad);
}
long gap16(void) {
    char first = 0;
    long pad = 0;
    struct s16 v;
    v.a = first;
    return &first - (char *)&v + (long)(&pad - &pad);
}
long gap17(void) {
    char first = 0;
    long pad = 0;
    struct c17 v;
    v.c[0] = first;
    return &first - (char *)&v + (long)(&pad - &pad);
}
long gap20(void) {
    char first = 0;
    long pad = 0;
    struct s20 v;
    v.a[0] = first;
    return &first - (char *)&v + (long)(&pad - &pad);
}
long gap24(void) {
    char first = 0;
    long pad = 0;
    struct s24 v;
    v.a = first;
    return &first - (char *)&v + (long)(&pad - &pad);
}

/* Returned through a hidden pointer (more than 16 bytes), also through a function pointer. */
struct s24 make24(void) {
    struct s24 r = {1, 2, 3};
    return r;
}

int main(void) {
    printf("%ld %ld %ld %ld %ld\n", gap12(), gap16(), gap17(), gap20(), gap24());
    struct s24 (*maker)(void) = make24;
    struct s24 a = make24();
    struct s24 b = maker();
    printf("%ld %ld\n", a.c, b.b);
    return 0;
}
