import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BestFitIndex, type BestFitEntry } from './best-fit-index'

interface Entry extends BestFitEntry {
  id: number
  size: number
  k1: number
  k2: number
}

/** The model: best fit by a walk over every entry, smallest size first, then list order. */
const bySizeThenList = (a: Entry, b: Entry): number => a.size - b.size || a.k1 - b.k1 || a.k2 - b.k2

describe('BestFitIndex', () => {
  // Granularity 16: bins hold sizes up to 8191 * 16 = 131,056 bytes, bigger ones only the tree.
  const g = 16
  const granules = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 12 }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 8191 }) },
    { weight: 1, arbitrary: fc.integer({ min: 8185, max: 8200 }) }
  )
  const op = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        op: fc.constant('insert' as const),
        granules,
        k1: fc.integer({ min: -50, max: 50 }),
        k2: fc.integer({ min: 0, max: 3 })
      })
    },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('rebuild' as const) }) }
  )

  it('finds the block a walk finds (smallest fit, then list order), through inserts, removes and rebuilds', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 10, maxLength: 150 }),
        fc.array(granules, { minLength: 8, maxLength: 8 }),
        (ops, queries) => {
          const index = new BestFitIndex<Entry>(g)
          let model: Entry[] = []
          let id = 0
          let scratch: Float64Array = new Float64Array(0)
          for (const o of ops) {
            if (o.op === 'insert') {
              // List-order keys are unique among free blocks.
              if (model.some((e) => e.k1 === o.k1 && e.k2 === o.k2)) continue
              const e: Entry = { id: id++, size: o.granules * g, k1: o.k1, k2: o.k2, sizeNode: 0 }
              index.insert(e)
              model.push(e)
            } else if (o.op === 'remove' && model.length > 0) {
              const e = model[o.pick % model.length]
              index.remove(e)
              model = model.filter((x) => x !== e)
            } else if (o.op === 'rebuild') {
              scratch = index.build([...model].sort(bySizeThenList), scratch)
            }
            expect(index.size).toBe(model.length)
            // The largest block: a bin's single block, a tie in the tree, or a block past the bins.
            expect(index.largest()).toBe(Math.max(0, ...model.map((e) => e.size)))
          }
          const sorted = [...model].sort(bySizeThenList)
          const order: Entry[] = []
          index.forEach((e) => order.push(e))
          expect(order).toEqual(sorted)
          for (const q of queries) {
            // A request of q granules, and one byte less (a size between two bins).
            for (const n of [q * g, q * g - 1]) {
              expect(index.best(n)).toBe(sorted.find((e) => e.size >= n))
            }
          }
        }
      ),
      { numRuns: 200, seed: 20261128 }
    )
  })

  it('takes the lowest list key among equal sizes, and the next size up when none fits', () => {
    const index = new BestFitIndex<Entry>(16)
    const e = (id: number, size: number, k1: number): Entry => ({
      id,
      size,
      k1,
      k2: 0,
      sizeNode: 0
    })
    const a = e(1, 64, 300)
    const b = e(2, 64, 100)
    const c = e(3, 96, 50)
    const huge = e(4, 200_000, 10)
    for (const x of [a, b, c, huge]) index.insert(x)
    // 48 bytes: the smallest size >= 48 is 64; of the two 64-byte blocks, key 100 comes first.
    expect(index.best(48)).toBe(b)
    index.remove(b)
    // The 64-byte bin holds one block again: a.
    expect(index.best(64)).toBe(a)
    // 65 bytes: no 80-byte block, so 96.
    expect(index.best(65)).toBe(c)
    // 131,057 bytes: past every bin (8191 * 16 = 131,056), only the big block fits.
    expect(index.best(131_057)).toBe(huge)
    expect(index.best(200_001)).toBeUndefined()
  })
})
