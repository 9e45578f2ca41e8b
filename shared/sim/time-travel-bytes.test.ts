/**
 * Time travel is exact down to the byte: after `stateAt(k)` the heap's memory (every byte the
 * byte inspector can show, and whether it is initialized) is what a fresh replay of k operations
 * leaves, wherever the replay jumped from. Stale words matter here: the links a block kept in
 * its payload from when it was free, old footers, the header of a block a split or merge
 * swallowed, and the copies a moving realloc made of all of them.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocatorNames } from './allocators/index'
import { OP_ALLOC, OP_FREE, OP_REALLOC, parseTrace, repeatTrace, TraceReplay } from './trace'
import type { Trace } from './trace'
import type { Machine } from './machine'

/** The heap [heapStart, break) and every mapping, bytes and initialized flags. */
function memoryOf(
  m: Machine
): Array<{ start: number; bytes: Uint8Array; initialized: Uint8Array }> {
  const ranges: Array<[number, number]> = [[m.heapStart, m.programBreak()]]
  for (const [start, end] of mappings(m)) ranges.push([start, end])
  return ranges.map(([start, end]) => {
    const { bytes, initialized } = m.memory.dump(start, end - start)
    return { start, bytes, initialized }
  })
}

function mappings(m: Machine): Array<[number, number]> {
  return m.snapshot(false).mmaps.map(([start, end]) => [start, end] as [number, number])
}

/** First differing byte of two dumps, for a readable failure. */
function firstDifference(
  a: ReturnType<typeof memoryOf>,
  b: ReturnType<typeof memoryOf>
): string | null {
  if (a.length !== b.length) return `${a.length} ranges vs ${b.length}`
  for (let r = 0; r < a.length; r++) {
    const x = a[r]
    const y = b[r]
    if (x.start !== y.start || x.bytes.length !== y.bytes.length)
      return `range ${r}: ${x.start}+${x.bytes.length} vs ${y.start}+${y.bytes.length}`
    for (let i = 0; i < x.bytes.length; i++) {
      if (x.bytes[i] !== y.bytes[i] || x.initialized[i] !== y.initialized[i]) {
        return (
          `address 0x${(x.start + i).toString(16)}: byte ${x.bytes[i]} (initialized ${x.initialized[i]}) ` +
          `where a fresh replay has ${y.bytes[i]} (initialized ${y.initialized[i]})`
        )
      }
    }
  }
  return null
}

/** The state after `step` operations, replayed from scratch. */
function fresh(trace: Trace, allocator: string, step: number): ReturnType<typeof memoryOf> {
  const replay = new TraceReplay(trace, allocator, { snapshotEvery: 0 })
  replay.seek(step)
  return memoryOf(replay.machine)
}

type Op = { kind: number; pick: number; size: number }
const size = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 300 }) },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 5000 }) }
)
const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom(OP_ALLOC, OP_ALLOC, OP_ALLOC, OP_FREE, OP_FREE, OP_REALLOC),
  pick: fc.nat(),
  size
})

/** A well-formed trace from random operations (frees and reallocs pick a live id). */
function toTrace(ops: Op[]): Trace {
  const kinds: number[] = []
  const ids: number[] = []
  const sizes: number[] = []
  const live: number[] = []
  let next = 0
  for (const o of ops) {
    if (o.kind === OP_ALLOC || live.length === 0) {
      kinds.push(OP_ALLOC)
      ids.push(next)
      sizes.push(o.size)
      live.push(next++)
      continue
    }
    const index = o.pick % live.length
    ids.push(live[index])
    kinds.push(o.kind)
    sizes.push(o.kind === OP_FREE ? 0 : o.size)
    if (o.kind === OP_FREE) live.splice(index, 1)
  }
  return {
    name: 'random',
    ids: Math.max(1, next),
    length: kinds.length,
    kinds: Uint8Array.from(kinds),
    blockIds: Int32Array.from(ids),
    sizes: Float64Array.from(sizes),
    lines: Int32Array.from(kinds.map((_, i) => i + 3))
  }
}

const ALLOCATORS = allocatorNames().map((a) => a.name)

describe('time travel keeps every heap byte', () => {
  it.each(ALLOCATORS)('%s: random traces, jumps back and forwards', (name) => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 120 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 200 }),
        (ops, picks, every, checkpointEvery) => {
          const trace = toTrace(ops)
          const replay = new TraceReplay(trace, name, { snapshotEvery: every, checkpointEvery })
          replay.run()
          for (const pick of picks) {
            const k = pick % (trace.length + 1)
            replay.stateAt(k)
            const difference = firstDifference(memoryOf(replay.machine), fresh(trace, name, k))
            expect(difference, `step ${k} of ${trace.length}`).toBeNull()
          }
        }
      ),
      { numRuns: 40, seed: 8 }
    )
  })

  it.each(ALLOCATORS)('%s: records on past jumps back, then jumps anywhere', (name) => {
    // Recording stops halfway, jumps back (twice, so a restore reuses the checkpoint it put in
    // place), and records on: the snapshots taken after that must be exact too, and the memory
    // the jumps left behind must not be handed out while a snapshot still needs it.
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 2, maxLength: 150 }),
        fc.array(fc.nat(), { minLength: 3, maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 40 }),
        (ops, picks, every, checkpointEvery) => {
          const trace = toTrace(ops)
          const n = trace.length
          // Checkpoints every few changed words, so that jumps restore through them.
          const replay = new TraceReplay(trace, name, { snapshotEvery: every, checkpointEvery })
          replay.seek(n >> 1)
          replay.stateAt((picks[0] as number) % ((n >> 1) + 1))
          replay.stateAt((picks[1] as number) % ((n >> 1) + 1))
          replay.seek(n)
          for (const pick of picks.slice(2)) {
            const k = pick % (n + 1)
            replay.stateAt(k)
            const difference = firstDifference(memoryOf(replay.machine), fresh(trace, name, k))
            expect(difference, `step ${k} of ${n}`).toBeNull()
          }
        }
      ),
      { numRuns: 30, seed: 9 }
    )
  })

  it.each(ALLOCATORS)('%s: scrubbing, a few operations back or forwards at a time', (name) => {
    // A scrubber moves a little at a time: back to the snapshot a restore put back last (its
    // memory is kept, no delta applied), forwards from it (its deltas only), across checkpoints
    // and back. Each step is compared with a fresh replay, and so is the recording resumed after.
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 10, maxLength: 120 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.integer({ min: -12, max: 12 }), { minLength: 2, maxLength: 12 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 40 }),
        (ops, from, moves, every, checkpointEvery) => {
          const trace = toTrace(ops)
          const n = trace.length
          const replay = new TraceReplay(trace, name, { snapshotEvery: every, checkpointEvery })
          // Recording stops two thirds in, so jumps happen with the recording's delta base alive.
          replay.seek(Math.floor((2 * n) / 3))
          let k = from % (n + 1)
          for (const move of moves) {
            k = Math.min(n, Math.max(0, k + move))
            replay.stateAt(k)
            const difference = firstDifference(memoryOf(replay.machine), fresh(trace, name, k))
            expect(difference, `step ${k} of ${n}`).toBeNull()
          }
          replay.seek(n)
          for (const back of [n >> 1, (n >> 1) + 1, n >> 2]) {
            replay.stateAt(back)
            const difference = firstDifference(memoryOf(replay.machine), fresh(trace, name, back))
            expect(difference, `step ${back} of ${n} after recording on`).toBeNull()
          }
        }
      ),
      { numRuns: 30, seed: 12 }
    )
  })

  it.each(ALLOCATORS)('%s: a small budget drops snapshots, folding their deltas in', (name) => {
    // A budget of a few kilobytes holds a handful of these snapshots (each is a kilobyte or
    // more), so recording drops most of them as it goes: checkpoints and plain ones, each
    // delta folded into the next. Every step must still come back exactly.
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 20, maxLength: 150 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 2_000, max: 30_000 }),
        (ops, picks, every, checkpointEvery, snapshotBudget) => {
          const trace = toTrace(ops)
          const replay = new TraceReplay(trace, name, {
            snapshotEvery: every,
            checkpointEvery,
            snapshotBudget
          })
          replay.run()
          // Only the first and the last snapshot are never dropped.
          if (replay.snapshotSteps().length > 2) {
            expect(replay.snapshotBytes()).toBeLessThanOrEqual(snapshotBudget)
          }
          for (const pick of picks) {
            const k = pick % (trace.length + 1)
            replay.stateAt(k)
            const difference = firstDifference(memoryOf(replay.machine), fresh(trace, name, k))
            expect(difference, `step ${k} of ${trace.length}`).toBeNull()
          }
        }
      ),
      { numRuns: 30, seed: 10 }
    )
  })

  // random-bal's heap is 15 MB (slow to compare): three allocators of different kinds only.
  const cases = ALLOCATORS.flatMap((a) =>
    ['binary2-bal', 'coalescing-bal', 'realloc-bal', 'random-bal']
      .filter((t) => t !== 'random-bal' || ['first-fit', 'glibc', 'buddy'].includes(a))
      .map((t) => [a, t])
  )
  it.each(cases)(
    '%s on %s: the real trace at a few steps, jumping back and forwards',
    (name, traceName) => {
      const text = readFileSync(`/work/shared/traces/${traceName}.rep`, 'utf8')
      const trace = repeatTrace(parseTrace(text, traceName), 1)
      const replay = new TraceReplay(trace, name, { snapshotEvery: 97 })
      replay.run()
      const n = trace.length
      for (const step of [Math.floor(n / 2), 3, n - 1, Math.floor(n / 3) + 50, 1000, n]) {
        replay.stateAt(step)
        const difference = firstDifference(memoryOf(replay.machine), fresh(trace, name, step))
        expect(difference, `step ${step}`).toBeNull()
      }
    },
    // buddy on random-bal takes 25 s at load 10 and 70-83 s at load 30 (session 12, before and
    // after its snapshots became deltas): the time limit is for a hung replay, not for speed.
    180_000
  )
})
