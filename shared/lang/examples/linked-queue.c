#include <stdio.h>
#include <stdlib.h>

typedef struct item {
    int job;
    struct item *next;
} Item;

typedef struct {
    Item *head;
    Item *tail;
} Queue;

void enqueue(Queue *q, int job) {
    Item *it = malloc(sizeof(Item));
    it->job = job;
    it->next = NULL;
    if (q->tail)
        q->tail->next = it;
    else
        q->head = it;
    q->tail = it;
}

int dequeue(Queue *q) {
    Item *it = q->head;
    int job = it->job;
    q->head = it->next;
    if (!q->head)
        q->tail = NULL;
    free(it);
    return job;
}

int main(void) {
    Queue q = {NULL, NULL};
    for (int i = 1; i <= 3; i++)
        enqueue(&q, i);
    int served = 0;
    while (q.head) {
        int job = dequeue(&q);
        printf("serving job %d\n", job);
        if (job < 6)
            enqueue(&q, job + 3);
        served++;
    }
    printf("served %d jobs\n", served);
    return 0;
}
