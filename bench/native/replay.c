/*
 * Replays a CS:APP malloc-lab trace (.rep) with this machine's real malloc/free/realloc and
 * prints one line: "<operations per run> <best seconds> <heap bytes> <best CPU seconds>".
 *
 * The trace is parsed first; only the operations are timed (CLOCK_MONOTONIC), best of REPEAT
 * runs. One run replays the trace PASSES times back to back (the traces are balanced: each
 * pass frees what it allocates), so a 12-operation trace is timed over enough operations to
 * mean something. The first run warms the heap; the best run is a warm one. bench/sim.bench.ts
 * times the simulator the same way, so the two columns compare.
 * Build: gcc -O2 -o replay replay.c    Run: ./replay trace.rep [repeat] [passes]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct op { char kind; int id; size_t size; };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

/* CPU time of this process: on a busy machine, what the work itself cost. */
static double cpu(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s trace.rep [repeat]\n", argv[0]); return 2; }
  int repeat = argc > 2 ? atoi(argv[2]) : 5;
  int passes = argc > 3 ? atoi(argv[3]) : 1;
  if (repeat < 1) repeat = 1;
  if (passes < 1) passes = 1;
  FILE *f = fopen(argv[1], "r");
  if (!f) { perror(argv[1]); return 1; }
  char line[256];
  long header[4]; int headers = 0;
  struct op *ops = NULL; size_t n = 0, cap = 0;
  while (fgets(line, sizeof line, f)) {
    char kind; int id; size_t size = 0;
    if (line[0] == 'a' || line[0] == 'f' || line[0] == 'r') {
      if (sscanf(line, "%c %d %zu", &kind, &id, &size) < 2) { fprintf(stderr, "bad line: %s", line); return 1; }
      if (n == cap) { cap = cap ? cap * 2 : 1024; ops = realloc(ops, cap * sizeof *ops); }
      ops[n].kind = kind; ops[n].id = id; ops[n].size = size; n++;
    } else if (headers < 4 && sscanf(line, "%ld", &header[headers]) == 1) {
      headers++;
    }
  }
  fclose(f);
  long ids = headers == 4 ? header[1] : header[0];
  void **ptr = calloc(ids, sizeof *ptr);
  double best = 1e30, bestCpu = 1e30;
  long heap = 0;
  for (int r = 0; r < repeat; r++) {
    char *start = sbrk(0);
    double t0 = now(), c0 = cpu();
    for (int p = 0; p < passes; p++) {
      for (size_t i = 0; i < n; i++) {
        struct op *o = &ops[i];
        if (o->kind == 'a') ptr[o->id] = malloc(o->size);
        else if (o->kind == 'f') { free(ptr[o->id]); ptr[o->id] = NULL; }
        else ptr[o->id] = realloc(ptr[o->id], o->size);
      }
    }
    double t = now() - t0, c = cpu() - c0;
    if (t < best) best = t;
    if (c < bestCpu) bestCpu = c;
    long grown = (char *)sbrk(0) - start;
    if (grown > heap) heap = grown;
    for (long i = 0; i < ids; i++) { free(ptr[i]); ptr[i] = NULL; }
  }
  printf("%zu %.9f %ld %.9f\n", n * (size_t)passes, best, heap, bestCpu);
  return 0;
}
