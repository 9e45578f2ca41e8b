/* CS:APP chapter 3's goto forms of loops and conditionals, and goto for cleanup (OSTEP style). */
#include <stdio.h>
#include <stdlib.h>
long fact_do_goto(long n) {
    long result = 1;
loop:
    result *= n;
    n = n - 1;
    if (n > 1) goto loop;
    return result;
}
long absdiff_goto(long x, long y) {
    long result;
    if (x >= y) goto x_ge_y;
    result = y - x;
    return result;
x_ge_y:
    result = x - y;
    return result;
}
long fact_while_jm_goto(long n) {
    long result = 1;
    goto test;
loop:
    result *= n;
    n = n - 1;
test:
    if (n > 1) goto loop;
    return result;
}
int process(int n) {
    int *a = malloc(n * sizeof *a);
    int rc = -1;
    if (!a) goto out;
    for (int i = 0; i < n; i++) {
        a[i] = i * i;
        if (a[i] > 20) { rc = i; goto cleanup; }
    }
    rc = 0;
cleanup:
    free(a);
out:
    return rc;
}
int main(void) {
    printf("%ld %ld %ld\n", fact_do_goto(10), absdiff_goto(3, 10), absdiff_goto(10, 3));
    printf("%ld %ld\n", fact_while_jm_goto(20), fact_while_jm_goto(0));
    printf("%d %d\n", process(10), process(3));
    int i = 0;
again:
    i++;
    if (i < 5) goto again;
    printf("%d\n", i);
    for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) if (a * b == 2) { printf("found %d %d\n", a, b); goto done; }
done:
    return 0;
}
