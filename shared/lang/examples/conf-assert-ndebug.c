/*
 * NDEBUG defined before <assert.h> turns assert into ((void)0): the condition is not even
 * evaluated, so its side effect (x++) never happens and the false assertion does not fire.
 * Defined after the include it would come too late.
 */
#define NDEBUG
#include <assert.h>
#include <stdio.h>

int main(void) {
    int x = 0;
    assert(x == 1);
    assert(x++ == 5);
    printf("assert disabled, x = %d\n", x);
    return 0;
}
