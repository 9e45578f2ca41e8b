/*
 * stack-depth: how deep `void f(int d) { char buf[N]; buf[0] = d; f(d + 1); }` recurses before
 * the stack limit kills it. The SIGSEGV handler runs on an alternate stack and prints the last
 * depth reached (0-based: the value of d in the deepest call).
 *
 *   gcc -O0 -DN=64 -o stack-depth stack-depth.c && bash -c 'ulimit -s 8192; setarch -R ./stack-depth'
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#ifndef N
#define N 0
#endif

static volatile int depth;
static char alternate_stack[65536];

static void on_segv(int signal_number) {
  (void)signal_number;
  char line[32];
  int length = snprintf(line, sizeof line, "%d\n", depth);
  (void)!write(1, line, (size_t)length);
  _exit(0);
}

void f(int d) {
  char buf[N];
  depth = d;
  buf[0] = (char)d;
  f(d + 1);
}

int main(void) {
  stack_t alternate = {.ss_sp = alternate_stack, .ss_size = sizeof alternate_stack};
  sigaltstack(&alternate, 0);
  struct sigaction action = {.sa_handler = on_segv, .sa_flags = SA_ONSTACK};
  sigaction(SIGSEGV, &action, 0);
  f(0);
  return 0;
}
