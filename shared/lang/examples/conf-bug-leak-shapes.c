#include <stdio.h>
#include <stdlib.h>

struct pair {
    struct pair *other;
    long payload;
};

char *kept_by_global;

void lose_a_chain(int n) {
    struct pair *head = NULL;
    for (int i = 0; i < n; i++) {
        struct pair *p = malloc(sizeof *p);
        p->other = head;
        head = p;
    }
}

int main(void) {
    kept_by_global = malloc(100); /* still reachable at exit: not lost */
    lose_a_chain(3);
    char *grown = malloc(10);
    char *bigger = realloc(grown, 50); /* the 10-byte block is freed by realloc: no leak */
    bigger = NULL;                      /* but the 50-byte one is now lost */
    printf("done\n");
    return 0;
}
