/**
 * What glibc-ab.ts and sim-ab.ts share: a malloc-lab trace read into typed arrays, a replay loop
 * compiled once per checkout, and the rounds that replay a trace on every checkout in turn and
 * print, per trace, the sum over SEGMENT-operation segments of each segment's fastest wall time
 * per operation (robust to preemption on this shared machine), its ratio to the first
 * checkout's, and the best replay's CPU ns per operation.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** What the comparison needs of a checkout's allocator or machine (the public malloc API). */
export interface TraceAllocator {
  malloc(size: number): number
  free(pointer: number): void
  realloc(pointer: number, size: number): number
}

export type AllocatorFactory = () => TraceAllocator

interface Trace {
  kinds: Uint8Array
  ids: Int32Array
  sizes: Float64Array
  blocks: number
}

/** A .rep file's `a ID SIZE`, `f ID`, `r ID SIZE` lines. */
function readTrace(path: string): Trace {
  const body = readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[afr]\s/.test(l))
  const trace: Trace = {
    kinds: new Uint8Array(body.length),
    ids: new Int32Array(body.length),
    sizes: new Float64Array(body.length),
    blocks: 0
  }
  body.forEach((line, i) => {
    const [op, id, size] = line.split(/\s+/)
    trace.kinds[i] = op === 'a' ? 0 : op === 'f' ? 1 : 2
    trace.ids[i] = Number(id)
    trace.sizes[i] = Number(size ?? 0)
    trace.blocks = Math.max(trace.blocks, Number(id) + 1)
  })
  return trace
}

/**
 * The trace back to back until it has at least `minOps` operations (the malloc-lab traces are
 * balanced: each pass frees what it allocated). A 12-operation trace replayed once is timed
 * mostly in the replay's own calls (two clock reads and `process.cpuUsage` a replay: short1
 * read 1,700 ns an operation), as the sim bench repeats it to 20,000.
 */
function repeatTo(trace: Trace, minOps: number): Trace {
  const passes = Math.max(1, Math.ceil(minOps / trace.kinds.length))
  if (passes === 1) return trace
  const n = trace.kinds.length
  const out: Trace = {
    kinds: new Uint8Array(n * passes),
    ids: new Int32Array(n * passes),
    sizes: new Float64Array(n * passes),
    blocks: trace.blocks
  }
  for (let p = 0; p < passes; p++) {
    out.kinds.set(trace.kinds, p * n)
    out.ids.set(trace.ids, p * n)
    out.sizes.set(trace.sizes, p * n)
  }
  return out
}

/**
 * Replays the trace once and lowers `fastest[k]` to the wall-clock nanoseconds that segment k
 * (SEGMENT consecutive operations) took, if this replay was faster there; returns the CPU
 * microseconds of the whole replay. Blocks left over are freed afterwards, untimed.
 */
type Replay = (
  trace: Trace,
  allocator: TraceAllocator,
  ptr: Float64Array,
  fastest: Float64Array,
  now: () => number
) => number

/** Operations per timed segment: short enough (~0.1-1 ms) that many run without preemption. */
export const SEGMENT = 500

/** Traces shorter than this are repeated to it (see `repeatTo`): ten segments. */
const MIN_OPS = 10 * SEGMENT

/**
 * A replay function of its own for each checkout, compiled from source text so that V8 keeps
 * separate type feedback and inlining decisions for each (one shared loop would see both
 * allocator classes and be optimized for whichever came first).
 */
function makeReplay(): Replay {
  return new Function(
    'trace',
    'allocator',
    'ptr',
    'fastest',
    'now',
    `const { kinds, ids, sizes } = trace
    const cpu = process.cpuUsage()
    let start = now()
    for (let i = 0; i < kinds.length; i++) {
      const id = ids[i]
      const kind = kinds[i]
      if (kind === 0) ptr[id] = allocator.malloc(sizes[i])
      else if (kind === 1) {
        allocator.free(ptr[id])
        ptr[id] = 0
      } else ptr[id] = allocator.realloc(ptr[id], sizes[i])
      if ((i + 1) % ${SEGMENT} === 0 || i + 1 === kinds.length) {
        const end = now()
        const k = Math.floor(i / ${SEGMENT})
        if (end - start < fastest[k]) fastest[k] = end - start
        start = now()
      }
    }
    const used = process.cpuUsage(cpu)
    for (let id = 0; id < ptr.length; id++) {
      if (ptr[id] !== 0) allocator.free(ptr[id])
      ptr[id] = 0
    }
    return used.user + used.system`
  ) as Replay
}

/**
 * Replays each trace (`NAME-bal.rep` in `tracesDir`) `rounds` times on every checkout in turn,
 * the first two rounds untimed (they warm the heap and the JIT up), and prints one line per
 * trace under a heading of the checkouts' `roots`.
 */
export function compareCheckouts(
  roots: string[],
  factories: AllocatorFactory[],
  traceNames: string[],
  tracesDir: string,
  rounds: number
): void {
  console.log('trace'.padEnd(12) + roots.map((r) => r.padStart(28)).join(''))
  const now = (): number => performance.now() * 1e6
  for (const name of traceNames) {
    const trace = repeatTo(readTrace(join(tracesDir, `${name}-bal.rep`)), MIN_OPS)
    const runs = factories.map((make) => ({
      allocator: make(),
      replay: makeReplay(),
      ptr: new Float64Array(trace.blocks),
      fastest: new Float64Array(Math.ceil(trace.kinds.length / SEGMENT)).fill(Infinity),
      bestCpu: Infinity
    }))
    for (let round = 0; round < rounds; round++) {
      for (const run of runs) {
        // The first two rounds warm the heap and the JIT up.
        if (round === 2) {
          run.fastest.fill(Infinity)
          run.bestCpu = Infinity
        }
        const micros = run.replay(trace, run.allocator, run.ptr, run.fastest, now)
        run.bestCpu = Math.min(run.bestCpu, (micros * 1000) / trace.kinds.length)
      }
    }
    const perOp = runs.map((r) => r.fastest.reduce((sum, t) => sum + t, 0) / trace.kinds.length)
    const first = perOp[0] as number
    console.log(
      name.padEnd(12) +
        perOp
          .map((t, i) =>
            `${t.toFixed(0)} (${(t / first).toFixed(2)}) cpu ${(runs[i]?.bestCpu ?? NaN).toFixed(0)}`.padStart(
              28
            )
          )
          .join('')
    )
  }
}
