import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Machine } from '../machine'
import { statsFromBlocks } from '../metrics'
import { CompactingAllocator } from './compacting'

/**
 * A classroom machine: heap at 0x4000, mmap area below 0xc000 (the handle table's page is 0xb000).
 * Unchecked: the machine's heap checker tracks raw pointers, which compaction invalidates.
 */
function machine(options: Record<string, unknown> = {}): { m: Machine; a: CompactingAllocator } {
  const m = new Machine({
    layout: 'classroom',
    allocator: 'compacting',
    allocatorOptions: options,
    checked: false
  })
  return { m, a: m.allocator as CompactingAllocator }
}

describe('compaction through handles', () => {
  it('gives every block a handle in the table whose master pointer holds the payload', () => {
    const { m, a } = machine()
    // 16 + 16-byte header = 32 bytes at 0x4000, payload 0x4010; the table page is mapped
    // top-down at 0xc000 - 0x1000 = 0xb000, handle 0 at 0xb000, handle 1 at 0xb008.
    const p0 = m.malloc(16)
    const p1 = m.malloc(40) // 40 + 16 = 56 -> 64 bytes at 0x4020, payload 0x4030
    expect([p0, p1]).toEqual([0x4010, 0x4030])
    expect([a.handleOf(p0), a.handleOf(p1)]).toEqual([0xb000, 0xb008])
    expect(a.deref(0xb008)).toBe(0x4030)
    // The header holds size | 1, then the handle's address (how compaction finds it).
    expect([m.memory.read32(0x4020), m.memory.read32(0x4028)]).toEqual([64 + 1, 0xb008])
  })

  it('slides blocks down, fixes the master pointers, and says what old raw pointers now hit', () => {
    const { m, a } = machine()
    const p0 = m.malloc(16) // block 0x4000 (32)
    const p1 = m.malloc(40) // block 0x4020 (64), payload 0x4030
    const p2 = m.malloc(16) // block 0x4060 (32), payload 0x4070
    m.memory.fill(p1, 40, 0xab)
    m.free(p0) // a 32-byte hole at 0x4000
    const report = a.compact()
    // p1's block moves 0x4020 -> 0x4000 (payload 0x4010); p2's 0x4060 -> 0x4040 (0x4050).
    // Old raw p1 = 0x4030 now lies 0x20 = 32 bytes into p1's own moved payload (0x4010);
    // old raw p2 = 0x4070 lies in the free block that starts at 0x4060.
    expect(report).toEqual({
      moves: [
        {
          handle: 0xb008,
          size: 40,
          before: 0x4030,
          after: 0x4010,
          rawPointerNow: { kind: 'payload', handle: 0xb008, payload: 0x4010, offset: 32 }
        },
        {
          handle: 0xb010,
          size: 16,
          before: 0x4070,
          after: 0x4050,
          rawPointerNow: { kind: 'free', block: 0x4060 }
        }
      ],
      freeBlock: [0x4060, 32]
    })
    expect(a.deref(0xb008)).toBe(0x4010)
    expect([...m.memory.readBytes(0x4010, 40)].every((x) => x === 0xab)).toBe(true)
    expect(a.freeLists()['free list']).toEqual([[0x4060, 32]])
    expect(a.blocks().every((b) => b.corrupted !== true)).toBe(true)
    // Through its handle the program frees the moved block; the stale raw pointer is refused.
    m.free(p2)
    expect(m.events.map((e) => e.kind)).toEqual(['invalid-free'])
    m.free(a.deref(0xb010))
    expect(a.freeLists()['free list']).toEqual([[0x4040, 64]])
  })

  it('compacts on failure when holes add up to the request (compactOn: failure)', () => {
    const { m, a } = machine({ compactOn: 'failure' })
    const p = [m.malloc(16), m.malloc(16), m.malloc(16), m.malloc(16)] // 4 x 32 from 0x4000
    m.free(p[0]!)
    m.free(p[2]!)
    // malloc(40) needs 64 bytes: two 32-byte holes, none big enough, 64 free in total.
    // Compaction puts p1 at 0x4000 and p3 at 0x4020; the new block takes 0x4040, payload 0x4050,
    // and the break does not move.
    const handles = [a.handleOf(p[1]!)!, a.handleOf(p[3]!)!]
    expect(m.malloc(40)).toBe(0x4050)
    expect(handles.map((h) => a.deref(h))).toEqual([0x4010, 0x4030])
    expect(m.programBreak()).toBe(0x4080)
  })

  it('keeps the handle when realloc moves a block', () => {
    const { m, a } = machine()
    const p = m.malloc(16)
    m.malloc(16) // blocks growth in place
    const h = a.handleOf(p)!
    const q = m.realloc(p, 100)
    expect(q).not.toBe(p)
    expect(a.deref(h)).toBe(q)
    expect(a.handleOf(q)).toBe(h)
  })

  it('rejects an unknown option by name', () => {
    expect(() => machine({ compactOn: 'always' })).toThrow(/compactOn "always"/)
  })
})

describe('compaction through handles: random programs that hold only handles', () => {
  it('every handle still leads to its own intact bytes, and the totals match a recount', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('malloc' as const), size: fc.integer({ min: 1, max: 2000 }) }),
      fc.record({ kind: fc.constant('free' as const), pick: fc.nat() }),
      fc.record({
        kind: fc.constant('realloc' as const),
        pick: fc.nat(),
        size: fc.integer({ min: 1, max: 2000 })
      }),
      fc.record({ kind: fc.constant('compact' as const) })
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { m, a } = machine({ compactOn: 'failure' })
        const live: Array<{ handle: number; size: number; fill: number }> = []
        let fill = 1
        for (const o of ops) {
          if (o.kind === 'compact') a.compact()
          else if (o.kind === 'malloc') {
            const p = m.malloc(o.size)
            if (p === 0) continue
            m.memory.fill(p, o.size, fill)
            live.push({ handle: a.handleOf(p)!, size: o.size, fill: fill++ & 0xff })
          } else if (live.length > 0) {
            const i = o.pick % live.length
            const entry = live[i]!
            const p = a.deref(entry.handle)
            if (o.kind === 'free') {
              m.free(p)
              live.splice(i, 1)
            } else if (m.realloc(p, o.size) !== 0) {
              const q = a.deref(entry.handle)
              const kept = m.memory.readBytes(q, Math.min(entry.size, o.size))
              expect(kept.every((x) => x === entry.fill)).toBe(true)
              m.memory.fill(q, o.size, entry.fill)
              entry.size = o.size
            }
          }
          for (const l of live) {
            const bytes = m.memory.readBytes(a.deref(l.handle), l.size)
            expect(bytes.every((x) => x === l.fill)).toBe(true)
          }
          expect({ ...a.stats() }).toEqual(statsFromBlocks(a.blocks()))
          expect(a.blocks().some((b) => b.corrupted === true)).toBe(false)
        }
        expect(m.events).toEqual([])
      }),
      { numRuns: 120, seed: 1127 }
    )
  })
})

describe('compacting allocator time travel', () => {
  it.each([
    ['', 0],
    [' (steps beyond 32 bits: a snapshot of doubles)', 2 ** 33]
  ])('restores blocks, handles and history%s', (_, stepBase) => {
    const { m, a } = machine()
    m.step = stepBase + 1
    m.line = 9
    const p = m.malloc(24)
    const q = m.malloc(40)
    m.step = stepBase + 2
    m.free(p)
    const before = { blocks: a.blocks(), lists: a.freeLists(), handle: a.handleOf(q) }
    expect(before.blocks.find((b) => b.free && b.freed !== undefined)?.freed?.step).toBe(
      stepBase + 2
    )
    const snap = m.snapshot()
    m.free(q)
    m.malloc(100)
    m.restore(snap)
    expect({ blocks: a.blocks(), lists: a.freeLists(), handle: a.handleOf(q) }).toEqual(before)
  })
})
