/*
 * Replays a CS:APP malloc-lab trace (.rep) with this machine's real malloc/free/realloc and
 * prints one line: "<operations per run> <best seconds> <heap bytes> <best CPU seconds>".
 *
 * The trace is parsed first; only the operations are timed (CLOCK_MONOTONIC), best of REPEAT
 * runs. One run replays the trace PASSES times back to back (the traces are balanced: each
 * pass frees what it allocates), so a 12-operation trace is timed over enough operations to
 * mean something. The first run warms the heap; the best run is a warm one. bench/sim.bench.ts
 * times the simulator the same way, so the two columns compare.
 *
 * Server mode (--serve): one request a line on stdin, "<trace path> <repeat> <passes>", one
 * answer a line on stdout, the line above, or "error <reason>" (the process goes on). The
 * benches start this process once, before they time anything, and ask it between their timed
 * runs: starting a process from Node forks the bench process, which leaves every one of its
 * pages copy-on-write, and the simulator's next run paid hundreds of page faults for it.
 * Forking here instead (a replay's own process, see serve) costs the bench nothing.
 * "quit", EOF on stdin or the asker's death ends the process.
 *
 * Build: gcc -O2 -o replay replay.c
 * Run:   ./replay trace.rep [repeat] [passes]      or      ./replay --serve
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
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

/*
 * Replays `path` and prints the figures' line on stdout. On failure writes the reason into
 * `error` (the trace's memory freed) and returns nonzero, printing nothing.
 */
static int replay(const char *path, int repeat, int passes, char *error, size_t errorSize) {
  if (repeat < 1) repeat = 1;
  if (passes < 1) passes = 1;
  FILE *f = fopen(path, "r");
  if (!f) { snprintf(error, errorSize, "%s: %s", path, strerror(errno)); return 1; }
  char line[256];
  long header[4]; int headers = 0;
  struct op *ops = NULL; size_t n = 0, cap = 0;
  while (fgets(line, sizeof line, f)) {
    char kind; int id; size_t size = 0;
    if (line[0] == 'a' || line[0] == 'f' || line[0] == 'r') {
      if (sscanf(line, "%c %d %zu", &kind, &id, &size) < 2) {
        line[strcspn(line, "\n")] = 0;
        snprintf(error, errorSize, "%s: bad line: %s", path, line);
        fclose(f); free(ops); return 1;
      }
      if (n == cap) { cap = cap ? cap * 2 : 1024; ops = realloc(ops, cap * sizeof *ops); }
      ops[n].kind = kind; ops[n].id = id; ops[n].size = size; n++;
    } else if (headers < 4 && sscanf(line, "%ld", &header[headers]) == 1) {
      headers++;
    }
  }
  fclose(f);
  long ids = headers == 4 ? header[1] : headers > 0 ? header[0] : 0;
  void **ptr = calloc(ids > 0 ? ids : 1, sizeof *ptr);
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
  free(ptr);
  free(ops);
  printf("%zu %.9f %ld %.9f\n", n * (size_t)passes, best, heap, bestCpu);
  return 0;
}

/*
 * Answers "<path> <repeat> <passes>" lines until EOF; a bad request answers "error ...".
 * Each request is replayed in a child of this process, forked for it: malloc's state outlives
 * a replay (the heap's shape, the top's position, the mmap threshold glibc raises when a
 * mapped chunk is freed), and replayed here one after another the traces measured what the
 * earlier ones left: realloc-bal 3.5x slower after the other traces than in a process of its
 * own. A child starts from this process's malloc state, which is a fresh process's (nothing
 * here allocates but stdio's buffers).
 */
static int serve(void) {
  char request[4096], path[4096], error[4400];
  /* The asker ends this process with "quit"; should it die first, the kernel ends it (stdin,
     a FIFO this process was handed open for reading and writing, never reaches EOF). */
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() == 1) return 0; /* the asker died before the line above */
  while (fgets(request, sizeof request, stdin)) {
    int repeat = 0, passes = 0;
    if (strcmp(request, "quit\n") == 0) break;
    if (sscanf(request, "%4095s %d %d", path, &repeat, &passes) != 3) {
      request[strcspn(request, "\n")] = 0;
      printf("error bad request: %s\n", request);
      fflush(stdout);
      continue;
    }
    pid_t child = fork();
    if (child == 0) {
      if (replay(path, repeat, passes, error, sizeof error) != 0) printf("error %s\n", error);
      fflush(stdout); /* the asker waits for this line */
      _exit(0);
    }
    int status = 0;
    if (child < 0) printf("error fork: %s\n", strerror(errno));
    else if (waitpid(child, &status, 0) < 0) printf("error waitpid: %s\n", strerror(errno));
    else if (WIFSIGNALED(status)) printf("error the replay of %s was killed by signal %d\n", path, WTERMSIG(status));
    fflush(stdout);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--serve") == 0) return serve();
  if (argc < 2) {
    fprintf(stderr, "usage: %s trace.rep [repeat] [passes]\n       %s --serve\n", argv[0], argv[0]);
    return 2;
  }
  char error[4400];
  if (replay(argv[1], argc > 2 ? atoi(argv[2]) : 5, argc > 3 ? atoi(argv[3]) : 1, error, sizeof error) != 0) {
    fprintf(stderr, "%s\n", error);
    return 1;
  }
  return 0;
}
