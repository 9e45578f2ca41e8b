#include <stdio.h>
#include <stdlib.h>

typedef struct node node; /* the typedef comes before the struct's definition */
struct later;              /* a forward declaration, used only through pointers */

struct node {
    int value;
    node *next;
    struct later *extra;
};

enum direction { NORTH, EAST, SOUTH, WEST, };

int tentative;
int tentative; /* a second tentative definition of the same global is legal C */
extern int defined_later;

static const char *const table[] = {"zero", "one", "two",};

void nothing(void) { return; }
void shout(void) { printf("shout\n"); }
void whisper(void) { printf("whisper\n"); }

int square(int x) { return (x * x); }

int main() {
    int a[] = {1, 2, 3,};
    char exact[3] = "abc"; /* no room for '\0': legal, but not a string */
    printf("%zu %c%c%c\n", sizeof a / sizeof a[0], exact[0], exact[1], exact[2]);
    int* p, q; /* q is an int, not a pointer */
    q = 5;
    p = &q;
    printf("%zu %zu %d\n", sizeof p, sizeof q, *p);
    int const c1 = 3;
    char const *s = table[2];
    printf("%d %s %s\n", c1, s, table[WEST - 2]);
    int i = 0;
    while (i++ < 10)
        ;
    printf("i %d\n", i);
    for (;;) {
        if (++i > 15) break;
    }
    printf("i %d\n", i);
    do
        ;
    while (0);
    (void)square(3);
    nothing();
    int loud = 1;
    loud ? shout() : whisper();
    !loud ? shout() : whisper();
    printf("%d %d\n", 3 < 2 < 1, 1 < 2 < 3);
    for (int x = 0, y = 10; x < y; x += 3, y -= 3) printf("(%d %d)", x, y);
    printf("\n");
    int long_array[sizeof(long) * 2];
    printf("%zu\n", sizeof long_array);
    unsigned char index = 2;
    printf("%d\n", a[index]);
    node n = {7, NULL, NULL};
    node *np = &n;
    printf("%d %d\n", np->value, np->next == NULL);
    const char *label = NULL;
    printf("%s\n", label ? label : "none");
    printf("%d %d %d\n", tentative, defined_later, 0);
    printf("%d\n", square(defined_later) + 00);
    /* no return statement: main returns 0 */
}

int defined_later = 12;
