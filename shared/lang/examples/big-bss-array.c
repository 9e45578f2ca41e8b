#include <stdio.h>

#define SIZE (1 << 20)

char buffer[SIZE]; /* 1 MiB in .bss: costs nothing in the program file */
static int histogram[256];

int main(void) {
    for (int i = 0; i < SIZE; i += 4096)
        buffer[i] = (char)(i / 4096);
    for (int i = 0; i < SIZE; i += 4096)
        histogram[(unsigned char)buffer[i]]++;
    int used = 0;
    for (int v = 0; v < 256; v++)
        if (histogram[v])
            used++;
    printf("%d distinct values in %d sampled bytes, buffer[SIZE - 1] = %d\n", used, SIZE / 4096,
           buffer[SIZE - 1]);
    return 0;
}
