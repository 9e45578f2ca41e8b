#include <stdio.h>

enum token { NUMBER, PLUS, MINUS, TIMES, END };

enum token classify(char c) {
    switch (c) {
    case '+':
        return PLUS;
    case '-':
        return MINUS;
    case '*':
        return TIMES;
    case '\0':
        return END;
    default:
        return NUMBER;
    }
}

int evaluate(const char *s) {
    int result = *s++ - '0';
    for (;;) {
        enum token op = classify(*s);
        if (op == END)
            break;
        int operand = s[1] - '0';
        s += 2;
        switch (op) {
        case PLUS:
            result += operand;
            break;
        case MINUS:
            result -= operand;
            break;
        case TIMES:
            result *= operand;
            break;
        default:
            printf("unexpected\n");
        }
    }
    return result;
}

int main(void) {
    printf("1+2*3-4 = %d (left to right)\n", evaluate("1+2*3-4"));
    int counts[4] = {0, 0, 0, 0};
    for (int i = -3; i <= 3; i++) {
        switch (i) {
        case -3:
        case -2:
            counts[0]++;
            continue;
        default:
            counts[3]++;
            break;
        case 0:
            counts[1]++;
            break;
        case 'A' - 64:
            counts[2]++;
        }
    }
    printf("counts %d %d %d %d\n", counts[0], counts[1], counts[2], counts[3]);
    return 0;
}
