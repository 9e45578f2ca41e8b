#include <stdio.h>

/* Looking at a value's bytes through an unsigned char pointer is always allowed in C. */
void show_bytes(const char *label, const void *object, size_t size) {
    const unsigned char *bytes = object;
    printf("%-8s", label);
    for (size_t i = 0; i < size; i++)
        printf(" %02x", bytes[i]);
    printf("\n");
}

int main(void) {
    double one = 1.0, minus_two = -2.0, tenth = 0.1;
    long big = 0x0102030405060708L;
    int minus_one = -1;
    short s = 258;
    show_bytes("1.0", &one, sizeof one);
    show_bytes("-2.0", &minus_two, sizeof minus_two);
    show_bytes("0.1", &tenth, sizeof tenth);
    show_bytes("long", &big, sizeof big);
    show_bytes("-1", &minus_one, sizeof minus_one);
    show_bytes("258", &s, sizeof s);
    show_bytes("\"hi\"", "hi", 3);
    return 0;
}
