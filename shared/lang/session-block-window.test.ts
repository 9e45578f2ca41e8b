/**
 * A heap of more blocks than a state carries (HEAP_BLOCK_WINDOW): the state holds a part of it,
 * the same blocks with the same origins and roles as the whole list has there, and the figures
 * over all of them the heap view needs.
 */
import { describe, expect, it } from 'vitest'
import type { BlockInfo } from '../sim/types'
import { HEAP_BLOCK_WINDOW, windowOfBlocks } from '../state'
import { RunSession } from './session'

function block(address: number, size: number, extra: Partial<BlockInfo> = {}): BlockInfo {
  return {
    address,
    size,
    payload: address + 16,
    requested: size - 16,
    headerBytes: 16,
    footerBytes: 0,
    paddingBytes: 0,
    free: false,
    ...extra
  }
}

describe('windowOfBlocks', () => {
  // bookkeeping 0x1000 (not the program's), then 0x1100 free 64, 0x1140 used, 0x1180 free 64
  // (a tie with 0x1100: the first is the largest), 0x11c0 used, 0x1200 free 32.
  const heap = [
    block(0x1000, 0x100, { bin: 'bookkeeping' }),
    block(0x1100, 64, { free: true }),
    block(0x1140, 64),
    block(0x1180, 64, { free: true }),
    block(0x11c0, 64),
    block(0x1200, 32, { free: true })
  ]

  it('carries every block, and no window, when they fit', () => {
    const shown = windowOfBlocks(heap, 'end', 6)
    expect(shown.window).toBeUndefined()
    expect(shown.blocks).toEqual(heap)
  })

  it('carries the last blocks by default, with the figures over all of them', () => {
    const shown = windowOfBlocks(heap, 'end', 4)
    expect(shown.blocks.map((b) => b.address)).toEqual([0x1140, 0x1180, 0x11c0, 0x1200])
    // 6 blocks, 5 of the program's; the largest free block is the first 64-byte one, position 1.
    expect(shown.window).toEqual({ first: 2, total: 6, programBlocks: 5, largestFree: 1 })
  })

  it('starts where asked, kept inside the heap', () => {
    expect(windowOfBlocks(heap, 1, 3).window?.first).toBe(1)
    expect(windowOfBlocks(heap, 1, 3).blocks.map((b) => b.address)).toEqual([
      0x1100, 0x1140, 0x1180
    ])
    // Past the end: the last 3 (positions 3-5); a fraction is floored.
    expect(windowOfBlocks(heap, 99, 3).window?.first).toBe(3)
    expect(windowOfBlocks(heap, 1.7, 3).window?.first).toBe(1)
  })

  it('carries the block holding an address in the middle of the part, kept inside the heap', () => {
    // 0x1150 is inside 0x1140 (position 2): the part of 3 starts one block before it
    expect(windowOfBlocks(heap, { address: 0x1150 }, 3).window?.first).toBe(1)
    // the last byte of 0x11c0 (position 4) and the first of 0x1200 (position 5): the last 3
    expect(windowOfBlocks(heap, { address: 0x11ff }, 3).window?.first).toBe(3)
    expect(windowOfBlocks(heap, { address: 0x1200 }, 3).window?.first).toBe(3)
    // below the first block, and past the last: the heap's ends
    expect(windowOfBlocks(heap, { address: 0x10 }, 3).window?.first).toBe(0)
    expect(windowOfBlocks(heap, { address: 0x9000 }, 3).window?.first).toBe(3)
  })
})

describe('a state of a heap bigger than a state carries', () => {
  const BLOCKS = HEAP_BLOCK_WINDOW + 500
  // Every fourth block freed, so the part carries free blocks with their origins too.
  const program = `#include <stdlib.h>
char *blocks[${BLOCKS}];
int main(void) {
  for (int i = 0; i < ${BLOCKS}; i++)
    blocks[i] = malloc(16 + i % 48);
  for (int i = 0; i < ${BLOCKS}; i += 4)
    free(blocks[i]);
  return 0;
}
`
  for (const allocator of ['glibc', 'first-fit'])
    it(`carries the same blocks as the whole list has there (${allocator})`, () => {
      const session = new RunSession(program, { allocator })
      session.runToEnd()
      const all = session.state()
      expect(all.blockWindow).toBeUndefined()
      expect(all.blocks.length).toBeGreaterThan(BLOCKS)

      const end = session.state('end')
      const first = all.blocks.length - HEAP_BLOCK_WINDOW
      expect(end.blocks).toHaveLength(HEAP_BLOCK_WINDOW)
      expect(end.blocks).toEqual(all.blocks.slice(first))
      const largest = all.blocks.reduce(
        (best, b, i) => (b.free && (best < 0 || b.size > all.blocks[best].size) ? i : best),
        -1
      )
      expect(end.blockWindow).toEqual({
        first,
        total: all.blocks.length,
        programBlocks: all.blocks.filter((b) => b.bin !== 'bookkeeping').length,
        largestFree: largest
      })
      // Every block freed by the program says where it was allocated and freed.
      const freed = end.blocks.filter((b) => b.free && b.bin !== 'top')
      expect(freed.length).toBeGreaterThan(0)
      expect(freed.every((b) => b.allocated?.line === 5 && b.freed?.line === 7)).toBe(true)

      const start = session.state(0)
      expect(start.blocks).toEqual(all.blocks.slice(0, HEAP_BLOCK_WINDOW))
      expect(start.blockWindow?.first).toBe(0)
      // Everything else is the same state.
      const { blocks: _a, blockWindow: _w, ...rest } = end
      const { blocks: _b, ...restAll } = all
      expect(rest).toEqual(restAll)
    })
})
