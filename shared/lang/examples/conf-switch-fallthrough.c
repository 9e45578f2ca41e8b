#include <stdio.h>

const char *classify(int n) {
    switch (n % 4) {
    case 0:
        return "zero";
    case 1:
    case -1:
        return "one";
    default:
        return "other";
    }
}

int main(void) {
    for (int i = 0; i < 6; i++) {
        int total = 0;
        switch (i) {
        case 1:
            total += 1;
        case 2:
            total += 10;
            break;
        case 3:
            total += 100;
        default:
            total += 1000;
        case 5:
            total += 10000;
        }
        printf("i=%d total=%d\n", i, total);
    }
    for (int i = -2; i <= 5; i++) printf("%s ", classify(i));
    printf("\n");
    char grade = 'B';
    switch (grade) {
    case 'A':
        printf("excellent\n");
    case 'B':
        printf("good\n");
    case 'C':
        printf("fine\n");
        break;
    case 'D':
        printf("poor\n");
    }
    long big = 5000000000L;
    switch (big) {
    case 5000000000L:
        printf("long case matched\n");
        break;
    default:
        printf("no match\n");
    }
    int nested = 2;
    switch (nested) {
    case 2: {
        int inner = 7;
        switch (inner) {
        case 7:
            printf("inner 7\n");
            break;
        }
        printf("after inner switch\n");
    }
    case 3:
        printf("fell into 3\n");
        break;
    }
    for (int i = 0; i < 3; i++) {
        switch (i) {
        case 1:
            continue;
        }
        printf("loop %d\n", i);
    }
    return 0;
}
