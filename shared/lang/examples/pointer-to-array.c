#include <stdio.h>

int main(void) {
    int table[3][4] = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
    int (*row)[4] = table; /* a pointer to an array of 4 ints */
    printf("sizeof *row = %zu\n", sizeof *row);
    row++;
    printf("after row++: (*row)[0] = %d, row[1][3] = %d\n", (*row)[0], row[1][3]);
    printf("row - table = %ld\n", (long)(row - table));
    int *flat = &table[0][0];
    int sum = 0;
    for (int i = 0; i < 12; i++)
        sum += flat[i];
    printf("sum through a flat pointer: %d\n", sum);
    int (*whole)[3][4] = &table;
    printf("(*whole)[2][1] = %d, sizeof *whole = %zu\n", (*whole)[2][1], sizeof *whole);
    return 0;
}
