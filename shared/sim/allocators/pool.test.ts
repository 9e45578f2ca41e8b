import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Machine } from '../machine'
import { statsFromBlocks } from '../metrics'
import { PoolAllocator } from './pool'

/** A classroom machine (heap at 0x4000) with a pool allocator. */
function machine(options: Record<string, unknown> = {}): { m: Machine; a: PoolAllocator } {
  const m = new Machine({
    layout: 'classroom',
    allocator: 'pool',
    allocatorOptions: options,
    checked: false
  })
  return { m, a: m.allocator as PoolAllocator }
}

describe('pool allocator', () => {
  it('carves a chunk of equal slots and hands them out lowest first', () => {
    const { m, a } = machine({ objectSize: 24, slotsPerChunk: 4 })
    // 24 bytes rounded up to 16: 32-byte slots; one chunk = 4 x 32 = 128 bytes from 0x4000.
    expect(a.slotSize).toBe(32)
    expect([m.malloc(24), m.malloc(1), m.malloc(10)]).toEqual([0x4000, 0x4020, 0x4040])
    expect(m.programBreak()).toBe(0x4080)
    // A fifth object needs a second chunk: 0x4080..0x40ff.
    m.malloc(5)
    expect(m.malloc(5)).toBe(0x4080)
    expect(m.programBreak()).toBe(0x4100)
  })

  it('threads the free list through the free slots, LIFO', () => {
    const { m, a } = machine({ objectSize: 24, slotsPerChunk: 4 })
    const p = [m.malloc(8), m.malloc(8), m.malloc(8)]
    m.free(p[0]!)
    m.free(p[2]!)
    // Head: 0x4040 (freed last) -> 0x4000 -> 0x4060 (never used) -> end.
    expect(a.freeLists()['free slots']!.map(([addr]) => addr)).toEqual([0x4040, 0x4000, 0x4060])
    // The links are in the slots themselves: 0x4040 holds 0x4000, 0x4000 holds 0x4060, 0x4060 holds 0.
    expect([m.memory.read32(0x4040), m.memory.read32(0x4000), m.memory.read32(0x4060)]).toEqual([
      0x4000, 0x4060, 0
    ])
    // The next malloc takes the head.
    expect(m.malloc(20)).toBe(0x4040)
  })

  it('refuses requests larger than a slot, and realloc beyond it keeps the old object', () => {
    const { m } = machine({ objectSize: 24 })
    expect(m.malloc(25)).toBe(0)
    const p = m.malloc(10)
    expect(m.realloc(p, 24)).toBe(p)
    expect(m.realloc(p, 25)).toBe(0)
  })

  it('counts a whole slot per object: internal fragmentation = slot - request', () => {
    const { m, a } = machine({ objectSize: 24, slotsPerChunk: 4 })
    m.malloc(10) // 32 - 10 = 22 bytes of padding
    m.malloc(24) // 32 - 24 = 8
    expect(a.stats()).toMatchObject({
      allocatedBytes: 64,
      paddingBytes: 30,
      headerBytes: 0,
      freeBlocks: 2,
      freeBytes: 64
    })
  })

  it('shows a free slot whose link was overwritten (use after free) as corrupted', () => {
    const { m, a } = machine({ objectSize: 24, slotsPerChunk: 4 })
    const p = m.malloc(8)
    m.free(p)
    m.memory.write32(p, 0x41414141)
    const slot = a.blocks().find((b) => b.address === p)
    expect(slot).toMatchObject({ free: true, corrupted: true })
  })

  it('reports a free of a pointer inside a slot', () => {
    const { m } = machine()
    const p = m.malloc(8)
    m.free(p + 8)
    expect(m.events.map((e) => e.kind)).toEqual(['invalid-free'])
  })

  it('keeps its totals equal to a recount and restores snapshots', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -40, max: 40 }), { maxLength: 80 }), (ops) => {
        const { m, a } = machine({ objectSize: 40, slotsPerChunk: 8 })
        const live: number[] = []
        let snap = m.snapshot()
        let before = { blocks: a.blocks(), lists: a.freeLists() }
        ops.forEach((o, i) => {
          if (i === ops.length >> 1) {
            snap = m.snapshot()
            before = { blocks: a.blocks(), lists: a.freeLists() }
          }
          if (o >= 0) {
            const p = m.malloc(o)
            if (p !== 0) live.push(p)
          } else if (live.length > 0) m.free(live.splice(-o % live.length, 1)[0]!)
        })
        expect(a.stats()).toEqual(statsFromBlocks(a.blocks()))
        expect(a.blocks().some((b) => b.corrupted === true)).toBe(false)
        m.restore(snap)
        expect({ blocks: a.blocks(), lists: a.freeLists() }).toEqual(before)
      }),
      { numRuns: 100, seed: 42 }
    )
  })
})

describe('pool allocator time travel', () => {
  it('restores steps beyond 32 bits (a snapshot of doubles)', () => {
    const { m, a } = machine({ objectSize: 40, slotsPerChunk: 8 })
    m.step = 2 ** 33
    m.line = 4
    const p = m.malloc(24)
    m.malloc(16)
    m.step = 2 ** 33 + 1
    m.free(p)
    const before = { blocks: a.blocks(), lists: a.freeLists() }
    expect(before.blocks.find((b) => b.payload === p)?.freed?.step).toBe(2 ** 33 + 1)
    const snap = m.snapshot()
    m.malloc(8)
    m.restore(snap)
    expect({ blocks: a.blocks(), lists: a.freeLists() }).toEqual(before)
  })
})

describe('pool allocator near the heap limit', () => {
  it('adds single slots when a whole chunk no longer fits', () => {
    // classroom heap: 0x8000 bytes. 4096-byte slots: a 64-slot chunk (256 KiB) never fits,
    // so the pool grows one slot at a time: 8 slots fill 0x8000 bytes, the 9th fails.
    const { m } = machine({ objectSize: 4096 })
    const got = Array.from({ length: 9 }, () => m.malloc(4000))
    expect(got.slice(0, 8)).toEqual(Array.from({ length: 8 }, (_, i) => 0x4000 + i * 4096))
    expect(got[8]).toBe(0)
  })
})
