import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { HeapShadow, HeapTag, type HeapShadowSnapshot } from './heap-shadow'

const { none, allocated, freed } = HeapTag

/** The reference: one tag per byte of [0, SPAN), as the checker's tags were kept before. */
const SPAN = 16384

class ByteTags {
  tags = new Uint8Array(SPAN)
  paint(from: number, to: number, runStart: number, runEnd: number, tag: number): void {
    this.tags.fill(none, from, to)
    if (runEnd > runStart) this.tags.fill(tag, runStart, runEnd)
  }
  firstNotAllocated(address: number, length: number): number {
    for (let a = address; a < address + length; a++)
      if (this.tags[a] !== allocated) return a - address
    return -1
  }
}

describe('HeapShadow', () => {
  it('answers a block painted as malloc and free paint it', () => {
    const s = new HeapShadow()
    // A 24-byte request in a chunk [0x1000, 0x1020) with a 8-byte header at its front.
    s.repaint(0x1000, 0x1020, 0x1008, 0x1020, allocated)
    expect(s.tagAt(0x1007)).toBe(none)
    expect(s.tagAt(0x1008)).toBe(allocated)
    expect(s.tagAt(0x101f)).toBe(allocated)
    expect(s.tagAt(0x1020)).toBe(none)
    expect(s.firstNotAllocated(0x1008, 24)).toBe(-1)
    expect(s.firstNotAllocated(0x1008, 25)).toBe(24)
    expect(s.firstNotAllocated(0x1004, 8)).toBe(0)
    // Freed: the payload is poisoned, the header stays untagged.
    s.paint(0x1008, 0x1020, freed)
    expect(s.tagAt(0x1010)).toBe(freed)
    expect(s.firstNotAllocated(0x1010, 4)).toBe(0)
    // A smaller block handed out over the front of it: the rest stays poisoned.
    s.repaint(0x1000, 0x1018, 0x1008, 0x1018, allocated)
    expect(s.tagAt(0x1017)).toBe(allocated)
    expect(s.tagAt(0x1018)).toBe(freed)
    expect(s.toArray()).toEqual([
      [0x1008, 0x1018, allocated],
      [0x1018, 0x1020, freed]
    ])
  })

  it('reads adjacent allocated runs as one (memory the program took with sbrk twice)', () => {
    const s = new HeapShadow()
    s.paint(0x2000, 0x2100, allocated)
    s.paint(0x2100, 0x2200, allocated)
    expect(s.firstNotAllocated(0x20f0, 0x100)).toBe(-1)
    expect(s.firstNotAllocated(0x20f0, 0x111)).toBe(0x110)
  })

  it('splits a run it paints inside of', () => {
    const s = new HeapShadow()
    s.paint(0, 1000, freed)
    s.repaint(100, 200, 110, 150, allocated)
    expect(s.toArray()).toEqual([
      [0, 100, freed],
      [110, 150, allocated],
      [200, 1000, freed]
    ])
  })

  it('keeps thousands of runs in chunks and clears across them', () => {
    const s = new HeapShadow()
    for (let k = 0; k < 3000; k++)
      s.repaint(k * 32, k * 32 + 32, k * 32 + 16, k * 32 + 30, allocated)
    expect(s.runs).toBe(3000)
    expect(s.firstNotAllocated(1000 * 32 + 16, 14)).toBe(-1)
    expect(s.firstNotAllocated(1000 * 32 + 16, 15)).toBe(14)
    // One paint over most of them (a brk that gives the pages back).
    s.paint(100 * 32 + 20, 2900 * 32, none)
    expect(s.runs).toBe(201)
    expect(s.toArray()[100]).toEqual([100 * 32 + 16, 100 * 32 + 20, allocated])
    expect(s.tagAt(2900 * 32 + 16)).toBe(allocated)
    expect(s.tagAt(2000 * 32 + 16)).toBe(none)
  })

  it('gives back what a snapshot saw after later paints, and keeps later snapshots valid', () => {
    const s = new HeapShadow()
    for (let k = 0; k < 400; k++) s.paint(k * 16, k * 16 + 8, allocated)
    const before = s.snapshot()
    const seen = s.toArray()
    for (let k = 0; k < 400; k += 3) s.paint(k * 16, k * 16 + 8, freed)
    const after = s.snapshot()
    const later = s.toArray()
    s.restore(before)
    expect(s.toArray()).toEqual(seen)
    s.paint(0, 400 * 16, none)
    expect(s.runs).toBe(0)
    s.restore(after)
    expect(s.toArray()).toEqual(later)
    s.restore(before)
    expect(s.toArray()).toEqual(seen)
  })

  it('says what one tag per byte says, through random paints, snapshots and restores', () => {
    const op = fc.oneof(
      {
        weight: 100,
        arbitrary: fc
          .tuple(
            fc.integer({ min: 0, max: SPAN - 1 }),
            // Mostly blocks of a few words (so runs fill several chunks), now and then a large one.
            fc.oneof(
              { arbitrary: fc.integer({ min: 0, max: 48 }), weight: 200 },
              { arbitrary: fc.integer({ min: 0, max: 3000 }), weight: 1 }
            ),
            fc.integer({ min: 0, max: 48 }),
            fc.integer({ min: 0, max: 48 }),
            fc.constantFrom(none, allocated, allocated, freed, freed)
          )
          .map(([from, length, a, b, tag]) => {
            const to = Math.min(SPAN, from + length)
            const runStart = Math.min(to, from + Math.min(a, b))
            const runEnd = Math.min(to, from + Math.max(a, b))
            return { kind: 'paint' as const, from, to, runStart, runEnd, tag }
          })
      },
      { weight: 1, arbitrary: fc.constant({ kind: 'snapshot' as const }) },
      {
        weight: 1,
        arbitrary: fc.integer({ min: 0, max: 1000 }).map((n) => ({ kind: 'restore' as const, n }))
      }
    )
    // The most runs any case had: the cases must fill several chunks (32 runs each).
    let mostRuns = 0
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1000, maxLength: 3000, size: 'max' }),
        fc.integer({ min: 0, max: SPAN - 1 }),
        (ops, probe) => {
          const shadow = new HeapShadow()
          const bytes = new ByteTags()
          const saved: Array<[HeapShadowSnapshot, Uint8Array]> = []
          for (const o of ops) {
            if (o.kind === 'paint') {
              shadow.repaint(o.from, o.to, o.runStart, o.runEnd, o.tag)
              bytes.paint(o.from, o.to, o.runStart, o.runEnd, o.tag)
            } else if (o.kind === 'snapshot') saved.push([shadow.snapshot(), bytes.tags.slice()])
            else if (saved.length > 0) {
              const [snap, tags] = saved[o.n % saved.length] as [HeapShadowSnapshot, Uint8Array]
              shadow.restore(snap)
              bytes.tags = tags.slice()
            }
          }
          mostRuns = Math.max(mostRuns, shadow.runs)
          // Runs stay sorted, disjoint, non-empty and tagged.
          const runs = shadow.toArray()
          for (let k = 0; k < runs.length; k++) {
            const [start, end, tag] = runs[k] as [number, number, number]
            expect(end).toBeGreaterThan(start)
            expect(tag).not.toBe(none)
            if (k > 0) expect(start).toBeGreaterThanOrEqual((runs[k - 1] as number[])[1] as number)
          }
          for (let a = 0; a < SPAN; a++)
            if (shadow.tagAt(a) !== bytes.tags[a])
              expect([a, shadow.tagAt(a)]).toEqual([a, bytes.tags[a]])
          for (const wanted of [1, 4, 8, 64, 700]) {
            const length = Math.min(wanted, SPAN - probe)
            expect(shadow.firstNotAllocated(probe, length)).toBe(
              bytes.firstNotAllocated(probe, length)
            )
          }
        }
      ),
      { numRuns: 60, seed: 12 }
    )
    expect(mostRuns).toBeGreaterThan(200)
  })
})
