#include <stdio.h>
#include <stdlib.h>

struct pair {
    int *left;
    int *right;
};

int *make_counter(int start) {
    int *c = malloc(sizeof(int));
    *c = start;
    return c;
}

int main(void) {
    int *kept = make_counter(1);
    make_counter(2); /* result dropped: 4 bytes definitely lost */
    struct pair *p = malloc(sizeof(struct pair));
    p->left = make_counter(3);
    p->right = make_counter(4);
    p = NULL; /* 16 bytes definitely lost, and the two ints it pointed to indirectly lost */
    printf("kept %d\n", *kept);
    free(kept);
    return 0;
}
