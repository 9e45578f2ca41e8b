/* Why an uninitialized local is not zero: it holds what the previous call left in the same
   stack slot. gcc -O0 gives a function's scalars their slots in the order of their SSA
   partitions: `balance`, changed in the loop, is placed first (right below the saved %rbp),
   `deposit` after it. report()'s `shown`, its only scalar, gets the first slot: the one
   `balance` had. */
#include <stdio.h>

void account(void) {
    int deposit = 111;
    int balance = 0;
    while (balance < 500) balance += deposit;
    printf("balance %d\n", balance);
}

void report(void) {
    int shown;
    printf("uninitialized: %d\n", shown);
}

int main(void) {
    account();
    report();
    return 0;
}
