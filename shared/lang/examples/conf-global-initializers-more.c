#include <stdio.h>

int numbers[5] = {10, 20, 30, 40, 50};
int *third = &numbers[2];
int *end = numbers + 5;
const char *words[] = {"text", "data", "bss", "heap", "stack"};
const char *suffix = "segment" + 3;
char letters[] = "xyz";
char *letter_pointer = letters + 1;
struct point {
    int x, y;
};
struct segment {
    const char *name;
    struct point from, to;
    int flags[3];
};
struct segment segments[2] = {{"first", {1, 2}, {3, 4}, {1}}, {"second", {5, 6}, {7, 8}, {0, 1, 2}}};
struct point *last_point = &segments[1].to;
long big = 1L << 40;
double ratio = 1.0 / 3;
unsigned char bytes[4] = {255, 128, 0};
int (*pick)(const char *, ...);
int counter;
static int hidden = 3;
size_t word_count = sizeof words / sizeof words[0];
char matrix[2][4] = {"abc", "de"};

int main(void) {
    printf("%d %d %ld\n", *third, end[-1], (long)(end - third));
    for (size_t i = 0; i < word_count; i++) printf("%s%c", words[i], i + 1 < word_count ? ' ' : '\n');
    printf("%s %c %s\n", suffix, *letter_pointer, letter_pointer);
    printf("%s %d %d %d\n", segments[0].name, segments[0].from.y, segments[0].to.x,
           segments[0].flags[2]);
    printf("%s %d %d\n", segments[1].name, last_point->x, last_point->y);
    printf("%ld %.6f\n", big, ratio);
    printf("%d %d %d %d\n", bytes[0], bytes[1], bytes[2], bytes[3]);
    printf("counter + hidden = %d, pick is NULL: %d\n", counter + hidden, pick == NULL);
    printf("%s %s %d\n", matrix[0], matrix[1], matrix[1][3]);
    *third = 99;
    printf("%d\n", numbers[2]);
    return 0;
}
