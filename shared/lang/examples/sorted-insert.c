#include <stdio.h>
#include <stdlib.h>

typedef struct Node {
    int key;
    struct Node *next;
} Node;

void insert_sorted(Node **head, int key) {
    Node *n = malloc(sizeof *n);
    n->key = key;
    Node **link = head;
    while (*link != NULL && (*link)->key < key)
        link = &(*link)->next;
    n->next = *link;
    *link = n;
}

int remove_key(Node **head, int key) {
    for (Node **link = head; *link; link = &(*link)->next) {
        if ((*link)->key == key) {
            Node *dead = *link;
            *link = dead->next;
            free(dead);
            return 1;
        }
    }
    return 0;
}

void show(Node *n) {
    while (n) {
        printf("%d ", n->key);
        n = n->next;
    }
    printf("\n");
}

int main(void) {
    Node *head = NULL;
    int keys[] = {42, 7, 19, 3, 88, 19, 56};
    for (int i = 0; i < 7; i++)
        insert_sorted(&head, keys[i]);
    show(head);
    printf("remove 19: %d\n", remove_key(&head, 19));
    printf("remove 100: %d\n", remove_key(&head, 100));
    printf("remove 3: %d\n", remove_key(&head, 3));
    show(head);
    while (head)
        remove_key(&head, head->key);
    show(head);
    return 0;
}
