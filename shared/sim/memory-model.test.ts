import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { HeapTag, PagedMemory } from './memory'

/**
 * PagedMemory against the plainest model there is: three arrays with one entry per byte (value,
 * initialized, heap tag) over a 3 KiB window that spans six 512-byte storage pages. Every
 * operation that changes bytes, shadows or tags, in any order, with snapshots and restores,
 * must leave both the same, byte for byte.
 */
const BASE = 0x555555559000 - 1024
const SIZE = 3072

interface Model {
  value: Uint8Array
  init: Uint8Array
  tag: Uint8Array
}

const newModel = (): Model => ({
  value: new Uint8Array(SIZE),
  init: new Uint8Array(SIZE),
  tag: new Uint8Array(SIZE)
})
const copyModel = (m: Model): Model => ({
  value: m.value.slice(),
  init: m.init.slice(),
  tag: m.tag.slice()
})

type Op =
  | { kind: 'setTag'; at: number; length: number; tag: number }
  | { kind: 'uninitialize' | 'initialize' | 'discard'; at: number; length: number }
  | { kind: 'fill'; at: number; length: number; value: number }
  | { kind: 'write32'; at: number; value: number }
  | {
      kind: 'tagBlock'
      at: number
      header: number
      requested: number
      tail: number
      clear: boolean
    }
  | { kind: 'writePointer'; at: number; value: number }
  | { kind: 'evict'; at: number }
  | { kind: 'writeDouble'; at: number; value: number }
  | { kind: 'copy'; at: number; from: number; length: number }
  | { kind: 'snapshot' | 'restore' }

const at = fc.integer({ min: 0, max: SIZE - 1 })
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('setTag' as const),
    at,
    length: fc.integer({ min: 0, max: 1200 }),
    tag: fc.integer({ min: 0, max: 2 })
  }),
  fc.record({
    kind: fc.constantFrom('uninitialize' as const, 'initialize' as const, 'discard' as const),
    at,
    length: fc.integer({ min: 0, max: 1200 })
  }),
  fc.record({
    kind: fc.constant('fill' as const),
    at,
    length: fc.integer({ min: 0, max: 1200 }),
    value: fc.integer({ min: 0, max: 255 })
  }),
  fc.record({
    kind: fc.constant('write32' as const),
    at,
    value: fc.integer({ min: 1, max: 2 ** 32 - 1 })
  }),
  fc.record({
    kind: fc.constant('tagBlock' as const),
    at,
    header: fc.integer({ min: 0, max: 32 }),
    requested: fc.integer({ min: 0, max: 700 }),
    tail: fc.integer({ min: 0, max: 40 }),
    clear: fc.boolean()
  }),
  fc.record({
    kind: fc.constant('writePointer' as const),
    at,
    value: fc.oneof(
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.constantFrom(0x555555559010, 2 ** 53 - 1, 2 ** 53 + 2, 2 ** 64, 0x7ffff7e19c80)
    )
  }),
  fc.record({
    kind: fc.constant('writeDouble' as const),
    at,
    value: fc.double({ noNaN: true })
  }),
  // Short copies (struct assignments, overlapping ones too) and long ones.
  fc.record({
    kind: fc.constant('copy' as const),
    at,
    from: at,
    length: fc.oneof(fc.integer({ min: 0, max: 140 }), fc.integer({ min: 0, max: 1200 }))
  }),
  // A write 2 MiB away shares a page-cache slot: the next access to the window misses.
  fc.record({ kind: fc.constant('evict' as const), at }),
  fc.record({ kind: fc.constantFrom('snapshot' as const, 'restore' as const) })
)

/** The 8 bytes a 64-bit store of `value` leaves, little-endian ((void *)-1 as 2^64: all ones). */
function wordBytes(value: number): number[] {
  if (value >= 2 ** 64) return [255, 255, 255, 255, 255, 255, 255, 255]
  const big = BigInt(value)
  return Array.from({ length: 8 }, (_, k) => Number((big >> BigInt(8 * k)) & 0xffn))
}

function range(m: Model, from: number, to: number, f: (i: number) => void): void {
  for (let i = Math.max(0, from); i < Math.min(SIZE, to); i++) f(i)
}

/**
 * Aligned 64-bit stores (the dense heap table's path), snapshots and restores, and whole pages
 * replaced, more often than `op` gives them: the table must never let a store reach a page a
 * snapshot froze or one no longer in the page table.
 */
const pointerStoresAndSnapshots: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('writePointer' as const),
    at: at.map((a) => a & ~7),
    value: fc.integer({ min: 0, max: 2 ** 31 })
  }),
  fc.record({ kind: fc.constantFrom('snapshot' as const, 'restore' as const) }),
  // A whole page given back (or zeroed, or marked initialized): a shared uniform page takes
  // its place, and the table's entry for it must not be used again.
  fc.record({
    kind: fc.constantFrom('discard' as const, 'initialize' as const),
    at: at.map((a) => a & ~511),
    length: fc.constantFrom(512, 1024)
  }),
  fc.record({
    kind: fc.constant('fill' as const),
    at: at.map((a) => a & ~511),
    length: fc.constant(512),
    value: fc.constant(0)
  })
)

/**
 * The property, on a memory whose dense heap table starts at `denseStart` (null: none), so that
 * `writePointer` takes the table's path for the pages from there on and the page cache's below.
 */
function agreesWithModel(denseStart: number | null): void {
  fc.assert(
    fc.property(
      fc.array(denseStart === null ? op : fc.oneof(op, pointerStoresAndSnapshots), {
        maxLength: 25
      }),
      (ops) => {
        const memory = new PagedMemory()
        if (denseStart !== null) memory.denseFrom(denseStart)
        let model = newModel()
        let saved: { snap: ReturnType<PagedMemory['snapshot']>; model: Model } | null = null
        for (const o of ops) {
          switch (o.kind) {
            case 'setTag': {
              const length = Math.min(o.length, SIZE - o.at)
              memory.setTag(BASE + o.at, length, o.tag)
              range(model, o.at, o.at + length, (i) => (model.tag[i] = o.tag))
              break
            }
            case 'uninitialize':
            case 'initialize': {
              const length = Math.min(o.length, SIZE - o.at)
              memory[o.kind](BASE + o.at, length)
              const bit = o.kind === 'initialize' ? 1 : 0
              range(model, o.at, o.at + length, (i) => (model.init[i] = bit))
              break
            }
            case 'discard': {
              const length = Math.min(o.length, SIZE - o.at)
              memory.discard(BASE + o.at, length)
              range(model, o.at, o.at + length, (i) => {
                model.value[i] = 0
                model.init[i] = 0
                model.tag[i] = 0
              })
              break
            }
            case 'fill': {
              const length = Math.min(o.length, SIZE - o.at)
              memory.fill(BASE + o.at, length, o.value)
              range(model, o.at, o.at + length, (i) => {
                model.value[i] = o.value
                model.init[i] = 1
              })
              break
            }
            case 'write32': {
              if (o.at + 4 > SIZE) break
              memory.write32(BASE + o.at, o.value)
              // little-endian: the low byte first
              for (let k = 0; k < 4; k++) {
                model.value[o.at + k] = Math.floor(o.value / 2 ** (8 * k)) & 0xff
                model.init[o.at + k] = 1
              }
              break
            }
            case 'tagBlock': {
              const end = o.at + o.header + o.requested + o.tail
              if (end > SIZE) break
              const payload = o.at + o.header
              memory.tagBlock(BASE + o.at, BASE + payload, o.requested, BASE + end, o.clear)
              range(model, o.at, end, (i) => {
                const inside = i >= payload && i < payload + o.requested
                model.tag[i] = inside ? HeapTag.allocated : HeapTag.none
                if (inside && o.clear) model.init[i] = 0
              })
              break
            }
            case 'writePointer': {
              if (o.at + 8 > SIZE) break
              memory.writePointer(BASE + o.at, o.value)
              wordBytes(o.value).forEach((byte, k) => {
                model.value[o.at + k] = byte
                model.init[o.at + k] = 1
              })
              break
            }
            case 'writeDouble': {
              if (o.at + 8 > SIZE) break
              memory.writeDouble(BASE + o.at, o.value)
              // IEEE 754 binary64, little-endian
              const bytes = new Uint8Array(new Float64Array([o.value]).buffer)
              bytes.forEach((byte, k) => {
                model.value[o.at + k] = byte
                model.init[o.at + k] = 1
              })
              break
            }
            case 'copy': {
              const length = Math.min(o.length, SIZE - o.at, SIZE - o.from)
              memory.copy(BASE + o.at, BASE + o.from, length)
              // memmove: as if through a temporary copy
              const value = model.value.slice(o.from, o.from + length)
              const init = model.init.slice(o.from, o.from + length)
              model.value.set(value, o.at)
              model.init.set(init, o.at)
              break
            }
            case 'evict':
              // Outside the window (2 MiB above it): no change the model sees.
              memory.write8(BASE + 0x200000 + o.at, 1)
              break
            case 'snapshot':
              saved = { snap: memory.snapshot(), model: copyModel(model) }
              break
            case 'restore':
              if (saved !== null) {
                memory.restore(saved.snap)
                model = copyModel(saved.model)
              }
              break
          }
        }
        const bytes = memory.readBytes(BASE, SIZE)
        for (let i = 0; i < SIZE; i++) {
          const got = [bytes[i], memory.isInitialized(BASE + i) ? 1 : 0, memory.tagAt(BASE + i)]
          const want = [model.value[i], model.init[i], model.tag[i]]
          if (got.some((g, k) => g !== want[k])) expect([i, ...got]).toEqual([i, ...want])
        }
        // Every 64-bit word, aligned or not, reads back as its bytes say (low half + high half
        // times 2^32, as readPointer adds them)
        for (let i = 0; i + 8 <= SIZE; i++) {
          let low = 0
          let high = 0
          for (let k = 3; k >= 0; k--) {
            low = low * 256 + (model.value[i + k] as number)
            high = high * 256 + (model.value[i + 4 + k] as number)
          }
          const word = memory.readPointer(BASE + i)
          if (word !== low + high * 2 ** 32) expect([i, word]).toEqual([i, low + high * 2 ** 32])
        }
        // firstUntagged agrees with the model over the whole window, for each tag
        for (const tag of [0, 1, 2]) {
          const first = model.tag.findIndex((t) => t !== tag)
          expect(memory.firstUntagged(BASE, SIZE, tag)).toBe(first < 0 ? -1 : BASE + first)
        }
        // The count of pages of its own that the memory limit keeps, against a walk of them
        expect(memory.ownPages).toBe(memory.pageCount())
      }
    ),
    { numRuns: 400 }
  )
}

describe('PagedMemory against a byte-per-entry model', () => {
  it('agrees on every byte, initialized bit and heap tag after any sequence of operations', () => {
    agreesWithModel(null)
  })

  it("agrees the same with a dense heap table from the window's third page on", () => {
    agreesWithModel(BASE + 1024)
  })
})
