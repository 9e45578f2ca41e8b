/* CS:APP 9.9.12: implicit free list macros over a heap obtained from sbrk */
#include <stdio.h>
#include <unistd.h>
#include <string.h>
#define WSIZE 4
#define DSIZE 8
#define MAX(x, y) ((x) > (y) ? (x) : (y))
#define PACK(size, alloc) ((size) | (alloc))
#define GET(p) (*(unsigned int *)(p))
#define PUT(p, val) (*(unsigned int *)(p) = (val))
#define GET_SIZE(p) (GET(p) & ~0x7)
#define GET_ALLOC(p) (GET(p) & 0x1)
#define HDRP(bp) ((char *)(bp) - WSIZE)
#define FTRP(bp) ((char *)(bp) + GET_SIZE(HDRP(bp)) - DSIZE)
#define NEXT_BLKP(bp) ((char *)(bp) + GET_SIZE(((char *)(bp) - WSIZE)))
#define PREV_BLKP(bp) ((char *)(bp) - GET_SIZE(((char *)(bp) - DSIZE)))
static char heap[1 << 12];
static char *heap_listp;
static void *find_fit(size_t asize) {
  for (char *bp = heap_listp; GET_SIZE(HDRP(bp)) > 0; bp = NEXT_BLKP(bp))
    if (!GET_ALLOC(HDRP(bp)) && asize <= GET_SIZE(HDRP(bp))) return bp;
  return NULL;
}
static void place(void *bp, size_t asize) {
  size_t csize = GET_SIZE(HDRP(bp));
  if (csize - asize >= 2 * DSIZE) {
    PUT(HDRP(bp), PACK(asize, 1)); PUT(FTRP(bp), PACK(asize, 1));
    bp = NEXT_BLKP(bp);
    PUT(HDRP(bp), PACK(csize - asize, 0)); PUT(FTRP(bp), PACK(csize - asize, 0));
  } else { PUT(HDRP(bp), PACK(csize, 1)); PUT(FTRP(bp), PACK(csize, 1)); }
}
static void *mm_malloc(size_t size) {
  size_t asize = size <= DSIZE ? 2 * DSIZE : DSIZE * ((size + DSIZE + DSIZE - 1) / DSIZE);
  char *bp = find_fit(asize);
  if (bp) place(bp, asize);
  return bp;
}
static void mm_free(void *bp) {
  size_t size = GET_SIZE(HDRP(bp));
  PUT(HDRP(bp), PACK(size, 0)); PUT(FTRP(bp), PACK(size, 0));
  size_t prev = GET_ALLOC(FTRP(PREV_BLKP(bp))), next = GET_ALLOC(HDRP(NEXT_BLKP(bp)));
  if (prev && !next) { size += GET_SIZE(HDRP(NEXT_BLKP(bp))); PUT(HDRP(bp), PACK(size, 0)); PUT(FTRP(bp), PACK(size, 0)); }
}
int main(void) {
  heap_listp = heap;
  PUT(heap_listp, 0);
  PUT(heap_listp + WSIZE, PACK(DSIZE, 1)); PUT(heap_listp + 2 * WSIZE, PACK(DSIZE, 1));
  PUT(heap_listp + 3 * WSIZE + 1024, PACK(0, 1));
  heap_listp += 2 * WSIZE;
  char *bp = NEXT_BLKP(heap_listp);
  PUT(HDRP(bp), PACK(1024, 0)); PUT(FTRP(bp), PACK(1024, 0));
  char *a = mm_malloc(10), *b = mm_malloc(100), *c = mm_malloc(3);
  printf("%ld %ld %ld\n", a - heap, b - heap, c - heap);
  printf("%u %u %u\n", GET_SIZE(HDRP(a)), GET_SIZE(HDRP(b)), GET_SIZE(HDRP(NEXT_BLKP(c))));
  mm_free(b);
  char *d = mm_malloc(50);
  printf("%ld %u %u\n", d - heap, GET_SIZE(HDRP(d)), GET_ALLOC(HDRP(NEXT_BLKP(d))));
  strcpy(a, "payload");
  printf("%s %ld\n", a, (long)sizeof(heap));
  return 0;
}
