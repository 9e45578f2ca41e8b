#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int operation(int, int); /* a function type, not a pointer type */
typedef int row4[4];

int add(int a, int b) { return a + b; }
int mul(int a, int b) { return a * b; }

int grid[3][4] = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};

int (*row_of(int r))[4] { return &grid[r]; } /* returns a pointer to an array of 4 ints */

const char *upper(const char *s) { return s[0] >= 'a' ? "lower" : "upper"; }
const char *shout(const char *s) { return strlen(s) > 3 ? "long" : "short"; }

operation *choose(int which) { return which ? mul : add; }

int (*(*table_pointer)[2])(int, int); /* a pointer to an array of 2 function pointers */

struct shape {
    int sides;
    double (*area)(double);
};

double square_area(double side) { return side * side; }

int main(void) {
    operation *op = add;
    printf("%d %d\n", op(2, 3), choose(1)(4, 5));
    int (*r)[4] = row_of(1);
    printf("%d %d %zu\n", (*r)[0], r[0][3], sizeof *r);
    row4 *rows = grid;
    printf("%d\n", rows[2][1]);
    const char *(*describers[2])(const char *) = {upper, shout};
    for (int i = 0; i < 2; i++) printf("%s ", describers[i]("heap"));
    printf("\n");
    int (*ops[2])(int, int) = {add, mul};
    table_pointer = &ops;
    printf("%d %d\n", (*table_pointer)[0](6, 7), (*table_pointer)[1](6, 7));
    struct shape sq = {4, square_area};
    printf("%d %.1f\n", sq.sides, sq.area(2.5));
    int rows_count = 3;
    int (*dynamic)[4] = malloc(rows_count * sizeof *dynamic); /* one contiguous block */
    for (int i = 0; i < rows_count; i++)
        for (int j = 0; j < 4; j++) dynamic[i][j] = i * 4 + j;
    printf("%d %d %ld\n", dynamic[2][3], *(*(dynamic + 1) + 2),
           (long)((char *)&dynamic[2][0] - (char *)dynamic));
    free(dynamic);
    char raw[64];
    char *aligned = (char *)(((unsigned long)raw + 15) & ~15UL);
    printf("aligned to 16: %d, within 15 bytes: %d\n", (int)((unsigned long)aligned % 16),
           aligned - raw < 16);
    char **words = malloc(3 * sizeof *words);
    words[0] = "text";
    words[1] = "data";
    words[2] = NULL;
    for (char **w = words; *w; w++) printf("%s ", *w);
    printf("\n");
    free(words);
    return 0;
}
