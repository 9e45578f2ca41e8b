#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int first = rand();
    int second = rand();
    printf("unseeded: %d %d\n", first, second);
    unsigned seeds[] = {0, 1, 2, 42, 12345, 2147483647u};
    for (int i = 0; i < 6; i++) {
        srand(seeds[i]);
        int a = rand();
        int b = rand();
        int c = rand();
        printf("srand(%u): %d %d %d\n", seeds[i], a, b, c);
    }
    srand(7);
    int histogram[6] = {0};
    for (int i = 0; i < 6000; i++) histogram[rand() % 6]++;
    for (int i = 0; i < 6; i++) printf("%d ", histogram[i]);
    printf("\n");
    srand(99);
    for (int i = 0; i < 400; i++) rand();
    printf("after 400 draws: %d\n", rand());
    return 0;
}
