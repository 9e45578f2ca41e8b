#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

int main(void) {
    struct node *list = NULL;
    printf("about to read list->value with list == NULL\n");
    int v = list->value; /* address 0 is never mapped: SIGSEGV */
    printf("never printed %d\n", v);
    return 0;
}
