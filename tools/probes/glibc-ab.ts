/**
 * Compares the glibc allocator of two (or more) checkouts on the malloc-lab traces, in ONE
 * process: each round replays a trace on every checkout's allocator in turn, and each keeps its
 * best CPU time per operation. On a shared machine whose load moves by the minute, rounds that
 * alternate within a second are the fairest A/B there is (separate processes run minutes apart
 * under different loads). The allocators run on the small test host (no Machine), so the figure
 * is the allocator's own cost plus a few ns of host.
 *
 *   git worktree add /tmp/glibc-base HEAD      # the old code (link node_modules into it)
 *   node --import tsx tools/probes/glibc-ab.ts /tmp/glibc-base,. binary2,cccp,random [rounds]
 *
 * Prints the load average and, per trace, each checkout's best ns per operation.
 */
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** What the comparison needs of a checkout's allocator (the public malloc API). */
interface TraceAllocator {
  malloc(size: number): number
  free(pointer: number): void
  realloc(pointer: number, size: number): number
}

type AllocatorFactory = () => TraceAllocator

/** A checkout's `new GlibcAllocator(new SimpleHeapHost())`, loaded from its own source files. */
async function loadFactory(root: string): Promise<AllocatorFactory> {
  const dir = join(resolve(root), 'shared/sim/allocators/glibc')
  const host = (await import(pathToFileURL(join(dir, 'test-host.ts')).href)) as {
    SimpleHeapHost: new () => unknown
  }
  const glibc = (await import(pathToFileURL(join(dir, 'ptmalloc.ts')).href)) as {
    GlibcAllocator: new (host: unknown) => TraceAllocator
  }
  return () => new glibc.GlibcAllocator(new host.SimpleHeapHost())
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

/** CPU microseconds for `times` replays (blocks left over are freed, untimed). */
function replay(trace: Trace, allocator: TraceAllocator, times: number, ptr: Float64Array): number {
  const { kinds, ids, sizes } = trace
  let micros = 0
  for (let r = 0; r < times; r++) {
    const start = process.cpuUsage()
    for (let i = 0; i < kinds.length; i++) {
      const id = ids[i] as number
      const kind = kinds[i]
      if (kind === 0) ptr[id] = allocator.malloc(sizes[i] as number)
      else if (kind === 1) {
        allocator.free(ptr[id] as number)
        ptr[id] = 0
      } else ptr[id] = allocator.realloc(ptr[id] as number, sizes[i] as number)
    }
    const used = process.cpuUsage(start)
    micros += used.user + used.system
    for (let id = 0; id < ptr.length; id++) {
      if (ptr[id] !== 0) allocator.free(ptr[id] as number)
      ptr[id] = 0
    }
  }
  return micros
}

async function main(): Promise<void> {
  const [rootList, traceList, roundArg] = process.argv.slice(2)
  if (rootList === undefined || traceList === undefined) {
    console.log('usage: glibc-ab.ts ROOT_A,ROOT_B[,...] TRACE[,TRACE...] [ROUNDS]')
    process.exitCode = 2
    return
  }
  const roots = rootList.split(',')
  const rounds = Math.max(3, Number(roundArg ?? 15))
  const factories = await Promise.all(roots.map(loadFactory))
  const tracesDir = fileURLToPath(new URL('../../../shared/traces', import.meta.url))
  console.log(`load average ${loadavg()[0]?.toFixed(1)}; best CPU ns/op of ${rounds - 2} rounds`)
  console.log('trace'.padEnd(12) + roots.map((r) => r.padStart(16)).join(''))
  for (const name of traceList.split(',')) {
    const trace = readTrace(join(tracesDir, `${name}-bal.rep`))
    const batch = Math.max(1, Math.ceil(20000 / trace.kinds.length))
    const runs = factories.map((make) => ({
      allocator: make(),
      ptr: new Float64Array(trace.blocks),
      best: Infinity
    }))
    for (let round = 0; round < rounds; round++) {
      for (const run of runs) {
        const micros = replay(trace, run.allocator, batch, run.ptr)
        // The first two rounds warm the heap and the JIT up.
        if (round >= 2)
          run.best = Math.min(run.best, (micros * 1000) / (trace.kinds.length * batch))
      }
    }
    console.log(name.padEnd(12) + runs.map((r) => r.best.toFixed(0).padStart(16)).join(''))
  }
}

await main()
