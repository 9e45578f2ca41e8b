/* Returning the address of a local: gcc warns (-Wreturn-local-addr) and, even at -O0, returns
   NULL in its place, so the first read through the pointer is a NULL dereference. Through a
   variable the address escapes unnoticed and the dead frame's value is still there. */
#include <stdio.h>

static int *through_variable(void) {
    int y = 7;
    int *q = &y;
    return q;
}

static int *direct(void) {
    int x = 5;
    return &x;
}

int main(void) {
    int *p = through_variable();
    printf("%d\n", *p);
    int *n = direct();
    printf("%s\n", n == NULL ? "NULL" : "not NULL");
    printf("%d\n", *n);
    return 0;
}
