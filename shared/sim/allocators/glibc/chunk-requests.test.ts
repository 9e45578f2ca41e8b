import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ChunkRequests } from './chunk-requests'

const HEAP = 0x555555559000

describe('ChunkRequests', () => {
  it('remembers the bytes asked for per user pointer, including malloc(0), until deleted', () => {
    const requests = new ChunkRequests(HEAP)
    requests.set(HEAP + 0x2a0, 0)
    requests.set(HEAP + 0x2c0, 24)
    // 16 KiB further on: another page of entries.
    requests.set(HEAP + 0x4000 + 0x10, 1000)
    expect(requests.get(HEAP + 0x2a0)).toBe(0)
    expect(requests.get(HEAP + 0x2c0)).toBe(24)
    expect(requests.get(HEAP + 0x4010)).toBe(1000)
    expect(requests.get(HEAP + 0x2b0)).toBeUndefined()
    requests.delete(HEAP + 0x2c0)
    expect(requests.get(HEAP + 0x2c0)).toBeUndefined()
    // take: the value, and it is gone.
    expect(requests.take(HEAP + 0x2a0)).toBe(0)
    expect(requests.get(HEAP + 0x2a0)).toBeUndefined()
    expect(requests.take(HEAP + 0x2a0)).toBeUndefined()
    expect(requests.take(HEAP + 0x4010)).toBe(1000)
  })

  it('keeps a pointer that is not a whole 16-byte step above the heap start apart', () => {
    const requests = new ChunkRequests(HEAP)
    requests.set(HEAP + 0x20, 1)
    requests.set(HEAP + 0x28, 2)
    requests.set(HEAP + 32.5, 3)
    expect(requests.get(HEAP + 0x20)).toBe(1)
    expect(requests.get(HEAP + 0x28)).toBe(2)
    expect(requests.get(HEAP + 32.5)).toBe(3)
    requests.delete(HEAP + 0x28)
    requests.delete(HEAP + 32.5)
    expect(requests.get(HEAP + 0x20)).toBe(1)
  })

  it('keeps pointers outside the heap range (mmapped chunks) too', () => {
    const requests = new ChunkRequests(HEAP)
    const mmapped = 0x7ffff7d8c010
    requests.set(mmapped, 200000)
    requests.set(HEAP - 0x1000, 5)
    expect(requests.get(mmapped)).toBe(200000)
    expect(requests.get(HEAP - 0x1000)).toBe(5)
    expect(requests.take(mmapped)).toBe(200000)
    expect(requests.get(mmapped)).toBeUndefined()
  })

  it('goes back to a snapshot, however often, while later changes stay out of it', () => {
    const requests = new ChunkRequests(HEAP)
    requests.set(HEAP + 0x10, 8)
    requests.set(0x7ffff7d8c010, 300000)
    const before = requests.snapshot()
    requests.set(HEAP + 0x10, 9)
    requests.set(HEAP + 0x30, 40)
    requests.delete(0x7ffff7d8c010)
    expect(requests.get(HEAP + 0x10)).toBe(9)
    requests.restore(before)
    expect(requests.get(HEAP + 0x10)).toBe(8)
    expect(requests.get(HEAP + 0x30)).toBeUndefined()
    expect(requests.get(0x7ffff7d8c010)).toBe(300000)
    // Writing after a restore must not change the snapshot itself.
    requests.set(HEAP + 0x10, 77)
    requests.restore(before)
    expect(requests.get(HEAP + 0x10)).toBe(8)
    // Nor taking a value out of a page the snapshot shares.
    expect(requests.take(HEAP + 0x10)).toBe(8)
    requests.restore(before)
    expect(requests.get(HEAP + 0x10)).toBe(8)
  })
})

describe('ChunkRequests against a Map', () => {
  it('gives what a Map from pointer to bytes gives, through removals that move entries, replacements and snapshots', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('set', 'take', 'replace', 'get', 'snapshot', 'restore'),
            // 8 chunks 16 bytes apart over two index pages (4096 units a page), and one outside.
            fc.integer({ min: 0, max: 8 }),
            fc.integer({ min: 0, max: 2 ** 33 })
          ),
          { maxLength: 200 }
        ),
        (ops) => {
          const requests = new ChunkRequests(HEAP)
          let model = new Map<number, number>()
          const saved: Array<[ReturnType<ChunkRequests['snapshot']>, Map<number, number>]> = []
          const pointer = (k: number): number =>
            k === 8 ? 0x7ffff7d8c010 : HEAP + (k < 4 ? k * 16 : 4096 * 16 + k * 16)
          for (const [op, k, value] of ops) {
            const p = pointer(k)
            if (op === 'set') {
              requests.set(p, value)
              model.set(p, value)
            } else if (op === 'replace') {
              expect(requests.replace(p, value)).toBe(model.get(p))
              model.set(p, value)
            } else if (op === 'take') {
              expect(requests.take(p)).toBe(model.get(p))
              model.delete(p)
            } else if (op === 'get') expect(requests.get(p)).toBe(model.get(p))
            else if (op === 'snapshot') saved.push([requests.snapshot(), new Map(model)])
            else if (saved.length > 0) {
              const [snapshot, then] = saved[value % saved.length] as (typeof saved)[number]
              requests.restore(snapshot)
              model = new Map(then)
            }
          }
          for (let k = 0; k <= 8; k++) expect(requests.get(pointer(k))).toBe(model.get(pointer(k)))
        }
      )
    )
  })
})

describe('ChunkRequests with thousands of chunks', () => {
  it('gives what a Map gives while chunks come and go far beyond its list, with snapshots between', () => {
    // A fixed pseudo-random walk (no Math.random: the test must be deterministic) over 3,000
    // units, so the list of units is compacted and grown many times, values of every size.
    let seed = 12345
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const requests = new ChunkRequests(HEAP)
    let model = new Map<number, number>()
    const saved: Array<[ReturnType<ChunkRequests['snapshot']>, Map<number, number>]> = []
    const values = [0, 1, 24, 0x7ffffffe, 0x7fffffff, 2 ** 31, 2 ** 40, 12.5]
    for (let i = 0; i < 40_000; i++) {
      const p = HEAP + 16 * next(3000)
      const op = next(100)
      if (op < 45) {
        const value = op < 5 ? (values[next(values.length)] as number) : next(5000)
        requests.set(p, value)
        model.set(p, value)
      } else if (op < 90) {
        expect(requests.take(p)).toBe(model.get(p))
        model.delete(p)
      } else if (op < 97) {
        const value = next(5000)
        expect(requests.replace(p, value)).toBe(model.get(p))
        model.set(p, value)
      } else if (op < 99) saved.push([requests.snapshot(), new Map(model)])
      else if (saved.length > 0) {
        const [snapshot, then] = saved[next(saved.length)] as (typeof saved)[number]
        requests.restore(snapshot)
        model = new Map(then)
      }
    }
    for (let unit = 0; unit < 3000; unit++)
      expect(requests.get(HEAP + 16 * unit)).toBe(model.get(HEAP + 16 * unit))
    // A snapshot holds 8 bytes a live chunk (4 of unit, 4 of value when all fit 32 bits).
    for (const [p, value] of model) if (value >>> 0 !== value) requests.set(p, 1)
    expect(requests.snapshot().units.length).toBe(model.size)
  })
})
