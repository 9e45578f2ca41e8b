#include <stdio.h>

#define CAPACITY 8

struct stack {
    int items[CAPACITY];
    int top;
};

int push(struct stack *s, int x) {
    if (s->top == CAPACITY)
        return 0;
    s->items[s->top++] = x;
    return 1;
}

int pop(struct stack *s, int *out) {
    if (s->top == 0)
        return 0;
    *out = s->items[--s->top];
    return 1;
}

/* Evaluates a postfix expression of single digits. */
int evaluate(const char *postfix) {
    struct stack s;
    s.top = 0;
    for (const char *p = postfix; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            push(&s, *p - '0');
        } else {
            int b, a;
            pop(&s, &b);
            pop(&s, &a);
            push(&s, *p == '+' ? a + b : *p == '-' ? a - b : *p == '*' ? a * b : a / b);
        }
    }
    int result;
    pop(&s, &result);
    return result;
}

int main(void) {
    printf("34+2* = %d\n", evaluate("34+2*"));
    printf("934-*2/ = %d\n", evaluate("934-*2/"));
    struct stack s = {{0}, 0};
    int pushed = 0;
    while (push(&s, pushed))
        pushed++;
    printf("pushed %d before the stack was full\n", pushed);
    int x, popped = 0;
    while (pop(&s, &x))
        popped += x;
    printf("popped total %d\n", popped);
    return 0;
}
