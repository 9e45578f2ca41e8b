/**
 * Compares one allocator of two (or more) checkouts, as the sim bench runs it (a linux-x86_64
 * Machine, event log on, heap checker off), on the malloc-lab traces in ONE process: each round
 * replays a trace once on every checkout's machine in turn, so both see the same moments of this
 * machine's speed (its virtual CPUs change speed by up to 2x within seconds). The figure is
 * glibc-ab.ts's, robust to preemption: the sum over 500-operation segments of each segment's
 * fastest wall time, per operation; the best replay's CPU ns/op beside it. Each checkout gets a
 * replay loop of its own (compiled from source text).
 *
 *   git worktree add /tmp/sim-base HEAD      # the old code (link node_modules into it)
 *   node --import tsx tools/probes/sim-ab.ts /tmp/sim-base,. segregated realloc,realloc2 [rounds]
 *
 * Prints the load average and, per trace, each checkout's ns per operation, its ratio to the
 * first checkout's, and the best replay's CPU ns per operation.
 */
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** What the comparison needs of a checkout's machine (its heap calls). */
interface TraceAllocator {
  malloc(size: number): number
  free(pointer: number): void
  realloc(pointer: number, size: number): number
}

type AllocatorFactory = () => TraceAllocator

/** A checkout's `new Machine(...)` with `allocator`, loaded from its own source files. */
async function loadFactory(root: string, allocator: string): Promise<AllocatorFactory> {
  const dir = join(resolve(root), 'shared/sim')
  await import(pathToFileURL(join(dir, 'allocators/index.ts')).href)
  const sim = (await import(pathToFileURL(join(dir, 'machine.ts')).href)) as {
    Machine: new (options: {
      layout: string
      allocator: string
      checked: boolean
    }) => TraceAllocator
  }
  return () => new sim.Machine({ layout: 'linux-x86_64', allocator, checked: false })
}

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
const SEGMENT = 500

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

async function main(): Promise<void> {
  const [rootList, allocator, traceList, roundArg] = process.argv.slice(2)
  if (rootList === undefined || allocator === undefined || traceList === undefined) {
    console.log('usage: sim-ab.ts ROOT_A,ROOT_B[,...] ALLOCATOR TRACE[,TRACE...] [ROUNDS]')
    process.exitCode = 2
    return
  }
  const roots = rootList.split(',')
  const rounds = Math.max(3, Number(roundArg ?? 41))
  const factories = await Promise.all(roots.map((root) => loadFactory(root, allocator)))
  const tracesDir = process.env.MEMORY_LANE_TRACES ?? '/work/shared/traces'
  console.log(
    `${allocator}; load average ${loadavg()[0]?.toFixed(1)}; ns/op: the sum over ${SEGMENT}-operation segments of each segment's fastest wall time in ${rounds - 2} replays (ratio to the first checkout); cpu: the best replay's CPU ns/op`
  )
  console.log('trace'.padEnd(12) + roots.map((r) => r.padStart(28)).join(''))
  const now = (): number => performance.now() * 1e6
  for (const name of traceList.split(',')) {
    const trace = readTrace(join(tracesDir, `${name}-bal.rep`))
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

await main()
