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
void show_pointer(void *x) { show_bytes((byte_pointer) &x, sizeof(void *)); }
void show_short(short x) { show_bytes((byte_pointer) &x, sizeof(short)); }
void show_double(double x) { show_bytes((byte_pointer) &x, sizeof(double)); }

int main(void) {
    int val = 12345;
    show_int(val);
    show_float((float) val);
    show_int(-val);
    show_short((short)-12345);
    show_double(-0.0);
    show_double(1.0/0.0);
    show_float(3.14159f);
    const char *m = "mnopqr";
    show_bytes((byte_pointer) m, strlen(m));
    int x = 0x87654321;
    printf("0x%x 0x%x 0x%x\n", x & 0xFF, x ^ ~0xFF, x | 0xFF);
    unsigned u = 3490593606u;
    show_int((int)u);
    show_float((float)u);
    return 0;
}
