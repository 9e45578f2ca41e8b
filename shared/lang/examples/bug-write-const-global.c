#include <stdio.h>

const int limit = 10; /* a const global lives in read-only .rodata */

int main(void) {
    int *sneaky = (int *)&limit; /* the cast removes const, not the page protection */
    printf("limit = %d\n", limit);
    printf("writing through a cast pointer...\n");
    *sneaky = 20;
    printf("never printed\n");
    return 0;
}
