#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int process(int fail_at) {
    int rc = -1;
    char *a = NULL, *b = NULL, *c = NULL;
    a = malloc(16);
    if (!a || fail_at == 1) goto out;
    b = malloc(32);
    if (!b || fail_at == 2) goto free_a;
    c = malloc(64);
    if (!c || fail_at == 3) goto free_b;
    strcpy(c, "ok");
    printf("all allocated: %s\n", c);
    rc = 0;
    free(c);
free_b:
    free(b);
free_a:
    free(a);
out:
    printf("fail_at=%d rc=%d\n", fail_at, rc);
    return rc;
}

int main(void) {
    for (int i = 0; i <= 3; i++) process(i);
    int i = 0;
again:
    if (i < 3) { printf("loop %d\n", i); i++; goto again; }
    return 0;
}
