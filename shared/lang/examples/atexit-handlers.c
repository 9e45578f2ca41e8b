/* atexit: exit (and returning from main, which calls exit) runs the registered functions, the
   last registered first, before stdio's buffers are flushed; a handler may call exit again, and
   the remaining handlers still run. A crash or _exit runs none. */
#include <stdio.h>
#include <stdlib.h>

static int *log_counts;

static void free_counts(void) {
    printf("free_counts: %d, %d\n", log_counts[0], log_counts[1]);
    free(log_counts);
    log_counts = NULL;
}

static void report(void) {
    printf("report: counts %s\n", log_counts ? "still allocated" : "gone");
}

static void change_status(void) {
    printf("change_status: exit(4) from a handler\n");
    exit(4);
}

static void count(int i) {
    log_counts[i % 2]++;
    if (i == 5) {
        printf("leaving from count(%d) without a newline... ", i);
        exit(2);
    }
}

int main(void) {
    log_counts = calloc(2, sizeof *log_counts);
    atexit(report);
    atexit(free_counts);
    atexit(change_status);
    for (int i = 0; i < 10; i++) count(i);
    printf("not reached\n");
    return 0;
}
