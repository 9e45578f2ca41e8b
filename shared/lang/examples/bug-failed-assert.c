#include <assert.h>
#include <stdio.h>

int checked_index(int i, int length) {
    assert(i >= 0 && i < length);
    return i;
}

int main(void) {
    printf("index %d is fine\n", checked_index(2, 4));
    printf("index %d is not\n", checked_index(4, 4));
    return 0;
}
