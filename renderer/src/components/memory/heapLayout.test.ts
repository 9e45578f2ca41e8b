import { describe, expect, it } from 'vitest'
import { fragmented, manyBlocks, threeBlocks, BLOCK_A } from './fixtures'
import {
  blockParts,
  freeListLinks,
  hitTest,
  largestFreeIndex,
  layoutHeap,
  partsOf,
  visibleRange
} from './heapLayout'

describe('heap layout', () => {
  it('splits an allocated block into header, payload and padding bytes', () => {
    // malloc(16) under glibc: 8-byte size field + 16 bytes + 8 bytes of padding = 32
    expect(partsOf(BLOCK_A)).toEqual([
      { kind: 'header', bytes: 8 },
      { kind: 'payload', bytes: 16 },
      { kind: 'padding', bytes: 8 }
    ])
  })

  it('splits a free block with boundary tags into header, free space and footer', () => {
    // classroom free block of 64 bytes: 8 header + 48 free + 8 footer
    expect(partsOf(fragmented.blocks[1])).toEqual([
      { kind: 'header', bytes: 8 },
      { kind: 'free', bytes: 48 },
      { kind: 'footer', bytes: 8 }
    ])
  })

  it("draws an allocator's bookkeeping nothing requested as bookkeeping, not as padding", () => {
    // a free list's 8-byte prologue: no header of its own, nothing requested, 8 bytes "padding"
    const prologue = {
      ...BLOCK_A,
      size: 8,
      requested: 0,
      headerBytes: 0,
      paddingBytes: 8,
      bin: 'bookkeeping' as const
    }
    expect(partsOf(prologue)).toEqual([{ kind: 'payload', bytes: 8 }])
  })

  it('gives widths by the square root of the size and parts in proportion', () => {
    const layout = layoutHeap(threeBlocks.blocks, { width: 800 })
    expect(layout.scale).toBe(8)
    const a = layout.rects[1]
    // √32 × 8 = 45.25 → 45 px; header 8/32 of 45 = 11.25 → 11, payload 16/32 → 22.5 → 23,
    // padding the rest: 45 − 11 − 23 = 11
    expect(a.width).toBe(45)
    expect(blockParts(threeBlocks.blocks[1], a).map((p) => p.width)).toEqual([11, 23, 11])
    // the 0x20cf8-byte top chunk: √134392 × 8 ≈ 2933 px, clamped to the row
    expect(layout.rects[4].width).toBe(800)
    expect(layout.rects[4].row).toBe(1)
  })

  it('keeps blocks in address order, left to right and row by row', () => {
    const layout = layoutHeap(fragmented.blocks, { width: 200 })
    for (let i = 1; i < layout.rects.length; i++) {
      const [prev, rect] = [layout.rects[i - 1], layout.rects[i]]
      expect(rect.row > prev.row || (rect.row === prev.row && rect.x > prev.x)).toBe(true)
    }
  })

  it('finds the block under a point and nothing in the gaps', () => {
    const layout = layoutHeap(threeBlocks.blocks, { width: 800 })
    const b = layout.rects[2]
    expect(hitTest(layout, b.x + 1, b.y + 1)).toBe(2)
    expect(hitTest(layout, b.x + b.width - 1, b.y + b.height - 1)).toBe(2)
    expect(hitTest(layout, b.x + b.width + 1, b.y + 1)).toBe(-1) // the 2 px gap
    expect(hitTest(layout, 5, 1)).toBe(-1) // above the first row
    expect(hitTest(layout, 400, layout.rects[4].y + 2)).toBe(4) // the top chunk row
  })

  it('hit-tests every block of a 10,000-block heap at its centre', () => {
    const state = manyBlocks()
    const layout = layoutHeap(state.blocks, { width: 900 })
    expect(layout.rects.length).toBe(state.blocks.length)
    for (const rect of layout.rects) {
      expect(hitTest(layout, rect.x + rect.width / 2, rect.y + rect.height / 2)).toBe(rect.index)
    }
    expect(layout.rowStarts.length).toBeLessThanOrEqual(400)
  })

  it('returns the rects of the visible rows only', () => {
    const layout = layoutHeap(manyBlocks().blocks, { width: 900 })
    const [first, last] = visibleRange(layout, 1000, 1400)
    expect(first).toBeGreaterThan(0)
    expect(last).toBeLessThan(layout.rects.length - 1)
    // every rect drawn between 1000 and 1400 px is inside the range
    for (const rect of layout.rects) {
      if (rect.y + rect.height > 1000 && rect.y < 1400) {
        expect(rect.index >= first && rect.index <= last).toBe(true)
      }
    }
  })

  it('links free-list entries in list order and finds the largest free block', () => {
    // list 0x2020 → 0x2090 → 0x2130: blocks 1 → 3 → 5
    expect(freeListLinks(fragmented.blocks, fragmented.freeLists)).toEqual([
      { list: 'free list', from: 1, to: 3 },
      { list: 'free list', from: 3, to: 5 }
    ])
    expect(largestFreeIndex(fragmented.blocks)).toBe(5) // 0x2d0 = 720 bytes > 128 > 64
    expect(largestFreeIndex(threeBlocks.blocks.slice(0, 4))).toBe(-1)
  })
})
