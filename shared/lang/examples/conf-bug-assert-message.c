#include <assert.h>
#include <stdio.h>

int checked_divide(int a, int b) {
    assert(b != 0 && "divisor must not be zero");
    return a / b;
}

int main(void) {
    printf("%d\n", checked_divide(10, 2));
    printf("%d\n", checked_divide(1, 0));
    return 0;
}
