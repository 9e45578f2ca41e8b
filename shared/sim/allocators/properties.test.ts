/**
 * Invariants every allocator in the registry must keep, over random operation sequences
 * (fast-check, fixed seeds). A new allocator registered in `index.ts` is checked here too.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Machine } from '../machine'
import { AllocatorCounter } from '../types'
import { metricsFromBlocks } from '../metrics'
import { OP_ALLOC, OP_FREE, OP_REALLOC, TraceReplay, type Trace } from '../trace'
import { FreeListAllocator, type FreeListOptions } from './free-list'
import { allocatorNames, type AllocatorOptions } from './index'

type Op =
  | { op: 'malloc'; size: number }
  | { op: 'calloc'; count: number; size: number }
  | { op: 'free'; pick: number }
  | { op: 'realloc'; pick: number; size: number }

const size = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 600 }) },
  { weight: 1, arbitrary: fc.integer({ min: 600, max: 6000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 130_000, max: 300_000 }) }
)
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('malloc' as const), size }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('calloc' as const),
      count: fc.integer({ min: 1, max: 8 }),
      size: fc.integer({ min: 1, max: 64 })
    })
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('free' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('realloc' as const), pick: fc.nat(), size })
  }
)

interface Live {
  pointer: number
  size: number
  fill: number
}

/** Run `ops`, checking every invariant after each one. */
function check(allocator: string, options: AllocatorOptions, ops: Op[], alignment: number): void {
  const m = new Machine({ allocator, allocatorOptions: options })
  const live: Live[] = []
  let fillSeed = 1
  const intact = (b: Live): void => {
    const bytes = m.memory.readBytes(b.pointer, b.size)
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== b.fill) {
        throw new Error(`byte ${i} of the ${b.size}-byte block at ${b.pointer} was overwritten`)
      }
    }
  }
  const track = (pointer: number, n: number): void => {
    if (pointer === 0) return
    expect(pointer % alignment).toBe(0)
    const fill = fillSeed++ & 0xff
    m.memory.fill(pointer, n, fill)
    live.push({ pointer, size: n, fill })
  }
  for (const o of ops) {
    if (o.op === 'malloc') track(m.malloc(o.size), o.size)
    else if (o.op === 'calloc') {
      const p = m.calloc(o.count, o.size)
      if (p !== 0) {
        expect([...m.memory.readBytes(p, o.count * o.size)].every((x) => x === 0)).toBe(true)
      }
      track(p, o.count * o.size)
    } else if (live.length > 0) {
      const [b] = live.splice(o.pick % live.length, 1)
      intact(b)
      if (o.op === 'free') m.free(b.pointer)
      else {
        const q = m.realloc(b.pointer, o.size)
        if (q === 0) {
          if (o.size !== 0) live.push(b) // a failed realloc leaves the block alone
        } else {
          const kept = m.memory.readBytes(q, Math.min(b.size, o.size))
          expect(kept.every((x) => x === b.fill)).toBe(true)
          track(q, o.size)
        }
      }
    }
    invariants(m, live)
  }
  expect(m.events).toEqual([])
}

function invariants(m: Machine, live: Live[]): void {
  const blocks = m.allocator.blocks()
  const sorted = [...blocks].sort((a, b) => a.address - b.address)
  for (let i = 1; i < sorted.length; i++) {
    expect(sorted[i].address).toBeGreaterThanOrEqual(sorted[i - 1].address + sorted[i - 1].size)
  }
  // Every heap byte from the heap start to the break lies in exactly one block. (An allocator
  // may leave fewer than 16 bytes of alignment padding before its first block uncounted, as
  // glibc's unused prev_size field of the first chunk.)
  const brk = m.programBreak()
  const heap = sorted.filter((b) => b.address >= m.heapStart && b.address < brk)
  let at = m.heapStart
  if (heap.length > 0 && heap[0].address - m.heapStart < 16) at = heap[0].address
  for (const b of heap) {
    expect(b.address).toBe(at)
    at = b.address + b.size
  }
  expect(at).toBe(brk)
  // Each live pointer is an allocated block with the size the program asked for.
  const byPayload = new Map(blocks.map((b) => [b.payload, b]))
  for (const l of live) {
    const b = byPayload.get(l.pointer)
    expect(b?.free).toBe(false)
    expect(b?.requested).toBe(l.size)
    expect(b?.corrupted ?? false).toBe(false)
  }
  if (m.allocator instanceof FreeListAllocator && m.allocator.options.coalescing === 'immediate') {
    for (let i = 1; i < heap.length; i++) expect(heap[i - 1].free && heap[i].free).toBe(false)
  }
  // Incremental metrics equal the ones recomputed from the blocks.
  const metrics = m.metrics()
  const recomputed = metricsFromBlocks(
    blocks,
    brk - m.heapStart,
    m.mmapBytes(),
    metrics.peakUtilization
  )
  expect({ ...metrics, externalFragmentation: 0 }).toEqual({
    ...recomputed,
    externalFragmentation: 0
  })
  expect(metrics.externalFragmentation).toBeCloseTo(recomputed.externalFragmentation, 9)
  expect(metrics.requestedBytes).toBe(live.reduce((n, l) => n + l.size, 0))
  // blockBounds, where an allocator has it, agrees with blockAt.
  const bounds = new Float64Array(2)
  for (const l of live) {
    if (m.allocator.blockBounds === undefined) break
    const info = m.allocator.blockAt?.(l.pointer)
    expect(m.allocator.blockBounds(l.pointer, bounds)).toBe(true)
    expect([bounds[0], bounds[1]]).toEqual([info?.address, info?.size])
  }
  // The running counter the machine reads after every allocation agrees.
  const counters = m.allocator.counters
  if (counters !== undefined) {
    expect(counters[AllocatorCounter.requestedBytes]).toBe(metrics.requestedBytes)
  }
}

const RUNS = { numRuns: 25, seed: 20261127 }

describe.each(allocatorNames().map((a) => a.name))('allocator %s', (name) => {
  it('keeps blocks disjoint, tiling the heap, aligned, intact, with exact metrics', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => check(name, {}, ops, 8)),
      RUNS
    )
  })

  it('stateAt(k) equals a fresh replay of k operations', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 50 }), fc.nat(), (ops, pick) => {
        const trace = toTrace(ops)
        const timeTravel = new TraceReplay(trace, name, { snapshotEvery: 4 })
        timeTravel.run()
        const k = pick % (trace.length + 1)
        const back = timeTravel.stateAt(k)
        const fresh = new TraceReplay(trace, name, { snapshotEvery: 0 }).stateAt(k)
        expect(back).toEqual(fresh)
        // and forwards again from there
        const j = (k + 7) % (trace.length + 1)
        expect(timeTravel.stateAt(j)).toEqual(
          new TraceReplay(trace, name, { snapshotEvery: 0 }).stateAt(j)
        )
      }),
      RUNS
    )
  })
})

describe('free-list configurations', () => {
  const config = fc.record({
    placement: fc.constantFrom('first', 'next', 'best', 'worst'),
    order: fc.constantFrom('address', 'lifo', 'fifo', 'size-ascending', 'size-descending'),
    coalescing: fc.constantFrom('immediate', 'deferred', 'none'),
    alignment: fc.constantFrom(1, 2, 4, 8, 16),
    headerSize: fc.constantFrom(4, 8, 16),
    footer: fc.boolean(),
    split: fc.boolean()
  }) as fc.Arbitrary<Partial<FreeListOptions>>
  it('every placement, order, coalescing, alignment and header keeps the invariants', () => {
    fc.assert(
      fc.property(config, fc.array(op, { maxLength: 60 }), (options, ops) =>
        check('first-fit', options, ops, options.alignment ?? 16)
      ),
      { numRuns: 100, seed: 42 }
    )
  })
})

/** A malloc-lab trace for the same operations (ids in allocation order). */
function toTrace(ops: Op[]): Trace {
  const kinds: number[] = []
  const ids: number[] = []
  const sizes: number[] = []
  const live: number[] = []
  let next = 0
  for (const o of ops) {
    if (o.op === 'malloc' || o.op === 'calloc') {
      kinds.push(OP_ALLOC)
      ids.push(next)
      sizes.push(o.op === 'malloc' ? o.size : o.count * o.size)
      live.push(next++)
    } else if (live.length > 0) {
      const index = o.pick % live.length
      const id = live[index]
      if (o.op === 'free') {
        live.splice(index, 1)
        kinds.push(OP_FREE)
        sizes.push(0)
      } else {
        kinds.push(OP_REALLOC)
        sizes.push(o.size)
      }
      ids.push(id)
    }
  }
  const n = kinds.length
  return {
    name: 'generated',
    ids: Math.max(1, next),
    length: n,
    kinds: Uint8Array.from(kinds),
    blockIds: Int32Array.from(ids),
    sizes: Float64Array.from(sizes),
    lines: Int32Array.from(kinds.map((_, i) => i + 3))
  }
}
