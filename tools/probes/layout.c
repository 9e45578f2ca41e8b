#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int g_data = 42;
int g_bss;
const int g_ro = 7;
int main(void) {
  int local = 0;
  void *brk0 = sbrk(0);
  void *p16 = malloc(16);
  void *brk1 = sbrk(0);
  void *big = malloc(1 << 20);
  printf("main   %p\nro     %p\nstr    %p\ndata   %p\nbss    %p\nbrk0   %p\np16    %p\nbrk1   %p\nbig    %p\nlocal  %p\n",
    (void*)main, (void*)&g_ro, (void*)"lit", (void*)&g_data, (void*)&g_bss, brk0, p16, brk1, big, (void*)&local);
  FILE *f = fopen("/proc/self/maps", "r"); char line[512];
  while (fgets(line, sizeof line, f)) fputs(line, stdout);
  return 0;
}
