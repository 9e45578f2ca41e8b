#include <stdio.h>

int next_id(void) {
    static int id = 100; /* initialized once, lives in .data, keeps its value */
    return id++;
}

int calls_so_far(void) {
    static int count; /* zero-initialized, lives in .bss */
    count++;
    return count;
}

int fresh_local(void) {
    int local = 0; /* a new one on the stack at every call */
    local++;
    return local;
}

int main(void) {
    for (int i = 0; i < 3; i++) {
        int a = next_id();
        int b = calls_so_far();
        int c = fresh_local();
        printf("next_id %d, calls_so_far %d, fresh_local %d\n", a, b, c);
    }
    return 0;
}
