import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SizeIndexedTreap } from './treap'

/** The model: items sorted by key (k1, k2, k3), searched by walking them as a real list would. */
interface Entry {
  id: number
  size: number
  k1: number
  k2: number
  k3: number
  /** Its handle in the augmented tree and in the plain one. */
  handle?: number
  plainHandle?: number
}
const order = (a: Entry, b: Entry): number => a.k1 - b.k1 || a.k2 - b.k2 || a.k3 - b.k3
const atOrAfter = (e: Entry, k1: number, k2: number, k3: number): boolean =>
  order(e, { id: 0, size: 0, k1, k2, k3 }) >= 0

describe('SizeIndexedTreap', () => {
  it('finds what a walk of the sorted list finds, through any inserts and removes', () => {
    const key = fc.integer({ min: 0, max: 40 })
    const op = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          op: fc.constant('insert' as const),
          k1: key,
          k2: key,
          size: fc.integer({ min: 1, max: 100 })
        })
      },
      { weight: 3, arbitrary: fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('rebuild' as const) }) },
      {
        weight: 1,
        arbitrary: fc.record({
          op: fc.constant('replace' as const),
          pick: fc.nat(),
          size: fc.integer({ min: 1, max: 100 })
        })
      }
    )
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 20, maxLength: 200, size: 'max' }),
        fc.array(fc.tuple(key, key, fc.integer({ min: 1, max: 110 })), {
          minLength: 5,
          maxLength: 10
        }),
        (ops, queries) => {
          const tree = new SizeIndexedTreap<Entry>(7)
          // The same entries in a tree without subtree maxima (searched by key only).
          const plain = new SizeIndexedTreap<Entry>(11, false, 2)
          let model: Entry[] = []
          let id = 0
          for (const o of ops) {
            if (o.op === 'insert') {
              if (model.some((e) => e.k1 === o.k1 && e.k2 === o.k2)) continue
              const e: Entry = { id: id++, size: o.size, k1: o.k1, k2: o.k2, k3: 0 }
              e.handle = tree.insert(e, e.size, e.k1, e.k2, e.k3)
              const after = tree.insertedAfter()
              e.plainHandle = plain.insert(e, e.size, e.k1, e.k2, e.k3)
              model.push(e)
              model.sort(order)
              const before = model[model.indexOf(e) - 1]
              expect(after).toBe(before)
              expect(plain.insertedAfter()).toBe(before)
            } else if (o.op === 'rebuild') {
              const keys = new Float64Array(model.flatMap((e) => [e.size, e.k1, e.k2, e.k3]))
              tree.build(model, keys)
              plain.build(model, keys)
              model.forEach((e, i) => {
                e.handle = i
                e.plainHandle = i
              })
            } else if (model.length > 0) {
              const e = model[o.pick % model.length]
              if (o.op === 'remove') {
                // Half the removals by key, half by handle.
                if (o.pick % 2 === 0) {
                  expect(tree.remove(e.k1, e.k2, e.k3)).toBe(true)
                  expect(tree.remove(e.k1, e.k2, e.k3)).toBe(false)
                } else tree.removeAt(e.handle as number)
                plain.removeAt(e.plainHandle as number)
                model = model.filter((x) => x !== e)
              } else {
                // Same key, new size and item: a free block grown or split in place.
                const grown = { ...e, id: id++, size: o.size }
                if (o.pick % 2 === 0) {
                  expect(tree.replace(e.k1, e.k2, e.k3, grown, grown.size, e.k1, e.k2, e.k3)).toBe(
                    true
                  )
                } else tree.replaceAt(e.handle as number, grown, grown.size, e.k1, e.k2, e.k3)
                plain.replaceAt(e.plainHandle as number, grown, grown.size, e.k1, e.k2, e.k3)
                model = model.map((x) => (x === e ? grown : x))
              }
            }
            expect(tree.size).toBe(model.length)
            expect(plain.size).toBe(model.length)
          }
          expect(plain.toArray()).toEqual(model)
          model.forEach((e, i) => {
            expect(tree.itemAt(e.handle as number)).toBe(e)
            expect(tree.previous(e.handle as number)).toBe(i > 0 ? model[i - 1] : undefined)
            expect(plain.previous(e.plainHandle as number)).toBe(i > 0 ? model[i - 1] : undefined)
          })
          expect(tree.toArray()).toEqual(model)
          expect(tree.largest()).toBe(Math.max(0, ...model.map((e) => e.size)))
          for (const [k1, k2, n] of queries) {
            expect(tree.firstFit(n)).toBe(model.find((e) => e.size >= n))
            expect(tree.firstFitFrom(k1, k2, 0, n)).toBe(
              model.find((e) => atOrAfter(e, k1, k2, 0) && e.size >= n)
            )
            expect(tree.itemBefore(k1, k2, 0)).toBe(
              model.filter((e) => !atOrAfter(e, k1, k2, 0)).at(-1)
            )
            expect(plain.itemBefore(k1, k2, 0)).toBe(
              model.filter((e) => !atOrAfter(e, k1, k2, 0)).at(-1)
            )
            expect(plain.firstAtLeast(k1)).toBe(model.find((e) => e.k1 >= k1))
          }
        }
      ),
      { numRuns: 100, seed: 20261127 }
    )
  })
})
