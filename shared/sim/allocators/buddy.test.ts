import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Machine } from '../machine'
import { statsFromBlocks } from '../metrics'
import { BuddyAllocator } from './buddy'

/** A classroom machine (heap at 0x4000, at most 0x8000 bytes) with a buddy allocator. */
function machine(options: Record<string, unknown> = {}): { m: Machine; a: BuddyAllocator } {
  const m = new Machine({
    layout: 'classroom',
    allocator: 'buddy',
    allocatorOptions: options,
    checked: false
  })
  return { m, a: m.allocator as BuddyAllocator }
}

describe('buddy allocator: orders and buddies', () => {
  it('rounds request + 16-byte payload offset up to a power of two, at least 32', () => {
    const { a } = machine()
    // 1 + 16 = 17 -> 32 (order 5); 16 + 16 = 32 -> 32; 17 + 16 = 33 -> 64 (order 6);
    // 49 + 16 = 65 -> 128 (order 7): a 49-byte request wastes 128 - 8 - 49 = 71 bytes.
    expect([1, 16, 17, 49].map((n) => a.orderFor(n))).toEqual([5, 5, 6, 7])
  })

  it('finds a buddy by XOR of the offset from the arena base with the block size', () => {
    const { m, a } = machine()
    m.malloc(1) // creates the arena at 0x4000 (already 16-aligned)
    // Offset 0x40 ^ 0x20 = 0x60; offset 0x40 ^ 0x40 = 0x00; offset 0x80 ^ 0x80 = 0x00.
    expect(a.buddyOf(0x4040, 5)).toBe(0x4060)
    expect(a.buddyOf(0x4040, 6)).toBe(0x4000)
    expect(a.buddyOf(0x4080, 7)).toBe(0x4000)
  })

  it('rejects a minimum block that is not a power of two, naming the option', () => {
    expect(() => machine({ minBlock: 48 })).toThrow(/Minimum block 48 must be a power of two/)
  })
})

describe('buddy allocator: hand-worked heap', () => {
  it('splits, doubles the arena and merges buddies all the way back', () => {
    const { m, a } = machine()
    // malloc(20): 20 + 16 = 36 -> 64 bytes. The arena starts as one 64-byte block at 0x4000.
    const p = m.malloc(20)
    expect(p).toBe(0x4010)
    expect(m.programBreak()).toBe(0x4040)
    // malloc(10): 10 + 16 = 26 -> 32 bytes. Nothing free: the arena doubles to 128 bytes,
    // its new half 0x4040 (64) is split into 0x4040 (32, taken) and 0x4060 (32, free).
    const q = m.malloc(10)
    expect(q).toBe(0x4050)
    expect(m.programBreak()).toBe(0x4080)
    expect(a.freeLists()['order 5 (32 B)']).toEqual([[0x4060, 32]])
    // free(p): its buddy 0x4040 (order 6) is split, so nothing merges.
    m.free(p)
    expect(a.freeLists()['order 6 (64 B)']).toEqual([[0x4000, 64]])
    // free(q): 0x4040 merges with 0x4060 into 0x4040 (64), which merges with 0x4000 (64)
    // into the whole 128-byte arena.
    m.free(q)
    expect(a.freeLists()).toEqual({
      'order 5 (32 B)': [],
      'order 6 (64 B)': [],
      'order 7 (128 B)': [[0x4000, 128]]
    })
    expect(a.stats()).toMatchObject({
      freeBytes: 128,
      freeBlocks: 1,
      largestFreeBlock: 128,
      liveBlocks: 0
    })
  })

  it('counts the rounding as internal fragmentation', () => {
    const { m, a } = machine()
    m.malloc(49) // 128-byte block: 8 header, 49 requested, 128 - 8 - 49 = 71 padding
    expect(a.blocks()[0]).toMatchObject({
      size: 128,
      requested: 49,
      headerBytes: 8,
      paddingBytes: 71,
      bin: 'buddy'
    })
  })

  it('writes size | allocated into each header and shows an overwritten one as corrupted', () => {
    const { m, a } = machine()
    const p = m.malloc(16) // 32 bytes at 0x4000, payload 0x4010..0x401f
    m.malloc(16) // 0x4020
    expect(m.memory.read32(0x4000)).toBe(32 + 1)
    m.memory.write32(p + 16, 0) // overflow by one word into the next header
    expect(a.blocks().map((b) => b.corrupted === true)).toEqual([false, true])
  })

  it('fails (returns NULL) when the heap cannot double any more', () => {
    const { m } = machine()
    // The classroom heap holds at most 0x8000 bytes: a 32 KiB arena fits, 64 KiB does not.
    expect(m.malloc(0x8000 - 16)).toBe(0x4010)
    expect(m.malloc(1)).toBe(0)
  })
})

describe('buddy allocator: invariants over random operations', () => {
  it('blocks tile the arena at multiples of their size, no free buddies left unmerged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 900 }), fc.integer({ min: -50, max: -1 })), {
          maxLength: 60
        }),
        (ops) => {
          const { m, a } = machine()
          const live: number[] = []
          for (const o of ops) {
            if (o >= 0) {
              const p = m.malloc(o)
              if (p !== 0) live.push(p)
            } else if (live.length > 0) {
              m.free(live.splice(-o % live.length, 1)[0]!)
            }
          }
          const blocks = a.blocks().filter((b) => b.bin === 'buddy')
          let at = m.heapStart
          for (const b of blocks) {
            expect(b.address).toBe(at)
            expect((b.address - m.heapStart) % b.size).toBe(0)
            expect(b.payload % 16).toBe(0)
            at += b.size
          }
          expect(at).toBe(m.programBreak())
          const free = new Map(blocks.filter((b) => b.free).map((b) => [b.address, b.size]))
          for (const [address, size] of free) {
            const buddy = a.buddyOf(address, Math.log2(size))
            if (size < at - m.heapStart) expect(free.get(buddy)).not.toBe(size)
          }
          expect(a.stats()).toEqual(statsFromBlocks(a.blocks()))
        }
      ),
      { numRuns: 150, seed: 7 }
    )
  })

  it.each([
    ['', 0],
    [' (steps beyond 32 bits: a snapshot of doubles)', 2 ** 33]
  ])('restores a machine snapshot to the same blocks and lists%s', (_, stepBase) => {
    const { m, a } = machine()
    m.step = stepBase + 1
    m.line = 3
    const p = [m.malloc(10), m.malloc(100), m.malloc(30)]
    m.step = stepBase + 2
    m.free(p[0]!)
    const snap = m.snapshot()
    const before = { blocks: a.blocks(), lists: a.freeLists(), stats: a.stats() }
    m.free(p[1]!)
    m.malloc(200)
    m.restore(snap)
    expect({ blocks: a.blocks(), lists: a.freeLists(), stats: a.stats() }).toEqual(before)
  })
})
