#include <stdio.h>
#include <stdlib.h>

struct node {
    int key;
    struct node *next;
};

struct node *push(struct node *head, int key) {
    struct node *n = malloc(sizeof *n);
    n->key = key;
    n->next = head;
    return n;
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

/* Removes every node whose key is divisible by d, through a pointer to the link. */
void remove_multiples(struct node **link, int d) {
    while (*link) {
        if ((*link)->key % d == 0) {
            struct node *dead = *link;
            *link = dead->next;
            free(dead);
        } else {
            link = &(*link)->next;
        }
    }
}

void print(const char *label, struct node *n) {
    printf("%s:", label);
    for (; n; n = n->next) printf(" %d", n->key);
    printf("\n");
}

struct node *merge(struct node *a, struct node *b) {
    struct node dummy;
    struct node *tail = &dummy;
    while (a && b) {
        if (a->key <= b->key) {
            tail->next = a;
            a = a->next;
        } else {
            tail->next = b;
            b = b->next;
        }
        tail = tail->next;
    }
    tail->next = a ? a : b;
    return dummy.next;
}

struct node *merge_sort(struct node *head) {
    if (!head || !head->next) return head;
    struct node *slow = head, *fast = head->next;
    while (fast && fast->next) {
        slow = slow->next;
        fast = fast->next->next;
    }
    struct node *second = slow->next;
    slow->next = NULL;
    return merge(merge_sort(head), merge_sort(second));
}

int length_recursive(struct node *n) { return n ? 1 + length_recursive(n->next) : 0; }

int main(void) {
    struct node *list = NULL;
    for (int i = 1; i <= 12; i++) list = push(list, (i * 37) % 23);
    print("built", list);
    list = reverse(list);
    print("reversed", list);
    remove_multiples(&list, 3);
    print("no multiples of 3", list);
    list = merge_sort(list);
    print("sorted", list);
    printf("length %d\n", length_recursive(list));
    /* A cycle, found with Floyd's tortoise and hare. */
    struct node *last = list;
    while (last->next) last = last->next;
    last->next = list->next->next;
    struct node *slow = list, *fast = list;
    int steps = 0;
    do {
        slow = slow->next;
        fast = fast->next->next;
        steps++;
    } while (slow != fast);
    printf("cycle detected after %d steps\n", steps);
    last->next = NULL;
    while (list) {
        struct node *next = list->next;
        free(list);
        list = next;
    }
    return 0;
}
