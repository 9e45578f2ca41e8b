#include <stdio.h>

struct triple {
    char a, b, c;
};

/* Distances between locals of different kinds: gcc -O0 aligns local arrays of 16 bytes or more to 16. */
int main(void) {
    char c1 = 'a';
    char small[5] = "abcd";
    char c2 = 'b';
    char big[20] = "0123456789";
    char c3 = 'c';
    int numbers[4] = {1, 2, 3, 4};
    char c4 = 'd';
    struct triple t = {'x', 'y', 'z'};
    char c5 = 'e';
    long wide[3] = {7, 8, 9};
    char *base = &c1;
    printf("small %ld, c2 %ld, big %ld, c3 %ld, numbers %ld\n", (long)(small - base),
           (long)(&c2 - base), (long)(big - base), (long)(&c3 - base), (long)((char *)numbers - base));
    printf("c4 %ld, t %ld, c5 %ld, wide %ld\n", (long)(&c4 - base), (long)((char *)&t - base),
           (long)(&c5 - base), (long)((char *)wide - base));
    printf("big %% 16 == 0: %d, numbers %% 16 == 0: %d, wide %% 16 == 0: %d\n",
           (unsigned long)big % 16 == 0, (unsigned long)numbers % 16 == 0, (unsigned long)wide % 16 == 0);
    printf("%c%c%c%c%c %s %s %d %c %ld\n", c1, c2, c3, c4, c5, small, big, numbers[3], t.c, wide[2]);
    return 0;
}
