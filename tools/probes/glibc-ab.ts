/**
 * Compares the glibc allocator of two (or more) checkouts on the malloc-lab traces, in ONE
 * process: each round replays a trace once on every checkout's allocator in turn. On a shared
 * 2-core machine at load 15, a whole replay is almost never left alone, so the main figure is
 * robust to preemption: the trace is cut into segments of SEGMENT operations, each segment keeps
 * its fastest wall time over the rounds, and the figure is their sum per operation (at load 15-17
 * two checkouts of the same code agree within 1-3 %; best whole-round CPU time differed by up to
 * 20 %). The best replay's CPU time (process.cpuUsage, which also counts V8's compiler and GC
 * threads) is printed beside it. Each checkout gets a replay loop of its own (compiled from
 * source text), so neither is optimized for the other's allocator class. The allocators run on
 * the small test host (no Machine): the figure is the allocator's own cost plus a few ns of host.
 *
 *   git worktree add /tmp/glibc-base HEAD      # the old code (link node_modules into it)
 *   node --import tsx tools/probes/glibc-ab.ts /tmp/glibc-base,. binary2,cccp,random [rounds]
 *
 * Prints the load average and, per trace, each checkout's ns per operation, its ratio to the
 * first checkout's, and the best replay's CPU ns per operation.
 */
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { compareCheckouts, SEGMENT, type AllocatorFactory, type TraceAllocator } from './ab-replay'

/** A checkout's `new GlibcAllocator(new SimpleHeapHost())`, loaded from its own source files. */
async function loadFactory(root: string): Promise<AllocatorFactory> {
  const dir = join(resolve(root), 'shared/sim/allocators/glibc')
  const host = (await import(pathToFileURL(join(dir, 'test-host.ts')).href)) as {
    SimpleHeapHost: new () => unknown
  }
  const glibc = (await import(pathToFileURL(join(dir, 'ptmalloc.ts')).href)) as {
    GlibcAllocator: new (host: unknown) => TraceAllocator
  }
  return () => {
    const heapHost = new host.SimpleHeapHost() as {
      heapStart: number
      memory: { denseFrom?: (start: number) => void }
    }
    // The dense heap table on, as the Machine has it (older test hosts did not turn it on).
    heapHost.memory.denseFrom?.(heapHost.heapStart)
    return new glibc.GlibcAllocator(heapHost)
  }
}

async function main(): Promise<void> {
  const [rootList, traceList, roundArg] = process.argv.slice(2)
  if (rootList === undefined || traceList === undefined) {
    console.log('usage: glibc-ab.ts ROOT_A,ROOT_B[,...] TRACE[,TRACE...] [ROUNDS]')
    process.exitCode = 2
    return
  }
  const roots = rootList.split(',')
  const rounds = Math.max(3, Number(roundArg ?? 41))
  const factories = await Promise.all(roots.map(loadFactory))
  // Beside the repository, as /work/shared is to /work/main; a worktree elsewhere names it.
  const tracesDir =
    process.env.MEMORY_LANE_TRACES ??
    fileURLToPath(new URL('../../../shared/traces', import.meta.url))
  console.log(
    `load average ${loadavg()[0]?.toFixed(1)}; ns/op: the sum over ${SEGMENT}-operation segments of each segment's fastest wall time in ${rounds - 2} replays (ratio to the first checkout); cpu: the best replay's CPU ns/op`
  )
  compareCheckouts(roots, factories, traceList.split(','), tracesDir, rounds)
}

await main()
