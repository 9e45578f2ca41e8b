#include <stdio.h>
typedef int (*cmp_fn)(int, int);
typedef void (*handler)(const char *);
static int lt(int a, int b) { return a < b; }
static int gt(int a, int b) { return a > b; }
static void hello(const char *s) { printf("hello %s\n", s); }
static handler handlers[2] = { hello, hello };
cmp_fn choose(int desc) { return desc ? gt : lt; }
int (*choose2(int desc))(int, int) { return desc ? gt : lt; }
char *names[] = { "x", "y", "z" };
char *(*pnames)[3] = &names;
const char *first(char *(*arr)[3]) { return (*arr)[0]; }
int main(void) {
    printf("%d %d %d\n", choose(0)(1, 2), choose2(1)(1, 2), (*choose(1))(5, 3));
    handlers[1]("world");
    void (*hp)(const char *) = &hello; (*hp)("again"); hp("thrice");
    printf("%s %s\n", (*pnames)[2], first(pnames));
    int (*arrp)[4]; int data[2][4] = {{1,2,3,4},{5,6,7,8}}; arrp = data; printf("%d\n", arrp[1][3]);
    int *ptrs[3]; int a = 1, b = 2, c = 3; ptrs[0] = &a; ptrs[1] = &b; ptrs[2] = &c; printf("%d\n", *ptrs[2] + **ptrs);
    int **pp = ptrs; printf("%d\n", *pp[1]);
    cmp_fn fns[] = { lt, gt }; printf("%d%d\n", fns[0](1, 2), fns[1](1, 2));
    printf("%zu %zu\n", sizeof(cmp_fn), sizeof fns);
    return 0;
}
