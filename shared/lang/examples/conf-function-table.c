#include <stdio.h>

typedef int (*binop)(int, int);

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int divide(int a, int b) { return b == 0 ? 0 : a / b; }

struct command {
    char symbol;
    binop apply;
};

struct command commands[] = {{'+', add}, {'-', sub}, {'*', mul}, {'/', divide}};

int apply_twice(int (*f)(int, int), int x, int y) { return f(f(x, y), y); }

binop pick(char symbol) {
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (commands[i].symbol == symbol) return commands[i].apply;
    return NULL;
}

int main(void) {
    int (*table[4])(int, int) = {add, sub, mul, divide};
    for (int i = 0; i < 4; i++) printf("%d ", table[i](20, 4));
    printf("\n");
    for (int i = 0; i < 4; i++) printf("%c:%d ", commands[i].symbol, (*commands[i].apply)(9, 3));
    printf("\n");
    printf("twice: %d %d\n", apply_twice(add, 1, 10), apply_twice(mul, 2, 3));
    binop f = pick('*');
    printf("pick: %d, missing is NULL: %d\n", f(6, 7), pick('%') == NULL);
    printf("same function: %d, different: %d\n", table[0] == add, table[0] == table[1]);
    binop *cursor = table;
    cursor += 2;
    printf("through pointer: %d\n", (*cursor)(5, 5));
    return 0;
}
