#include <stdio.h>

/*
 * Alternating calls with different frame sizes: the distance between the same local of two
 * consecutive record() calls is the size of the frame pushed in between: big_frame's is
 * 16 (return address and saved %rbp) + 112 (the 100-byte array, 16-aligned) + 16 (the spilled
 * int, rounded up) = 144 bytes, small_frame's 16 + 32 (x and the spilled n, rounded to 16) = 48.
 * No absolute address is printed.
 */
long gaps[6];
int depth_seen;

void record(int depth) {
    char local;
    static char *previous;
    if (previous != NULL) gaps[depth_seen++] = previous - &local;
    previous = &local;
}

void small_frame(int n);
void big_frame(int n) {
    char buffer[100];
    buffer[0] = (char)n;
    record(n);
    if (n > 0) small_frame(n - 1);
}

void small_frame(int n) {
    int x = n;
    record(x);
    if (n > 0) big_frame(n - 1);
}

int main(void) {
    big_frame(5);
    for (int i = 0; i < depth_seen; i++) printf("gap %d: %ld bytes\n", i, gaps[i]);
    return 0;
}
