#include <stdio.h>

struct mixed {
    char c;
    int i;
    char d;
    double x;
    short s;
};

struct reordered {
    double x;
    int i;
    short s;
    char c;
    char d;
};

struct chars {
    char a, b, c;
};

struct with_array {
    char tag;
    long values[2];
    char name[5];
};

int main(void) {
    struct mixed m;
    /* offsetof by hand: the distance from the start of the struct to the member */
    printf("struct mixed: size %zu\n", sizeof(struct mixed));
    printf("  c at %ld, i at %ld, d at %ld, x at %ld, s at %ld\n", (long)((char *)&m.c - (char *)&m),
           (long)((char *)&m.i - (char *)&m), (long)((char *)&m.d - (char *)&m),
           (long)((char *)&m.x - (char *)&m), (long)((char *)&m.s - (char *)&m));
    struct reordered r;
    printf("struct reordered: size %zu\n", sizeof r);
    printf("  x at %ld, i at %ld, s at %ld, c at %ld, d at %ld\n", (long)((char *)&r.x - (char *)&r),
           (long)((char *)&r.i - (char *)&r), (long)((char *)&r.s - (char *)&r),
           (long)((char *)&r.c - (char *)&r), (long)((char *)&r.d - (char *)&r));
    printf("struct chars: size %zu\n", sizeof(struct chars));
    struct with_array w;
    printf("struct with_array: size %zu, values at %ld, name at %ld\n", sizeof w,
           (long)((char *)w.values - (char *)&w), (long)((char *)w.name - (char *)&w));
    struct mixed pair[2];
    printf("array of 2 struct mixed: %zu bytes, stride %ld\n", sizeof pair,
           (long)((char *)&pair[1] - (char *)&pair[0]));
    return 0;
}
