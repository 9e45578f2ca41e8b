import { describe, expect, it } from 'vitest'
import { applyRecordDelta, diffRecords, type RecordArray } from './record-delta'

// Two numbers a block, as the explicit list keeps them: size × 2 + free bit, then one more.
const sizeOf = (r: RecordArray, o: number): number => Math.floor((r[o] as number) / 2)
const blocks = (...pairs: Array<[number, number]>): Uint32Array => Uint32Array.from(pairs.flat())

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
    expect(Array.from(applyRecordDelta(d!, earlier, 2, null).subarray(0, 10))).toEqual(
      Array.from(current)
    )
  })

  it('a merge, a changed number and a heap that starts elsewhere', () => {
    // A and B merged into one free block of 80 @0x10; C's second number changed; D as it was.
    const current = blocks([161, 1], [33, 9], [128, 4])
    const d = diffRecords(current, 3, 0x10, earlier, 4, 0x10, 2, sizeOf, 1e9)!
    // Nothing to copy before the first two (a run of 0 from block 0), then D (index 3).
    expect(Array.from(d.runs)).toEqual([0, 0, 2, 3, 1, 0])
    expect(Array.from(applyRecordDelta(d, earlier, 2, null).subarray(0, 6))).toEqual(
      Array.from(current)
    )
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

  it('puts back any array from any other, through reused buffers', () => {
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
    let into: RecordArray | null = null
    for (let round = 0; round < 200; round++) {
      const a = heap()
      const b = heap()
      const d = diffRecords(b, b.length / 2, 0x10, a, a.length / 2, 0x10, 2, sizeOf, 1e9)!
      into = applyRecordDelta(d, a, 2, into)
      expect(Array.from(into.subarray(0, b.length))).toEqual(Array.from(b))
    }
  })
})
