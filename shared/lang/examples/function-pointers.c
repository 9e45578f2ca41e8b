#include <stdio.h>

int add(int a, int b) { return a + b; }
int subtract(int a, int b) { return a - b; }
int multiply(int a, int b) { return a * b; }

typedef int (*binary_op)(int, int);

int apply(binary_op op, int a, int b) { return op(a, b); }

void for_each(int *items, int n, void (*visit)(int)) {
    for (int i = 0; i < n; i++)
        visit(items[i]);
}

void print_square(int x) { printf("%d ", x * x); }

int main(void) {
    binary_op table[] = {add, subtract, multiply};
    const char *names[] = {"add", "subtract", "multiply"};
    for (int i = 0; i < 3; i++)
        printf("%s(7, 3) = %d\n", names[i], apply(table[i], 7, 3));
    int (*f)(int, int) = &multiply;
    printf("(*f)(6, 7) = %d, f(6, 7) = %d\n", (*f)(6, 7), f(6, 7));
    printf("f == multiply: %d, f == add: %d\n", f == multiply, f == add);
    int items[] = {1, 2, 3, 4};
    for_each(items, 4, print_square);
    printf("\n");
    return 0;
}
