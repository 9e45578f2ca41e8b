#include <stdio.h>
#define LOG(fmt, ...) printf("log: " fmt "\n", ##__VA_ARGS__)
#define ERR(fmt, ...) fprintf(stderr, "err: " fmt "\n", ## __VA_ARGS__)
#define CALL(f, ...) f(__VA_ARGS__)
#define COUNT_ARGS(...) count(0, ##__VA_ARGS__)
int count(int dummy, ...) { return dummy; }
int two(int a, int b) { return a * 10 + b; }
int main(void) {
    LOG("plain");
    LOG("one %d", 1);
    LOG("three %d %s %c", 3, "x", 'y');
    ERR("to stderr %d", 42);
    ERR("bare");
    printf("%d %d\n", CALL(two, 4, 2), COUNT_ARGS());
    return 0;
}
