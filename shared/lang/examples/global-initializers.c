#include <stdio.h>

struct config {
    const char *name;
    int sizes[3];
    double ratio;
};

int counter = 7;
int *counter_pointer = &counter; /* the loader fills in counter's address */
int primes[] = {2, 3, 5, 7, 11};
int *third_prime = &primes[2];
const char *labels[] = {"text", "data", "bss"};
struct config settings = {"default", {16, 32, 64}, 0.5};
struct config table[2] = {{"small", {1, 2, 3}, 0.25}, {"large", {100, 200, 300}, 0.75}};
char message[16] = "partial";
static int hidden = -1;
long zeros[100];

int main(void) {
    *counter_pointer += 1;
    printf("counter %d, *third_prime %d, labels[2] %s\n", counter, *third_prime, labels[2]);
    printf("settings: %s %d %d %d %.2f\n", settings.name, settings.sizes[0], settings.sizes[1],
           settings.sizes[2], settings.ratio);
    for (int i = 0; i < 2; i++)
        printf("table[%d]: %s %d %.2f\n", i, table[i].name, table[i].sizes[2], table[i].ratio);
    printf("message \"%s\", message[15] = %d, hidden %d, zeros[99] %ld\n", message, message[15],
           hidden, zeros[99]);
    printf("sizeof primes %zu, sizeof table %zu\n", sizeof primes, sizeof table);
    return 0;
}
