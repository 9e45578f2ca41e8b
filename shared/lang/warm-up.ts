/**
 * Warming up a fresh JavaScript engine (the app's simulator worker, before it says it is
 * ready): a small program run, recorded, travelled through and shown once on the linux-x86_64
 * layout with its glibc allocator, so that V8 has seen every path a learner's run and first
 * jumps take. (The classroom layout's small heaps replay fast even cold; warming its allocator
 * too doubled the cost.)
 *
 * Why: V8 compiles hot code for the cases it has seen run. In a fresh worker the learner's own
 * run is the first to reach restores, replays, state() and the end of a program (printf's
 * result dropped, main's return), and each of those, met after the code was compiled, throws
 * the compiled interpreter, machine and allocator away: the first jumps of a heap-heavy run
 * took 30-120 ms CPU instead of ~5. Here they are met in a few thousand steps, off the
 * learner's clock (the simulator host starts workers ahead of need).
 */
import { RunSession } from './session'

/** Touches what lessons' programs use: heap calls of every kind, calls, lists, strings, printf. */
export const WARM_UP_PROGRAM = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct node { long value; struct node *next; };
struct record { char c; short h; int i; long l; double d; float f; struct record *self; };
static int depth(int n) { if (n <= 0) return 0; return 1 + depth(n - 1); }
int main(void) {
  char *slots[16];
  struct node *head = NULL;
  unsigned long sum = 0;
  for (int i = 0; i < 16; i++) slots[i] = NULL;
  for (int i = 0; i < 120; i++) {
    int k = rand() % 16;
    if (slots[k] != NULL) { sum += (unsigned char)slots[k][0]; free(slots[k]); }
    slots[k] = malloc(16 + rand() % 100);
    slots[k][0] = (char)i;
    struct node *n = malloc(sizeof *n);
    n->value = i;
    n->next = head;
    head = n;
    sum += depth(i % 8);
  }
  for (struct node *p = head; p != NULL; p = p->next) sum += p->value;
  while (head != NULL) { struct node *next = head->next; free(head); head = next; }
  /* Each store and load right after a heap call, as a replay's first ones after a jump are. */
  struct record *r = malloc(sizeof *r);
  char *other = malloc(1);
  r->c = 'r';
  free(other);
  r->h = 300;
  other = malloc(1);
  r->i = 70000;
  free(other);
  r->l = 5000000000L;
  other = malloc(1);
  r->d = 2.5;
  free(other);
  r->f = 1.5f;
  other = malloc(1);
  r->self = r;
  free(other);
  sum += (unsigned long)r->c;
  other = malloc(1);
  sum += (unsigned long)(r->h + r->i);
  free(other);
  sum += (unsigned long)r->l + (unsigned long)(r->d * 2);
  other = malloc(1);
  sum += (unsigned long)(r->f * 2) + (r->self == r);
  free(other);
  free(r);
  char *s = calloc(8, 1);
  s = realloc(s, 32);
  strcpy(s, "warm");
  printf("%s %lu %d\\n", s, sum, (int)strlen(s));
  free(s);
  return 0;
}
`

/**
 * Runs the warm-up (~15 ms once compiled, 150-300 ms CPU in a cold engine). Its
 * results are thrown away; nothing it does outlives it but V8's knowledge of the code.
 */
export function warmUp(): void {
  // Snapshots every 64 steps: restores, the rehearsal and replays within a short run.
  const session = new RunSession(WARM_UP_PROGRAM, { snapshotInterval: 64 })
  session.runToEnd()
  session.state()
  const total = session.totalSteps ?? 0
  for (const step of [total >> 1, 5, total - 3, total >> 2, total]) {
    session.jumpTo(step)
    session.state()
  }
}
