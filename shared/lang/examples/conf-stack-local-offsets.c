#include <stdio.h>

void mixed(void) {
    char c = 'c';
    int i = 1;
    double d = 2.0;
    short s = 3;
    char *p = &c;
    long l = 4;
    char tail = 't';
    char *base = (char *)&i;
    printf("mixed: c %ld d %ld s %ld p %ld l %ld tail %ld\n", (long)(&c - base),
           (long)((char *)&d - base), (long)((char *)&s - base), (long)((char *)&p - base),
           (long)((char *)&l - base), (long)(&tail - base));
}

void arrays(void) {
    int before = 0;
    char small[5];
    int numbers[3];
    char big[20];
    long after = 0;
    char *base = (char *)&before;
    printf("arrays: small %ld numbers %ld big %ld after %ld\n", (long)(small - base),
           (long)((char *)numbers - base), (long)(big - base), (long)((char *)&after - base));
}

void blocks(int flag) {
    int outer = 1;
    char *base = (char *)&outer;
    if (flag) {
        int inner = 2;
        long inner_long = 3;
        printf("blocks: inner %ld inner_long %ld\n", (long)((char *)&inner - base),
               (long)((char *)&inner_long - base));
    }
    for (int k = 0; k < 1; k++) {
        char loop_char = 'x';
        printf("blocks: k %ld loop_char %ld\n", (long)((char *)&k - base),
               (long)(&loop_char - base));
    }
}

void params(char a, int b, long c, char *d, short e) {
    int local = 0;
    char *base = (char *)&local;
    printf("params: a %ld b %ld c %ld d %ld e %ld\n", (long)(&a - base), (long)((char *)&b - base),
           (long)((char *)&c - base), (long)((char *)&d - base), (long)((char *)&e - base));
}

long frame_gap(int depth, char *previous) {
    char marker;
    if (depth == 0) return previous - &marker;
    return frame_gap(depth - 1, &marker);
}

int main(void) {
    mixed();
    arrays();
    blocks(1);
    params('a', 2, 3, NULL, 5);
    printf("frame of frame_gap: %ld bytes\n", frame_gap(1, NULL));
    return 0;
}
