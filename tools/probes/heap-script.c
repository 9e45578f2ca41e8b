/*
 * heap-script: runs a heap script (see README.md) through the real glibc malloc and prints, for
 * every operation, where the chunk landed relative to the initial program break, the chunk's
 * size field (read at p - 8, flag bits included) and how far the break has moved.
 *
 * It must not disturb the heap it observes: no stdio (whose buffers are malloc'd). Input is read
 * with read(2) into a static buffer and every line is written at once with write(2), so the lines
 * before an abort() are already out when glibc kills the process.
 *
 *   gcc -O0 -o heap-script heap-script.c && ./heap-script < script.txt
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_IDS 65536
static char input[1 << 24];
static char *pointers[MAX_IDS];
static uintptr_t heap_start;
static uintptr_t first_mmap;

static void say(const char *text) { (void)!write(1, text, strlen(text)); }

static long brk_moved(void) { return (long)((uintptr_t)sbrk(0) - heap_start); }

static size_t size_field(const char *p) { return *(const size_t *)(p - 8); }

/* "ID h OFFSET SIZE BRK" for a heap chunk, "ID m PAGEOFFSET SIZE BRK MMAPOFFSET" for an mmapped
 * one, "ID 0 BRK" for NULL. */
static void report_pointer(long id, char *p) {
  char line[160];
  if (p == NULL) {
    snprintf(line, sizeof line, "%ld 0 %ld\n", id, brk_moved());
  } else if (size_field(p) & 2) {
    if (first_mmap == 0) first_mmap = (uintptr_t)p;
    snprintf(line, sizeof line, "%ld m %ld 0x%zx %ld %ld\n", id, (long)((uintptr_t)p & 0xfff),
             size_field(p), brk_moved(), (long)((intptr_t)p - (intptr_t)first_mmap));
  } else {
    snprintf(line, sizeof line, "%ld h %ld 0x%zx %ld\n", id, (long)((uintptr_t)p - heap_start),
             size_field(p), brk_moved());
  }
  say(line);
}

static char *cursor;

static int next_word(char *word, size_t capacity) {
  while (*cursor == ' ' || *cursor == '\t' || *cursor == '\r') cursor++;
  size_t n = 0;
  while (*cursor && *cursor != ' ' && *cursor != '\t' && *cursor != '\n' && *cursor != '\r') {
    if (n + 1 < capacity) word[n++] = *cursor;
    cursor++;
  }
  word[n] = 0;
  return n > 0;
}

static long next_number(void) {
  char word[64];
  next_word(word, sizeof word);
  return strtol(word, NULL, 0);
}

int main(void) {
  heap_start = (uintptr_t)sbrk(0);
  size_t length = 0;
  ssize_t got;
  while ((got = read(0, input + length, sizeof input - 1 - length)) > 0) length += (size_t)got;
  input[length] = 0;

  char line[160];
  cursor = input;
  while (*cursor) {
    char op[16];
    if (!next_word(op, sizeof op) || op[0] == '#') {
      while (*cursor && *cursor != '\n') cursor++;
      if (*cursor == '\n') cursor++;
      continue;
    }
    if (op[0] == 'b') { /* the program moves the break itself */
      long increment = next_number();
      sbrk((intptr_t)increment);
      snprintf(line, sizeof line, "b %ld\n", brk_moved());
      say(line);
      while (*cursor && *cursor != '\n') cursor++;
      if (*cursor == '\n') cursor++;
      continue;
    }
    if (op[0] == 'o') { /* mallopt(param, value) */
      long param = next_number();
      long value = next_number();
      int result = mallopt((int)param, (int)value);
      snprintf(line, sizeof line, "o %d %ld\n", result, brk_moved());
      say(line);
      while (*cursor && *cursor != '\n') cursor++;
      if (*cursor == '\n') cursor++;
      continue;
    }
    if (op[0] == 't') { /* malloc_trim(pad) */
      long pad = next_number();
      int released = malloc_trim((size_t)pad);
      snprintf(line, sizeof line, "t %d %ld\n", released, brk_moved());
      say(line);
      while (*cursor && *cursor != '\n') cursor++;
      if (*cursor == '\n') cursor++;
      continue;
    }
    long id = next_number();
    if (id < 0 || id >= MAX_IDS) return 2;
    switch (op[0]) {
    case 'm': pointers[id] = malloc((size_t)next_number()); report_pointer(id, pointers[id]); break;
    case 'c': {
      long count = next_number();
      pointers[id] = calloc((size_t)count, (size_t)next_number());
      report_pointer(id, pointers[id]);
      break;
    }
    case 'r': pointers[id] = realloc(pointers[id], (size_t)next_number()); report_pointer(id, pointers[id]); break;
    case 'M': {
      long alignment = next_number();
      pointers[id] = memalign((size_t)alignment, (size_t)next_number());
      report_pointer(id, pointers[id]);
      break;
    }
    case 'A': {
      long alignment = next_number();
      pointers[id] = aligned_alloc((size_t)alignment, (size_t)next_number());
      report_pointer(id, pointers[id]);
      break;
    }
    case 'P': {
      long alignment = next_number();
      long size = next_number();
      void *aligned = NULL;
      int error = posix_memalign(&aligned, (size_t)alignment, (size_t)size);
      snprintf(line, sizeof line, "P %ld %d\n", id, error);
      say(line);
      if (error == 0) {
        pointers[id] = aligned;
        report_pointer(id, aligned);
      }
      break;
    }
    case 'u':
      snprintf(line, sizeof line, "u %ld %zu\n", id, malloc_usable_size(pointers[id]));
      say(line);
      break;
    case 'f':
      free(pointers[id]);
      snprintf(line, sizeof line, "f %ld %ld\n", id, brk_moved());
      say(line);
      break;
    case 's':
      snprintf(line, sizeof line, "s %ld 0x%zx\n", id, size_field(pointers[id]));
      say(line);
      break;
    case 'a': {
      long source = next_number();
      long offset = next_number();
      if (source < 0 || source >= MAX_IDS) return 2;
      pointers[id] = pointers[source] + offset;
      break;
    }
    case 'w': {
      long offset = next_number();
      char word[64];
      next_word(word, sizeof word);
      unsigned long value = strtoul(word, NULL, 0); /* all 64 bits, 0x8000000000000000 and up too */
      memcpy(pointers[id] + offset, &value, sizeof value);
      break;
    }
    case 'S': { /* strcpy(p[ID] + OFFSET, TEXT): a learner's overflow, NUL included */
      long offset = next_number();
      char text[4096];
      next_word(text, sizeof text);
      strcpy(pointers[id] + offset, text);
      break;
    }
    default: return 2;
    }
    while (*cursor && *cursor != '\n') cursor++;
    if (*cursor == '\n') cursor++;
  }
  snprintf(line, sizeof line, "end %ld\n", brk_moved());
  say(line);
  return 0;
}
