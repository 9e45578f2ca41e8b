#include <stdio.h>

/*
 * Which arguments travel in registers on x86-64 (System V) and which on the stack, seen from
 * where gcc -O0 keeps each parameter: a negative distance from `local` is a register argument
 * spilled into the frame, a positive one an argument the caller pushed above the return address.
 */
struct twelve {
    int a, b, c;
};

struct big {
    long a, b, c;
};

struct odd {
    char c[17];
};


/* Doubles take xmm registers, integers rdi..r9: both kinds spill in declaration order. */
void mixed(double x, int a, double y, char c, long b) {
    int local = 0;
    char *base = (char *)&local;
    printf("mixed:");
    printf(" x %ld a %ld y %ld c %ld b %ld\n", (long)((char *)&x - base), (long)((char *)&a - base),
           (long)((char *)&y - base), (long)((char *)&c - base), (long)((char *)&b - base));
}

/* A 12-byte struct needs two registers; with one left it goes on the stack, the int after it
   still gets that register. */
void last_register(int a, int b, int c, int d, int e, struct twelve s, int f) {
    int local = a + b + c + d + e + f + s.a;
    char *base = (char *)&local;
    printf("last_register: s %ld f %ld\n", (long)((char *)&s - base), (long)((char *)&f - base));
}

/* Eight doubles fill xmm0-7; the ninth is pushed. */
void nine_doubles(double a0, double a1, double a2, double a3, double a4, double a5, double a6,
                  double a7, double a8, int i) {
    int local = i + (int)(a0 + a1 + a2 + a3 + a4 + a5 + a6);
    char *base = (char *)&local;
    printf("nine_doubles: a7 %ld a8 %ld i %ld\n", (long)((char *)&a7 - base),
           (long)((char *)&a8 - base), (long)((char *)&i - base));
}

/* Big structs are copied onto the stack one after the other, each rounded up to 8 bytes; a
   char or short that arrives on the stack is copied into the frame. */
void big_ones(struct big a, struct big b, struct odd c, int i1, int i2, int i3, int i4, int i5,
              int i6, int i7, char ch, short sh) {
    int local = i1 + i2 + i3 + i4 + i5 + i6;
    char *base = (char *)&local;
    printf("big_ones: a %ld b %ld c %ld i7 %ld ch %ld sh %ld\n", (long)((char *)&a - base),
           (long)((char *)&b - base), (long)((char *)&c - base), (long)((char *)&i7 - base),
           (long)((char *)&ch - base), (long)((char *)&sh - base));
    printf("big_ones: %ld %ld %d %d %d %d\n", a.c, b.a, c.c[16], i7, ch, sh);
}

int main(void) {
    struct twelve t = {1, 2, 3};
    struct big x = {4, 5, 6};
    struct odd o = {{0}};
    o.c[16] = 9;
    mixed(1.0, 2, 3.0, 'c', 5);
    last_register(1, 2, 3, 4, 5, t, 6);
    nine_doubles(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    big_ones(x, x, o, 1, 2, 3, 4, 5, 6, 7, 'c', 8);
    return 0;
}
