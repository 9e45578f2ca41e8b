#include <stdio.h>

struct node {
    int value;
    struct node *next;
};

int sum(struct node *list) {
    int total = 0;
    /* Forgets to stop at NULL: reads list->value of a NULL pointer at the end. */
    while (1) {
        total += list->value;
        printf("running total %d\n", total);
        list = list->next;
    }
    return total;
}

int main(void) {
    struct node c = {3, NULL};
    struct node b = {2, &c};
    struct node a = {1, &b};
    printf("sum %d\n", sum(&a));
    return 0;
}
