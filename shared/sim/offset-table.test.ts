import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { OffsetTable } from './offset-table'

describe('OffsetTable', () => {
  it('agrees with a Map under any sequence of sets and deletes', () => {
    // Offsets as the heap checker uses them: payload offsets (multiples of 16, small) and a few
    // far above (mmapped chunks, ~2^45 above the heap start).
    const offset = fc.oneof(
      fc.integer({ min: 0, max: 300 }).map((n) => n * 16),
      fc.integer({ min: 0, max: 20 }).map((n) => 0x2aaaa2000000 + n * 4096 + 16)
    )
    const op = fc.tuple(fc.boolean(), offset, fc.integer({ min: 0, max: 1000 }))
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const table = new OffsetTable(2, 4)
        const model = new Map<number, number>()
        for (const [add, key, v] of ops) {
          if (add) {
            table.set(key, v, v + 1)
            model.set(key, v)
          } else expect(table.delete(key)).toBe(model.delete(key))
          expect(table.size).toBe(model.size)
        }
        for (const [key, v] of model) {
          const slot = table.slotOf(key)
          expect(slot).toBeGreaterThanOrEqual(0)
          expect(table.value(slot, 0)).toBe(v)
          expect(table.value(slot, 1)).toBe(v + 1)
        }
        const seen: number[] = []
        table.forEachSlot((slot) => seen.push(table.keyAt(slot)))
        expect(seen.sort((a, b) => a - b)).toEqual([...model.keys()].sort((a, b) => a - b))
      }),
      { numRuns: 200 }
    )
  })

  it('finds nothing after clear', () => {
    const table = new OffsetTable(1)
    for (let i = 0; i < 100; i++) table.set(i * 16, i)
    table.clear()
    expect(table.size).toBe(0)
    expect(table.has(32)).toBe(false)
    table.set(32, 7)
    expect(table.value(table.slotOf(32), 0)).toBe(7)
  })
})
