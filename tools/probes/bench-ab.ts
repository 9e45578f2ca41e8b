/**
 * One allocator of two (or more) checkouts timed exactly as the sim bench times it, alternated in
 * one process: each checkout's own `TraceReplay` (snapshots off, mmap off, event log on, heap
 * checker off), after every allocator of that checkout has replayed every trace once (the
 * bench's warm-up, which leaves the machine's calls into the allocators megamorphic); then, per
 * trace, runs of the trace back to back to >= 20,000 operations, one checkout after the other,
 * ROUNDS times, and each checkout's best CPU ns an operation with its ratio to the first's.
 *
 *   node --import tsx tools/probes/bench-ab.ts /tmp/base,. segregated realloc,short1 [rounds]
 *
 * Why beside sim-ab.ts: sim-ab replays through a loop of its own, and the two can disagree. In
 * session 15 a change to segregated's classOf (a shift for a multiplication by a boxed double;
 * cachegrind: the same instructions, realloc-bal 1,341 and 1,342 an operation) read 0.75-0.95 of
 * the old time on realloc-bal in sim-ab, both orders, and 1.02-1.06 here. Run both orders here
 * too (`A,B` and `B,A`): the first checkout's runs are not always the slower.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadavg } from 'node:os'
import { pathToFileURL } from 'node:url'

/** What a checkout's shared/sim/trace.ts offers the bench (its types are the checkout's own). */
interface ReplayModule {
  parseTrace(text: string, name: string): { length: number }
  repeatTrace(trace: { length: number }, times: number): { length: number }
  TraceReplay: new (
    trace: { length: number },
    allocator: string,
    options: { snapshotEvery: number }
  ) => { position: number; seek(to: number): void; run(): unknown }
}

/** As the sim bench: a timed run replays the trace back to back to at least this many operations. */
const MIN_OPS = 20_000

async function loadCheckout(root: string): Promise<{ sim: ReplayModule; allocators: string[] }> {
  const dir = join(resolve(root), 'shared/sim')
  const registry = (await import(pathToFileURL(join(dir, 'allocators/index.ts')).href)) as {
    allocatorNames(): { name: string }[]
  }
  const sim = (await import(pathToFileURL(join(dir, 'trace.ts')).href)) as ReplayModule
  return { sim, allocators: registry.allocatorNames().map((a) => a.name) }
}

async function main(): Promise<void> {
  const [rootList, allocator, traceList, roundArg] = process.argv.slice(2)
  if (rootList === undefined || allocator === undefined || traceList === undefined) {
    console.log('usage: bench-ab.ts ROOT_A,ROOT_B[,...] ALLOCATOR TRACE[,TRACE...] [ROUNDS]')
    process.exitCode = 2
    return
  }
  const roots = rootList.split(',')
  const rounds = Math.max(2, Number(roundArg ?? 10))
  const tracesDir = process.env.MEMORY_LANE_TRACES ?? '/work/shared/traces'
  const files = readdirSync(tracesDir)
    .filter((f) => f.endsWith('.rep'))
    .sort()
  const texts = files.map((f) => readFileSync(join(tracesDir, f), 'utf8'))
  const checkouts = await Promise.all(roots.map(loadCheckout))
  // The bench's warm-up: every allocator on every trace, so the JIT has seen them all.
  for (const { sim, allocators } of checkouts) {
    const traces = files.map((f, i) => sim.parseTrace(texts[i] as string, f))
    for (const a of allocators)
      for (const t of traces) new sim.TraceReplay(t, a, { snapshotEvery: 0 }).run()
  }
  console.log(
    `${allocator}; load average ${loadavg()[0]?.toFixed(1)}; best CPU ns an operation over ${rounds} runs of >= ${MIN_OPS.toLocaleString('en')} operations each (ratio to the first checkout)`
  )
  console.log('trace'.padEnd(12) + roots.map((r) => r.padStart(28)).join(''))
  for (const name of traceList.split(',')) {
    const file = `${name}-bal.rep`
    const text = readFileSync(join(tracesDir, file), 'utf8')
    const runs = checkouts.map(({ sim }) => {
      const trace = sim.parseTrace(text, file)
      const perRun = Math.max(1, Math.ceil(MIN_OPS / trace.length)) * trace.length
      const times = (perRun / trace.length) * (rounds + 1)
      const replay = new sim.TraceReplay(sim.repeatTrace(trace, times), allocator, {
        snapshotEvery: 0
      })
      replay.seek(perRun) // the untimed warm-up run, as the bench makes
      return { replay, perRun, best: Infinity }
    })
    for (let round = 0; round < rounds; round++) {
      for (const run of runs) {
        const cpu = process.cpuUsage()
        run.replay.seek(run.replay.position + run.perRun)
        const used = process.cpuUsage(cpu)
        run.best = Math.min(run.best, ((used.user + used.system) * 1000) / run.perRun)
      }
    }
    const first = runs[0]?.best ?? NaN
    console.log(
      name.padEnd(12) +
        runs
          .map((r) => `${r.best.toFixed(1)} (${(r.best / first).toFixed(2)})`.padStart(28))
          .join('')
    )
  }
}

await main()
