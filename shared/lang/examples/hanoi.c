#include <stdio.h>

int moves = 0;

void hanoi(int disks, char from, char to, char via) {
    if (disks == 0)
        return;
    hanoi(disks - 1, from, via, to);
    moves++;
    if (disks >= 3)
        printf("move disk %d from %c to %c\n", disks, from, to);
    hanoi(disks - 1, via, to, from);
}

int main(void) {
    hanoi(5, 'A', 'C', 'B');
    printf("%d moves\n", moves);
    return 0;
}
