/**
 * The C programs of the interpreter's benchmark (lang.bench.ts), also run by
 * tools/probes/lang-ab.ts to compare two checkouts.
 */

export const FIB = `#include <stdio.h>
int fib(int n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); }
int main(void) { printf("%d\\n", fib(27)); return 0; }
`

export const LIST = `#include <stdio.h>
#include <stdlib.h>
struct node { long value; struct node *next; };
int main(void) {
  struct node *head = NULL;
  for (int i = 0; i < 2000; i++) {
    struct node *n = malloc(sizeof *n);
    n->value = i;
    n->next = head;
    head = n;
  }
  long total = 0;
  for (int round = 0; round < 300; round++)
    for (struct node *p = head; p != NULL; p = p->next) total += p->value;
  printf("%ld\\n", total);
  return 0;
}
`

export const MALLOC = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  char *slots[256];
  for (int i = 0; i < 256; i++) slots[i] = NULL;
  unsigned long checksum = 0;
  for (int i = 0; i < 60000; i++) {
    int k = rand() % 256;
    if (slots[k] != NULL) { checksum += (unsigned char)slots[k][0]; free(slots[k]); }
    slots[k] = malloc(16 + rand() % 200);
    slots[k][0] = (char)i;
  }
  printf("%lu\\n", checksum);
  return 0;
}
`

export const MILLION = `int main(void) {
  long s = 0;
  for (long i = 0; i < 500000; i++) s += i;
  return (int)(s & 1);
}
`
