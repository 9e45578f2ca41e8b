/* CS:APP 2.1.3: show_bytes prints the bytes of an int, a float and a string as they lie in
 * memory (little-endian), and how a short's bytes change when it is widened or made unsigned. */
#include <stdio.h>
#include <string.h>

typedef unsigned char *byte_pointer;

void show_bytes(byte_pointer start, size_t len) {
    size_t i;
    for (i = 0; i < len; i++)
        printf(" %.2x", start[i]);
    printf("\n");
}

void show_int(int x) { show_bytes((byte_pointer) &x, sizeof(int)); }
void show_float(float x) { show_bytes((byte_pointer) &x, sizeof(float)); }

void test_show_bytes(int val) {
    int ival = val;
    float fval = (float) ival;
    show_int(ival);
    show_float(fval);
}

int main(void) {
    test_show_bytes(12345);
    test_show_bytes(3510593);
    const char *s = "abcdef";
    show_bytes((byte_pointer) s, strlen(s));
    short sx = -12345;
    unsigned short usx = sx;
    int x = sx;
    unsigned ux = usx;
    printf("sx = %d:\t", sx); show_bytes((byte_pointer) &sx, sizeof(short));
    printf("usx = %u:\t", usx); show_bytes((byte_pointer) &usx, sizeof(unsigned short));
    printf("x = %d:\t", x); show_bytes((byte_pointer) &x, sizeof(int));
    printf("ux = %u:\t", ux); show_bytes((byte_pointer) &ux, sizeof(unsigned));
    return 0;
}
