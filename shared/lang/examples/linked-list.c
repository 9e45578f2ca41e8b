#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

struct node *push(struct node *head, int value) {
    struct node *n = malloc(sizeof(struct node));
    n->value = value;
    n->next = head;
    return n;
}

void print_list(struct node *head) {
    for (struct node *p = head; p != NULL; p = p->next)
        printf("%d -> ", p->value);
    printf("NULL\n");
}

struct node *reverse(struct node *head) {
    struct node *previous = NULL;
    while (head) {
        struct node *next = head->next;
        head->next = previous;
        previous = head;
        head = next;
    }
    return previous;
}

int length(struct node *head) {
    int n = 0;
    while (head) {
        n++;
        head = head->next;
    }
    return n;
}

void free_list(struct node *head) {
    while (head) {
        struct node *next = head->next;
        free(head);
        head = next;
    }
}

int main(void) {
    struct node *list = NULL;
    for (int i = 1; i <= 5; i++)
        list = push(list, i * 10);
    print_list(list);
    list = reverse(list);
    print_list(list);
    printf("length %d, sizeof(struct node) %zu\n", length(list), sizeof(struct node));
    free_list(list);
    return 0;
}
