#include <stdio.h>
#include <stdlib.h>

struct dnode {
    char letter;
    struct dnode *prev;
    struct dnode *next;
};

struct deque {
    struct dnode *front;
    struct dnode *back;
    int size;
};

void push_back(struct deque *d, char letter) {
    struct dnode *n = malloc(sizeof(struct dnode));
    n->letter = letter;
    n->next = NULL;
    n->prev = d->back;
    if (d->back)
        d->back->next = n;
    else
        d->front = n;
    d->back = n;
    d->size++;
}

char pop_front(struct deque *d) {
    struct dnode *n = d->front;
    char letter = n->letter;
    d->front = n->next;
    if (d->front)
        d->front->prev = NULL;
    else
        d->back = NULL;
    free(n);
    d->size--;
    return letter;
}

int main(void) {
    struct deque d = {NULL, NULL, 0};
    const char *word = "memory";
    for (int i = 0; word[i] != '\0'; i++)
        push_back(&d, word[i]);
    printf("size %d\n", d.size);
    printf("backwards: ");
    for (struct dnode *n = d.back; n; n = n->prev)
        putchar(n->letter);
    printf("\n");
    printf("popped: ");
    while (d.size > 0)
        putchar(pop_front(&d));
    printf("\nempty: %s\n", d.front == NULL && d.back == NULL ? "yes" : "no");
    printf("sizeof(struct dnode) = %zu\n", sizeof(struct dnode));
    return 0;
}
