/**
 * Compares one allocator of two (or more) checkouts, as the sim bench runs it (a linux-x86_64
 * Machine, event log on, heap checker off, mmap off as TraceReplay has it), on the malloc-lab traces in ONE process: each round
 * replays a trace once on every checkout's machine in turn, so both see the same moments of this
 * machine's speed (its virtual CPUs change speed by up to 2x within seconds). The figure is
 * glibc-ab.ts's, robust to preemption: the sum over 500-operation segments of each segment's
 * fastest wall time, per operation; the best replay's CPU ns/op beside it. Each checkout gets a
 * replay loop of its own (compiled from source text).
 *
 *   git worktree add /tmp/sim-base HEAD      # the old code (link node_modules into it)
 *   node --import tsx tools/probes/sim-ab.ts /tmp/sim-base,. segregated realloc,realloc2 [rounds]
 *
 * ALLOCATOR `nothing` is the machine floor: each checkout's Machine with the allocator that does
 * nothing (its bench/do-nothing.ts), what the machine itself costs per heap call.
 *
 * Prints the load average and, per trace, each checkout's ns per operation, its ratio to the
 * first checkout's, and the best replay's CPU ns per operation.
 */
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { compareCheckouts, SEGMENT, type AllocatorFactory, type TraceAllocator } from './ab-replay'

/**
 * A checkout's `new Machine(...)` with `allocator`, loaded from its own source files; for
 * `nothing`, with its do-nothing allocator put in.
 */
async function loadFactory(root: string, allocator: string): Promise<AllocatorFactory> {
  const dir = join(resolve(root), 'shared/sim')
  await import(pathToFileURL(join(dir, 'allocators/index.ts')).href)
  const sim = (await import(pathToFileURL(join(dir, 'machine.ts')).href)) as {
    Machine: new (options: {
      layout: string
      allocator: string
      checked: boolean
      allocatorOptions?: Record<string, unknown>
    }) => TraceAllocator
  }
  // As the sim bench replays a trace (TraceReplay): the malloc lab has no mmap, every request
  // comes from the heap. SIM_AB_MMAP=default keeps the Machine's 128 KiB threshold instead.
  const allocatorOptions =
    process.env.SIM_AB_MMAP === 'default' ? {} : { mmapThreshold: Number.POSITIVE_INFINITY }
  if (allocator !== 'nothing')
    return () =>
      new sim.Machine({ layout: 'linux-x86_64', allocator, checked: false, allocatorOptions })
  const bench = (await import(pathToFileURL(join(resolve(root), 'bench/do-nothing.ts')).href)) as {
    withDoNothingAllocator: (machine: TraceAllocator) => TraceAllocator
  }
  return () =>
    bench.withDoNothingAllocator(
      new sim.Machine({ layout: 'linux-x86_64', allocator: 'first-fit', checked: false })
    )
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
  compareCheckouts(roots, factories, traceList.split(','), tracesDir, rounds)
}

await main()
