#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * A pseudo-random script of 3000 malloc/calloc/realloc/free calls (sizes from 1 byte to 200 KiB)
 * under glibc without the tcache (glibc.malloc.tcache_count=0): every returned pointer's
 * offset from the heap start is folded into a checksum,
 * and the program break is sampled as it moves. Nothing is printed until the end, because the
 * first printf mallocs stdout's buffer.
 */
#define SLOTS 64
#define STEPS 3000

char *slots[SLOTS];
unsigned long checksum = 0;
long mmapped = 0;
long break_moves = 0;
long break_highest = 0;
unsigned state = 777;

unsigned next(void) {
    state = state * 1103515245u + 12345u;
    return (state >> 16) & 0x7fff;
}

size_t pick_size(void) {
    unsigned r = next() % 100;
    if (r < 50) return 1 + next() % 64;
    if (r < 80) return 64 + next() % 1000;
    if (r < 97) return 1000 + next() % 20000;
    return 100000 + next() % 100000;
}

int main(void) {
    char *start = sbrk(0);
    char *last_break = start;
    for (int step = 0; step < STEPS; step++) {
        int i = next() % SLOTS;
        unsigned action = next() % 10;
        char *result = NULL;
        if (slots[i] == NULL) {
            size_t size = pick_size();
            result = action < 2 ? calloc(1, size) : malloc(size);
            if (result != NULL) memset(result, 0x5a, size < 16 ? size : 16);
            slots[i] = result;
        } else if (action < 3) {
            result = realloc(slots[i], pick_size());
            slots[i] = result;
        } else {
            free(slots[i]);
            slots[i] = NULL;
        }
        if (result != NULL) {
            long offset = result - start;
            if (offset < 0 || offset > 100000000L) {
                mmapped++;
                offset = (long)((unsigned long)result & 0xfff);
            }
            checksum = checksum * 31 + (unsigned long)offset;
        }
        char *now = sbrk(0);
        if (now != last_break) {
            break_moves++;
            if (now - start > break_highest) break_highest = now - start;
            last_break = now;
        }
    }
    long final_break = (char *)sbrk(0) - start;
    printf("checksum %lu\n", checksum);
    printf("mmapped results %ld\n", mmapped);
    printf("break moved %ld times, highest 0x%lx, final 0x%lx\n", break_moves, break_highest,
           final_break);
    return 0;
}
