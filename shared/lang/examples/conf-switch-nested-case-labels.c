/* A case label may sit inside a loop or an if of the switch body: the jump lands in the middle of
   that statement (Duff's device). Each label belongs to the innermost switch around it. */
#include <stdio.h>

static void duff_copy(char *to, const char *from, int count) {
    int n = (count + 3) / 4;
    switch (count % 4) {
    case 0: do { *to++ = *from++;
    case 3:      *to++ = *from++;
    case 2:      *to++ = *from++;
    case 1:      *to++ = *from++;
            } while (--n > 0);
    }
}

int main(void) {
    int steps = 0;
    switch (1) {
    case 0:
        while (steps < 10) {
            steps += 10;
        case 1:
            steps += 1;
        }
    }
    printf("%d\n", steps);

    for (int k = 0; k < 4; k++) {
        int r = 0;
        switch (k) {
        default:
            r = 100;
            if (k > 1) {
            case 1:
                r += 1;
            } else {
            case 0:
                r += 2;
                switch (r) {
                case 2: r += 40; break;
                case 102: r += 50; break;
                }
            }
        }
        printf("k=%d r=%d\n", k, r);
    }

    const char *src = "memory lane!";
    for (int count = 1; count <= 12; count += 5) {
        char dst[16] = {0};
        duff_copy(dst, src, count);
        printf("%d [%s]\n", count, dst);
    }
    return 0;
}
