#include <stdio.h>
#include <string.h>

struct record {
    int id;
    char tag[6];
    double weight;
};

int main(void) {
    char buffer[12];
    memset(buffer, '-', sizeof buffer - 1);
    buffer[11] = '\0';
    printf("%s\n", buffer);
    memset(buffer + 3, '#', 4);
    printf("%s\n", buffer);
    int numbers[5];
    memset(numbers, 0xff, sizeof numbers);
    printf("after memset 0xff: %d %x\n", numbers[0], numbers[4]);
    memset(numbers, 0, sizeof numbers);
    printf("after memset 0: %d\n", numbers[2]);
    struct record a = {7, "seven", 7.5};
    struct record b;
    memcpy(&b, &a, sizeof a);
    printf("copied: %d %s %.1f\n", b.id, b.tag, b.weight);
    int source[4] = {1, 2, 3, 4}, destination[4];
    memcpy(destination, source, sizeof source);
    printf("%d %d %d %d\n", destination[0], destination[1], destination[2], destination[3]);
    return 0;
}
