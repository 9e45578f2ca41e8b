/* `left = f(args)`: gcc 12 -O0 evaluates the arguments, then the left side's address, then
   makes the call, so a side effect in an argument moves the store (A..H), while a change the
   called function makes does not (I: g moves gi after the address was taken). */
#include <stdio.h>
int gi = 0;
int id(int a) { return a + 100; }
int g(void) { gi = 2; return 7; }
struct s { int m, n; };
int main(void) {
    int arr[4] = {0}, i = 0;
    arr[i] = id(i++);
    printf("A %d %d %d\n", arr[0], arr[1], i);
    int buf[4] = {0}; int *p = buf; int k = 0;
    p[k] = id(k++);
    printf("B %d %d %d\n", buf[0], buf[1], k);
    int *q = buf;
    *q = id((int)(q++ - buf));
    printf("C %d %d\n", buf[0], buf[1]);
    struct s ss[2] = {{0, 0}, {0, 0}}; struct s *sp = ss;
    sp->m = id((int)(sp++ - ss));
    printf("D %d %d\n", ss[0].m, ss[1].m);
    int m2[2][2] = {{0}}; int r = 0, c = 0;
    m2[r][c] = id(r++ + c++);
    printf("E %d %d %d\n", m2[0][0], m2[1][1], m2[0][1]);
    int arr2[5] = {0}, j = 0;
    arr2[j + 1] = id(j++);
    printf("F %d %d %d\n", arr2[1], arr2[2], j);
    int b[5] = {0};
    b[gi] = id(gi++);
    printf("G %d %d\n", b[0], b[1]);
    long cl[5] = {0}; long li = 0;
    cl[li] = id((int)li++);
    printf("H %ld %ld\n", cl[0], cl[1]);
    int d[5] = {0};
    d[gi] = g();
    printf("I %d %d %d\n", d[1], d[2], gi);
    return 0;
}
