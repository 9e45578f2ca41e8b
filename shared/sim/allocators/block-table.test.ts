import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BlockTable, HandleTable, NO_HANDLE, PayloadIndex, PayloadTable } from './block-table'

/** What `answersLikeAMap` needs of a table. */
interface Table<T> {
  set(key: number, item: T): void
  get(key: number): T | undefined
  delete(key: number): boolean
  take(key: number): T | undefined
  clear(): void
  readonly size: number
}

/**
 * Property: over any sequence of sets (most), deletes and clears of keys drawn from `key`, the
 * table answers as a Map does: its size after each, and every key's item (set ones and `probes`)
 * at the end. A delete of a multiple of `byDelete` uses `delete`, any other `take`, which hands
 * back what the key held. A negative key is only looked up: offsets of blocks are not negative.
 */
function answersLikeAMap(
  makeTable: () => Table<{ value: number }>,
  key: fc.Arbitrary<number>,
  byDelete: number,
  parameters: { numRuns: number; seed: number }
): void {
  const op = fc.oneof(
    {
      weight: 10,
      arbitrary: fc.record({ op: fc.constant('set' as const), key, value: fc.nat() })
    },
    { weight: 6, arbitrary: fc.record({ op: fc.constant('delete' as const), key }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('clear' as const) }) }
  )
  fc.assert(
    fc.property(
      fc.array(op, { minLength: 50, maxLength: 400, size: 'max' }),
      fc.array(key, { maxLength: 20 }),
      (ops, probes) => {
        const table = makeTable()
        const model = new Map<number, { value: number }>()
        for (const o of ops) {
          if (o.op === 'set' && o.key >= 0) {
            const item = { value: o.value }
            table.set(o.key, item)
            model.set(o.key, item)
          } else if (o.op === 'delete') {
            if (o.key % byDelete === 0) expect(table.delete(o.key)).toBe(model.delete(o.key))
            else {
              expect(table.take(o.key)).toBe(model.get(o.key))
              model.delete(o.key)
            }
          } else if (o.op === 'clear') {
            table.clear()
            model.clear()
          }
          expect(table.size).toBe(model.size)
        }
        for (const k of [...model.keys(), ...probes]) expect(table.get(k)).toBe(model.get(k))
      }
    ),
    parameters
  )
}

describe('BlockTable', () => {
  it('answers like a Map over any sequence of sets, deletes and clears', () => {
    // Keys from a small range (many collisions and probe runs wrapping the table's end) and
    // from the whole range offsets take (up to 2^46, as far as an mmapped chunk lies).
    const key = fc.oneof(
      fc.integer({ min: 0, max: 64 }).map((k) => k * 16),
      fc.integer({ min: 0, max: 2 ** 46 })
    )
    answersLikeAMap(() => new BlockTable<{ value: number }>(4), key, 2, {
      numRuns: 100,
      seed: 20261127
    })
  })

  it('PayloadTable answers like a Map, aligned offsets near the start or not, and others', () => {
    // Multiples of 16 (the direct part, grown as they climb, and past its 32 MiB limit), other
    // offsets (unaligned, negative, fractional: the hash table), all mixed.
    const key = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 300 }).map((k) => k * 16) },
      { weight: 2, arbitrary: fc.integer({ min: -64, max: 5000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 46 }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(0.5, -16, 2 ** 20, 2 ** 25, 2 ** 25 + 16)
      }
    )
    answersLikeAMap(() => new PayloadTable<{ value: number }>(16), key, 32, {
      numRuns: 60,
      seed: 20261129
    })
  })

  it('finds nothing at a negative or fractional offset (a pointer below the heap or unaligned)', () => {
    const table = new BlockTable<string>()
    table.set(0, 'first')
    expect(table.get(-1)).toBeUndefined()
    expect(table.get(-16)).toBeUndefined()
    expect(table.get(0.5)).toBeUndefined()
    expect(table.delete(-1)).toBe(false)
    expect(table.get(0)).toBe('first')
  })
})

describe('HandleTable', () => {
  it('answers like a Map of handles over any sequence of sets, takes and clears', () => {
    // Offsets that collide in the low 32 bits the home slot hashes (k and k + 2^32) as well.
    const key = fc.oneof(
      fc.integer({ min: 0, max: 64 }).map((k) => k * 16),
      fc.integer({ min: 0, max: 8 }).map((k) => k * 16 + 2 ** 32),
      fc.integer({ min: 0, max: 2 ** 46 })
    )
    const op = fc.oneof(
      {
        weight: 10,
        arbitrary: fc.record({
          op: fc.constant('set' as const),
          key,
          handle: fc.integer({ min: 0, max: 2 ** 31 - 1 })
        })
      },
      { weight: 6, arbitrary: fc.record({ op: fc.constant('take' as const), key }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('clear' as const) }) }
    )
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 50, maxLength: 400, size: 'max' }),
        fc.array(key, { maxLength: 20 }),
        (ops, probes) => {
          const table = new HandleTable(4)
          const model = new Map<number, number>()
          for (const o of ops) {
            if (o.op === 'set') {
              table.set(o.key, o.handle)
              model.set(o.key, o.handle)
            } else if (o.op === 'take') {
              expect(table.take(o.key)).toBe(model.get(o.key) ?? NO_HANDLE)
              model.delete(o.key)
            } else {
              table.clear()
              model.clear()
            }
            expect(table.size).toBe(model.size)
          }
          for (const k of [...model.keys(), ...probes])
            expect(table.get(k)).toBe(model.get(k) ?? NO_HANDLE)
        }
      ),
      { numRuns: 100, seed: 20261128 }
    )
  })

  it('finds nothing at a negative, fractional or NaN offset', () => {
    const table = new HandleTable()
    table.set(0, 7)
    expect([table.get(-16), table.get(0.5), table.get(Number.NaN)]).toEqual([-1, -1, -1])
    expect(table.take(-1)).toBe(NO_HANDLE)
    expect(table.get(0)).toBe(7)
  })
})

describe('PayloadIndex', () => {
  it('answers like a Map of handles, near the heap start (direct) and far from it (hashed)', () => {
    // Payload offsets are multiples of the 16-byte granularity: the first 32 MiB are indexed
    // directly (2^21 entries), the rest hashed; a probe may be any number.
    const payload = fc.oneof(
      fc.integer({ min: 0, max: 4096 }).map((k) => k * 16),
      fc.integer({ min: 2 ** 21 - 8, max: 2 ** 21 + 8 }).map((k) => k * 16),
      fc.integer({ min: 0, max: 2 ** 40 }).map((k) => k * 16)
    )
    const probe = fc.oneof(payload, fc.double({ min: -64, max: 2 ** 46, noNaN: false }))
    const op = fc.oneof(
      {
        weight: 10,
        arbitrary: fc.record({
          op: fc.constant('set' as const),
          key: payload,
          handle: fc.integer({ min: 0, max: 2 ** 30 })
        })
      },
      { weight: 6, arbitrary: fc.record({ op: fc.constant('take' as const), key: probe }) }
    )
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 300 }),
        fc.array(probe, { maxLength: 20 }),
        (ops, probes) => {
          const index = new PayloadIndex(16)
          const model = new Map<number, number>()
          for (const o of ops) {
            if (o.op === 'set') {
              index.set(o.key, o.handle)
              model.set(o.key, o.handle)
            } else {
              expect(index.take(o.key)).toBe(model.get(o.key) ?? NO_HANDLE)
              model.delete(o.key)
            }
          }
          for (const k of [...model.keys(), ...probes])
            expect(index.get(k)).toBe(model.get(k) ?? NO_HANDLE)
        }
      ),
      { numRuns: 100, seed: 20261128 }
    )
  })

  it('finds nothing at an offset between two payloads (a pointer into a block)', () => {
    const index = new PayloadIndex(16)
    index.set(32, 3)
    // 40 = 32 + 8 is inside the block whose payload is at 32, not a payload.
    expect([index.get(32), index.get(40), index.take(40), index.get(-32)]).toEqual([3, -1, -1, -1])
  })
})
