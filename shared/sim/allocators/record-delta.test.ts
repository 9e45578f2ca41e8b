import { describe, expect, it } from 'vitest'
import {
  diffRecords,
  RecordHistory,
  type KeptRecords,
  type RecordArray,
  type RecordDelta
} from './record-delta'

// Two numbers a block, as the explicit list keeps them: size × 2 + free bit, then one more.
const sizeOf = (r: RecordArray, o: number): number => Math.floor((r[o] as number) / 2)
const blocks = (...pairs: Array<[number, number]>): Uint32Array => Uint32Array.from(pairs.flat())

/** The array `d` stands for, put back from `earlier` run by run (what the delta means). */
function applied(d: RecordDelta, earlier: RecordArray, fields: number): number[] {
  const out: number[] = []
  let c = 0
  for (let r = 0; r < d.runs.length; r += 3) {
    const from = (d.runs[r] as number) * fields
    const copied = (d.runs[r + 1] as number) * fields
    const own = (d.runs[r + 2] as number) * fields
    out.push(...earlier.subarray(from, from + copied), ...d.changed.subarray(c, c + own))
    c += own
  }
  return out
}

describe('record deltas', () => {
  // Earlier: A 32 @0x10, B 48 @0x30, C 16 @0x60, D 64 @0x70 (heap from 0x10).
  const earlier = blocks([64, 1], [96, 2], [33, 3], [128, 4])

  it('a split in the middle keeps the blocks before and after it as runs', () => {
    // B 48 @0x30 split into B' 32 @0x30 and E 16 @0x50: A, C, D unchanged (C and D at the same
    // addresses, one index further on). Runs: [A], then B' and E of its own; [C, D].
    const current = blocks([64, 1], [64, 2], [33, 5], [33, 3], [128, 4])
    const d = diffRecords(current, 5, 0x10, earlier, 4, 0x10, 2, sizeOf, 1e9)
    expect(d).not.toBeNull()
    expect(Array.from(d!.runs)).toEqual([0, 1, 2, 2, 2, 0])
    expect(Array.from(d!.changed)).toEqual([64, 2, 33, 5])
    expect(applied(d!, earlier, 2)).toEqual(Array.from(current))
  })

  it('a merge, a changed number and a heap that starts elsewhere', () => {
    // A and B merged into one free block of 80 @0x10; C's second number changed; D as it was.
    const current = blocks([161, 1], [33, 9], [128, 4])
    const d = diffRecords(current, 3, 0x10, earlier, 4, 0x10, 2, sizeOf, 1e9)!
    // Nothing to copy before the first two (a run of 0 from block 0), then D (index 3).
    expect(Array.from(d.runs)).toEqual([0, 0, 2, 3, 1, 0])
    expect(applied(d, earlier, 2)).toEqual(Array.from(current))
    // The same numbers 16 bytes further on are other blocks: nothing is copied.
    const moved = diffRecords(current, 3, 0x20, earlier, 4, 0x10, 2, sizeOf, 1e9)!
    expect(Array.from(moved.runs)).toEqual([0, 0, 3])
  })

  it('gives up past its byte limit, and between arrays of different kinds', () => {
    const current = blocks([161, 1], [33, 9], [128, 4])
    // Two changed blocks (4 numbers) and two runs (6): 40 bytes; 36 is too few.
    expect(diffRecords(current, 3, 0x10, earlier, 4, 0x10, 2, sizeOf, 40)).not.toBeNull()
    expect(diffRecords(current, 3, 0x10, earlier, 4, 0x10, 2, sizeOf, 36)).toBeNull()
    const doubles = Float64Array.from(current)
    expect(diffRecords(doubles, 3, 0x10, earlier, 4, 0x10, 2, sizeOf, 1e9)).toBeNull()
  })

  it('stands for any array against any other', () => {
    let seed = 7
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const heap = (): Uint32Array => {
      const pairs: Array<[number, number]> = []
      for (let a = 0; a < 600;) {
        const size = 16 * (1 + random(4))
        pairs.push([size * 2 + random(2), random(3)])
        a += size
      }
      return blocks(...pairs)
    }
    for (let round = 0; round < 200; round++) {
      const a = heap()
      const b = heap()
      const d = diffRecords(b, b.length / 2, 0x10, a, a.length / 2, 0x10, 2, sizeOf, 1e9)!
      expect(applied(d, a, 2)).toEqual(Array.from(b))
    }
  })
})

describe('record history', () => {
  /**
   * A heap of 16-byte units changed a little at a time, as a replay's snapshots see it: a
   * block split in two, two neighbours merged, a block's second number changed. Each state is
   * taken as a snapshot against the one before; `recordsOf` must give every one back exactly,
   * whole ones, deltas, and deltas 8 deep, asked in any order and through one reused buffer.
   */
  function history(kind: 'u32' | 'f64', seed: number) {
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const limits = { deltaShare: 0.5, maxChain: 8, chainShare: 1.5 }
    const records = new RecordHistory(sizeOf, limits)
    let heap: Array<[number, number]> = []
    for (let i = 0; i < 300; i++) heap.push([16 * (1 + random(4)) * 2 + random(2), random(5)])
    const taken: Array<{ snapshot: KeptRecords; numbers: number[] }> = []
    let last: KeptRecords | undefined
    for (let step = 0; step < 120; step++) {
      for (let change = 1 + random(12); change > 0; change--) {
        const i = random(heap.length - 1)
        const [sizeFree, other] = heap[i] as [number, number]
        const size = Math.floor(sizeFree / 2)
        const kind = random(3)
        if (kind === 0 && size >= 32) {
          heap.splice(i, 1, [16 * 2 + 1, other], [(size - 16) * 2, random(5)])
        } else if (kind === 1) {
          const next = heap[i + 1] as [number, number]
          heap.splice(i, 2, [(size + Math.floor(next[0] / 2)) * 2 + 1, other])
        } else heap[i] = [sizeFree, other + 1]
      }
      // A big change now and then: the snapshot is then kept whole.
      if (random(25) === 0) heap = heap.map(([sizeFree, other]) => [sizeFree, other + 7])
      const numbers = heap.flat()
      const data = records.buffer(numbers.length, kind === 'u32')
      data.set(numbers)
      const n = heap.length
      const kept = records.take(data, n, 0x10, 2, last)
      const snapshot: KeptRecords = { ...kept, fields: 2, base: 0x10 }
      records.remember(snapshot)
      taken.push({ snapshot, numbers })
      last = snapshot
    }
    return { records, taken }
  }

  it.each(['u32', 'f64'] as const)('gives back every snapshot of a history (%s)', (kind) => {
    const { records, taken } = history(kind, kind === 'u32' ? 11 : 29)
    const chains = new Set(taken.map((t) => t.snapshot.chain))
    // The history has whole snapshots and chains of every length up to the limit.
    expect([...chains].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
    // Backwards, forwards and skipping about, as jumps ask for them.
    const order = taken.map((_, i) => i).reverse()
    for (let i = 0; i < taken.length; i += 7) order.push(i, taken.length - 1 - i)
    for (const i of order) {
      const { snapshot, numbers } = taken[i] as (typeof taken)[number]
      expect(records.countOf(snapshot)).toBe(numbers.length / 2)
      const got = records.recordsOf(snapshot)
      expect(got).toBeInstanceOf(kind === 'u32' ? Uint32Array : Float64Array)
      expect(Array.from(got.subarray(0, numbers.length))).toEqual(numbers)
    }
  })

  it('gives back a snapshot rebased on an earlier one', () => {
    const { records, taken } = history('u32', 5)
    // Drop every other snapshot, as a replay thinning its snapshots does, oldest first.
    for (let i = 2; i < taken.length; i += 2) {
      const s = (taken[i] as (typeof taken)[number]).snapshot
      records.rebase(s, (taken[i - 2] as (typeof taken)[number]).snapshot)
    }
    for (let i = (taken.length - 1) & ~1; i >= 0; i -= 2) {
      const { snapshot, numbers } = taken[i] as (typeof taken)[number]
      expect(Array.from(records.recordsOf(snapshot).subarray(0, numbers.length))).toEqual(numbers)
    }
  })
})
