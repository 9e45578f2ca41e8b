#include <stdio.h>

int next_id(void) {
    static int id = 100;
    return id++;
}

int counter(int reset) {
    static int count;
    if (reset) count = 0;
    return ++count;
}

const char *remember(const char *name) {
    static char last[16];
    static const char *previous = "none";
    const char *was = previous;
    int i = 0;
    while (name[i] != '\0' && i < 15) {
        last[i] = name[i];
        i++;
    }
    last[i] = '\0';
    previous = last;
    return was;
}

int *shared_slot(void) {
    static int slot = 5;
    return &slot;
}

int calls_in(int depth) {
    static int total;
    total++;
    if (depth > 0) calls_in(depth - 1);
    return total;
}

int main(void) {
    int first = next_id();
    int second = next_id();
    printf("%d %d\n", first, second);
    printf("%d\n", next_id());
    for (int i = 0; i < 3; i++) printf("count %d\n", counter(0));
    printf("after reset %d\n", counter(1));
    printf("previous: %s\n", remember("alpha"));
    printf("previous: %s\n", remember("beta"));
    printf("previous: %s\n", remember("gamma"));
    int *slot = shared_slot();
    *slot += 10;
    printf("slot now %d, again %d\n", *shared_slot(), *slot);
    printf("calls %d\n", calls_in(4));
    printf("calls %d\n", calls_in(2));
    for (int round = 0; round < 2; round++) {
        static int per_block = 1;
        per_block *= 3;
        printf("block static %d\n", per_block);
    }
    return 0;
}
