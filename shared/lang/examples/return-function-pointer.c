#include <stdio.h>

int add(int a, int b) { return a + b; }
int max(int a, int b) { return a > b ? a : b; }

/* choose returns a pointer to a function taking two ints and returning an int */
int (*choose(char op))(int, int) {
    if (op == '+')
        return add;
    return max;
}

typedef int (*operation)(int, int);

struct calculator {
    const char *name;
    operation run;
};

int fold(const int *items, int n, operation op, int start) {
    int acc = start;
    for (int i = 0; i < n; i++)
        acc = op(acc, items[i]);
    return acc;
}

int main(void) {
    int items[] = {4, 9, 2, 7};
    printf("sum %d, max %d\n", fold(items, 4, choose('+'), 0), fold(items, 4, choose('m'), items[0]));
    struct calculator calculators[] = {{"add", add}, {"max", max}};
    for (int i = 0; i < 2; i++)
        printf("%s(3, 8) = %d\n", calculators[i].name, calculators[i].run(3, 8));
    printf("choose('+')(20, 22) = %d\n", choose('+')(20, 22));
    return 0;
}
