/**
 * Simulator benchmark: every registered allocator on every malloc-lab trace in
 * /work/shared/traces (operations per second with the event log on, peak utilization), beside
 * the machine's real glibc malloc replaying the same trace through bench/native/replay.c;
 * then time travel over a 1,000,000-operation replay on every allocator: recording time,
 * resident memory, and the latency of stateAt(step) at random steps and at the slowest steps
 * (just before a snapshot), each in a process of its own.
 *
 * What is timed, the same way in both columns: only the heap operations, on a warm heap, best
 * of RUNS runs. One run replays the trace PASSES times back to back (PASSES = enough passes for
 * MIN_OPS operations, so the 12-operation traces are timed over ~20,000 operations; the traces
 * are balanced, so each pass frees what it allocated). The simulator's machine is built, and
 * one untimed run made, before the timed runs; its event log (HeapLog and misuse events) stays
 * on; the heap checker is off, as in `memory-lane heap replay`. Wall-clock time: on a busy
 * machine the figures drop (see the calibration line).
 *
 * The two columns are also timed in the same moments: native is sampled (one warm-up run and
 * one timed run) before each of segregated's RUNS timed runs (an untimed run of the simulator
 * between, see `simulate`), and its figure is the best sample. The samples are asked of one
 * native process started before anything is timed (bench/native-sampler.ts): starting a
 * process there forked this one and cost the simulator's next run hundreds of page faults.
 * This machine's virtual CPUs change speed by up to 2x within seconds, and CPU time does not
 * hide it (the same 300M-iteration loop took 240 to 570 ms of CPU at load 3); a native process
 * timed apart from the simulation measured binary2 at 33M or 58M ops/s, realloc at 90M or
 * 160M, depending on the moment.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { allocatorNames } from '../shared/sim/allocators/index'
import { parseTrace, repeatTrace, TraceReplay, type Trace } from '../shared/sim/trace'
import { Machine } from '../shared/sim/machine'
import { HeapLog, HeapOpCode } from '../shared/sim/heap-log'
import { withDoNothingAllocator } from './do-nothing'
import { NativeSampler } from './native-sampler'
import { loadavg } from 'node:os'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

const here = fileURLToPath(new URL('.', import.meta.url))
const TRACE_DIR = process.env.MEMORY_LANE_TRACES ?? '/work/shared/traces'
const RUNS = 5
/** Each timed run replays the trace back to back until at least this many operations. */
const MIN_OPS = 20_000

/** Back-to-back passes of `trace` in one timed run. */
function passesFor(trace: Trace): number {
  return Math.max(1, Math.ceil(MIN_OPS / trace.length))
}

function fmt(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)}k`
  return n.toFixed(0)
}

/**
 * One native sample: the sampler warms its heap with one run and times a second; operations
 * per second by wall clock and by CPU time, the better of the two runs.
 */
function native(
  sampler: NativeSampler,
  file: string,
  passes: number
): { wall: number; cpu: number } | { unavailable: string } {
  const s = sampler.sample(file, 2, passes)
  if ('unavailable' in s) return s
  return { wall: s.operations / s.wallSeconds, cpu: s.operations / s.cpuSeconds }
}

/**
 * `beforeRun`, when given, runs (untimed) before each timed run, followed by an untimed run of
 * the replay: `beforeRun` is the native sample, asked of the sampler through its FIFOs. The
 * minor page faults of each timed run are counted (`faults`): a process started from here
 * (Node forks to start one) leaves every page of this process copy-on-write, and the run after
 * it paid 139 to 1,543 faults for 20,000 operations; with the sampler, none (median 0). The
 * untimed run is kept for the caches: while this process waits for the answer, native replays
 * on one of the two cores, and a timed run straight after it measured random-bal 0.96-1.23x
 * and random2-bal 0.99-1.22x the time of one after an untimed run (4 alternated pairs); every
 * other allocator's timed run, too, follows a run of its own.
 */
function simulate(
  trace: Trace,
  allocator: string,
  beforeRun?: () => void
): {
  opsPerSecond: number
  cpuOpsPerSecond: number
  utilization: number
  failed: number
  faults: number[]
} {
  // Utilization and failures of one plain replay (what `memory-lane heap replay` reports).
  const once = new TraceReplay(trace, allocator, { snapshotEvery: 0 }).run()
  const passes = passesFor(trace)
  const perRun = passes * trace.length
  const runsAfterSample = beforeRun === undefined ? 1 : 2
  const replay = new TraceReplay(
    repeatTrace(trace, passes * (RUNS * runsAfterSample + 1)),
    allocator,
    { snapshotEvery: 0 }
  )
  replay.seek(perRun) // the untimed warm-up run
  let best = Infinity
  let bestCpu = Infinity
  const faults: number[] = []
  for (let run = 1; run <= RUNS; run++) {
    if (beforeRun !== undefined) {
      beforeRun()
      replay.seek(replay.position + perRun) // untimed: the caches back (see above)
    }
    const f0 = process.resourceUsage().minorPageFault
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    replay.seek(replay.position + perRun)
    best = Math.min(best, performance.now() - t0)
    const c = process.cpuUsage(c0)
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000)
    faults.push(process.resourceUsage().minorPageFault - f0)
  }
  return {
    opsPerSecond: perRun / (best / 1000),
    cpuOpsPerSecond: perRun / (Math.max(bestCpu, 0.001) / 1000),
    utilization: once.peakUtilization,
    failed: once.failedAllocations,
    faults
  }
}

/** Value at quantile q of ascending `xs`. */
function quantile(xs: number[], q: number): number {
  return xs[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? 0
}

/**
 * One allocator's time travel over a 1,000,000-operation replay: recording time, snapshots,
 * resident memory after recording and after the jumps (the target's figure) beside what it is
 * made of: an empty `node --import tsx` process (`emptyProcessRss`, MB), this process before the
 * replay, and what the replay keeps after a full GC (live JS heap + array buffers); the rest
 * of the resident memory is garbage not yet collected and memory V8 or malloc keeps for reuse.
 * Then stateAt latency (wall and CPU ms) at 200 random steps and at up to 100 steps just before a snapshot (the most operations to
 * replay), reached going backwards (a restore first), spread over the whole run. The summary
 * line sets median, p95 and max of all of them against the issue's targets.
 */
function timeTravel(trace: Trace, allocator: string, emptyProcessRss: number): void {
  // The process before the replay: Node, tsx and the simulator's code loaded.
  const rssBefore = process.memoryUsage().rss / 1e6
  const times = Math.ceil(1_000_000 / trace.length)
  const long = repeatTrace(trace, times)
  const t0 = performance.now()
  const replay = new TraceReplay(long, allocator)
  replay.run()
  const recorded = (performance.now() - t0) / 1000
  const rssRecorded = process.memoryUsage().rss / 1e6
  const wall: number[] = []
  const cpu: number[] = []
  // Reading the view's whole block list and free lists (made when first read), apart.
  const lists: number[] = []
  const time = (step: number): void => {
    const c = process.cpuUsage()
    const s = performance.now()
    const view = replay.stateAt(step)
    wall.push(performance.now() - s)
    const used = process.cpuUsage(c)
    cpu.push((used.user + used.system) / 1000)
    const r = performance.now()
    if (view.blocks.length < 0 || view.freeLists === null) throw new Error('no lists')
    lists.push(performance.now() - r)
  }
  let seed = 12345
  for (let i = 0; i < 200; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648
    time(seed % (long.length + 1))
  }
  const snapshots = replay.snapshotSteps()
  for (let i = snapshots.length - 1; i > 0; i -= Math.max(1, Math.floor(snapshots.length / 100))) {
    time(snapshots[i] - 1)
  }
  const rss = Math.max(rssRecorded, process.memoryUsage().rss / 1e6)
  // What the replay keeps, apart from what a Node process costs anyway: the JS heap's live
  // objects and the array buffers (trace, heap log, memory pages, snapshots) after a full GC.
  collectGarbage()
  const kept = process.memoryUsage()
  const keptHeap = kept.heapUsed / 1e6
  const keptBuffers = kept.arrayBuffers / 1e6
  wall.sort((a, b) => a - b)
  cpu.sort((a, b) => a - b)
  lists.sort((a, b) => a - b)
  let gap = 0
  for (let i = 1; i < snapshots.length; i++) gap = Math.max(gap, snapshots[i] - snapshots[i - 1])
  gap = Math.max(gap, long.length - (snapshots[snapshots.length - 1] ?? 0))
  const three = (xs: number[]): string =>
    [0.5, 0.95, 1].map((q) => quantile(xs, q).toFixed(2)).join('/')
  const met = quantile(wall, 1) < 5 && rss < 300
  console.log(
    `time travel, ${allocator}, ${long.name} (${long.length.toLocaleString('en')} ops): ` +
      `recorded in ${recorded.toFixed(2)} s, ${snapshots.length} snapshots (longest gap ` +
      `${gap.toLocaleString('en')} ops), rss ${rssRecorded.toFixed(0)} MB, ${rss.toFixed(0)} MB ` +
      `after the jumps (an empty tsx process ${emptyProcessRss.toFixed(0)} MB, this one ` +
      `${rssBefore.toFixed(0)} MB before the replay; the replay keeps ` +
      `${(keptHeap + keptBuffers).toFixed(0)} MB after GC: JS heap ${keptHeap.toFixed(0)} + ` +
      `array buffers ${keptBuffers.toFixed(0)}); stateAt at ${wall.length} steps, median/p95/max: ${three(wall)} ms wall, ` +
      `${three(cpu)} ms CPU; then reading all its blocks and free lists ${three(lists)} ms wall; ` +
      `target max < 5 ms and rss < 300 MB ${met ? 'met' : 'not met'} ` +
      `(load average ${loadavg()[0].toFixed(1)})`
  )
}

/** Best wall and CPU nanoseconds per heap call of `pairs` malloc/free pairs, over RUNS runs. */
function timePairs(
  make: () => Machine,
  pairs: number,
  fresh: boolean
): { wall: number; cpu: number } {
  let machine = make()
  const keep = machine.malloc(24) // keeps the freed block off the end of the heap
  let best = Infinity
  let bestCpu = Infinity
  for (let run = 0; run < RUNS + 1; run++) {
    // A fresh machine per run: its event log grows from empty, as a replay's does.
    if (fresh && run > 0) machine = make()
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    for (let i = 0; i < pairs; i++) {
      machine.step = i
      machine.line = 7
      machine.free(machine.malloc(24))
    }
    const wall = performance.now() - t0
    const c = process.cpuUsage(c0)
    if (run > 0) best = Math.min(best, wall)
    if (run > 0) bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000)
  }
  machine.free(keep)
  const ns = (ms: number): number => (ms * 1e6) / (2 * pairs)
  return { wall: ns(best), cpu: ns(bestCpu) }
}

/**
 * The floor of one simulated heap call with the event log on: the machine alone (a do-nothing
 * allocator, heap checker off as in trace replay, and on as in a C run), the cheapest real
 * operation (segregated lists, malloc(24) and its free, an exact-class hit), and one event-log
 * entry. Native glibc does a malloc/free pair in a few nanoseconds.
 */
export function floor(): void {
  const machine = (allocator: string, checked: boolean) => () =>
    new Machine({ layout: 'linux-x86_64', allocator, checked })
  const alone = timePairs(
    () => withDoNothingAllocator(machine('first-fit', false)()),
    500_000,
    true
  )
  const checked = timePairs(
    () => withDoNothingAllocator(machine('first-fit', true)()),
    300_000,
    true
  )
  const segregated = timePairs(machine('segregated', false), 500_000, false)
  // Addresses counted from the heap's start, as the machine's own log counts them.
  const log = new HeapLog(machine('first-fit', false)().heapStart)
  let logBest = Infinity
  const entries = 1_000_000
  for (let run = 0; run < RUNS + 1; run++) {
    // Each run's steps differ from the last run's: after the truncate, its first entry starts a
    // different future, and the rest append into the pages the log already has. (The same
    // entries again would each be compared with the one recorded, as a replay after a jump
    // back is: 3x the time of an append.)
    log.truncate(0)
    const first = run * entries
    const t0 = performance.now()
    for (let i = 0; i < entries; i++)
      log.append(first + i, 7, HeapOpCode.malloc, 0, 24, 0x5555555592a0, 0x55555557a000)
    if (run > 0) logBest = Math.min(logBest, performance.now() - t0)
  }
  const f = (t: { wall: number; cpu: number }): string =>
    `${t.wall.toFixed(0)} ns wall, ${t.cpu.toFixed(0)} ns CPU`
  console.log(
    `floor, ns per heap call (malloc or free, warm, event log on; load average ${loadavg()[0].toFixed(1)}): ` +
      `the machine alone (do-nothing allocator, fresh log) ${f(alone)}; with the heap checker ${f(checked)}; ` +
      `segregated malloc(24)/free exact-class hit ${f(segregated)} (${fmt(1e9 / segregated.wall)} ops/s); ` +
      `one event-log entry (appended into pages the log already has) ${((logBest * 1e6) / entries).toFixed(1)} ns wall`
  )
}

/**
 * Time travel measured in a fresh process, so that the memory it reports is that replay's own
 * and not what the tables above left behind.
 */
function timeTravelAlone(file: string, allocator: string): void {
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      TIME_TRAVEL_FLAG,
      file,
      allocator,
      String(emptyTsxRss())
    ],
    { cwd: join(here, '..'), encoding: 'utf8' }
  )
  process.stdout.write(out)
}

let emptyRss = 0
/** Resident MB of a `node --import tsx` process that does nothing (measured once). */
function emptyTsxRss(): number {
  if (emptyRss === 0) {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '-e', 'process.stdout.write(String(process.memoryUsage().rss))'],
      { cwd: join(here, '..'), encoding: 'utf8' }
    )
    emptyRss = Number(out) / 1e6
  }
  return emptyRss
}

/** A full garbage collection (as `--expose-gc`'s gc(), without starting Node with that flag). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

const TIME_TRAVEL_FLAG = '--time-travel-alone'
if (process.argv[2] === TIME_TRAVEL_FLAG) {
  const [file, allocator, emptyProcessRss] = process.argv.slice(3)
  timeTravel(
    parseTrace(readFileSync(file, 'utf8'), basename(file)),
    allocator,
    Number(emptyProcessRss ?? 0)
  )
}

/** How slow this machine is right now: a fixed loop, about 300 ms on an idle 3 GHz core. */
function calibrate(): number {
  const t0 = performance.now()
  let x = 0
  for (let i = 0; i < 300_000_000; i++) x = (x + i * 7) | 0
  const ms = performance.now() - t0
  return x === 0.5 ? 0 : ms
}

/** Threads of this process now (Linux), to show that sampling native starts none. */
function threads(): number {
  return readdirSync('/proc/self/task').length
}

export default function main(): void {
  // Before anything is timed: the one process this table starts.
  const sampler = NativeSampler.start()
  try {
    table(sampler)
  } finally {
    if (sampler instanceof NativeSampler) sampler.close()
  }
  floor()
  // Time travel on every allocator: binary2 (8,000 blocks live at its peak, the most per
  // snapshot) for all, random (blocks spread over a 15 MB heap) for best fit and glibc.
  const traceFiles = existsSync(TRACE_DIR)
    ? readdirSync(TRACE_DIR)
        .filter((f) => f.endsWith('.rep'))
        .sort()
    : []
  if (traceFiles.length === 0) return
  const allocators = allocatorNames().map((a) => a.name)
  const binary2 = traceFiles.find((f) => f.startsWith('binary2')) ?? traceFiles[0]
  for (const a of allocators) timeTravelAlone(join(TRACE_DIR, binary2), a)
  const random = traceFiles.find((f) => f.startsWith('random-')) ?? traceFiles[0]
  for (const a of ['best-fit', 'glibc'].filter((name) => allocators.includes(name)))
    timeTravelAlone(join(TRACE_DIR, random), a)
}

/** The table: every allocator on every trace beside native, and the target lines. */
function table(sampler: NativeSampler | { unavailable: string }): void {
  const slow = calibrate()
  console.log(
    `calibration: a 300M-iteration loop took ${slow.toFixed(0)} ms (about 300 ms on an idle 3 GHz core); ` +
      'on a busy machine divide the times below accordingly; load average ' +
      loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')
  )
  if (!existsSync(TRACE_DIR)) {
    console.log(`unavailable: no trace folder at ${TRACE_DIR}`)
    return
  }
  const files = readdirSync(TRACE_DIR)
    .filter((f) => f.endsWith('.rep'))
    .sort()
  const traces = files.map((f) => parseTrace(readFileSync(join(TRACE_DIR, f), 'utf8'), f))
  const allocators = allocatorNames().map((a) => a.name)
  const wide = Math.max(...files.map((f) => f.length))
  console.log(
    "ops/s by wall clock / by CPU time (peak utilization) per allocator and trace; native = this machine's glibc via bench/native/replay.c"
  )
  console.log(
    `timed: heap operations only, warm heap, best of ${RUNS} runs; a run = the trace back to back ` +
      `until >= ${MIN_OPS.toLocaleString('en')} operations (both columns); simulator: machine built ` +
      'and one run made before timing, event log on, heap checker off; native: a warm-up run, then ' +
      "a timed one, just before each of segregated's timed runs, asked of one native process " +
      'started before any timing (bench/native-sampler.ts: no process started while timing), ' +
      'with an untimed run of the simulator between (it takes the caches back)'
  )
  console.log(
    ['trace'.padEnd(wide), 'native'.padStart(15), ...allocators.map((a) => a.padStart(22))].join(
      ' '
    )
  )
  // Warm-up: every allocator replays every trace once, so the JIT has compiled the hot paths
  // before anything is timed (otherwise the first trace of the table pays for it).
  for (const a of allocators) {
    for (const t of traces) new TraceReplay(t, a, { snapshotEvery: 0 }).run()
  }
  const worst = new Map<string, number>()
  const worstCpu = new Map<string, number>()
  let segregatedWorst: [number, string] = [0, '']
  let segregatedWorstCpu: [number, string] = [0, '']
  let nativeSpread: [number, string] = [1, '']
  let nativeUnavailable = 'unavailable' in sampler ? sampler.unavailable : undefined
  const segregatedFaults: number[] = []
  const otherFaults: number[] = []
  const threadsBefore = threads()
  for (let i = 0; i < traces.length; i++) {
    const samples: { wall: number; cpu: number }[] = []
    const sampleNative =
      sampler instanceof NativeSampler
        ? (): void => {
            const s = native(sampler, join(TRACE_DIR, files[i]), passesFor(traces[i]))
            if ('unavailable' in s) nativeUnavailable ??= s.unavailable
            else samples.push(s)
          }
        : undefined
    const results = allocators.map((a) =>
      simulate(traces[i], a, a === 'segregated' ? sampleNative : undefined)
    )
    allocators.forEach((a, k) =>
      (a === 'segregated' ? segregatedFaults : otherFaults).push(...results[k].faults)
    )
    // No segregated allocator registered: sample native on its own.
    for (let run = samples.length; run < RUNS && sampleNative; run++) sampleNative()
    const nativeRate =
      samples.length > 0
        ? {
            wall: Math.max(...samples.map((s) => s.wall)),
            cpu: Math.max(...samples.map((s) => s.cpu))
          }
        : { wall: NaN, cpu: NaN }
    if (samples.length > 0) {
      const spread = nativeRate.wall / Math.min(...samples.map((s) => s.wall))
      if (spread > nativeSpread[0]) nativeSpread = [spread, traces[i].name]
    }
    const cells = allocators.map((a, k) => {
      const r = results[k]
      worst.set(a, Math.min(worst.get(a) ?? Infinity, r.opsPerSecond))
      worstCpu.set(a, Math.min(worstCpu.get(a) ?? Infinity, r.cpuOpsPerSecond))
      if (a === 'segregated' && Number.isFinite(nativeRate.wall)) {
        const ratio = nativeRate.wall / r.opsPerSecond
        if (ratio > segregatedWorst[0]) segregatedWorst = [ratio, traces[i].name]
        const ratioCpu = nativeRate.cpu / r.cpuOpsPerSecond
        if (ratioCpu > segregatedWorstCpu[0]) segregatedWorstCpu = [ratioCpu, traces[i].name]
      }
      const mark = r.failed > 0 ? '*' : ' '
      return `${fmt(r.opsPerSecond)}/${fmt(r.cpuOpsPerSecond)} (${r.utilization.toFixed(2)})${mark}`.padStart(
        22
      )
    })
    const nativeCell = Number.isFinite(nativeRate.wall)
      ? `${fmt(nativeRate.wall)}/${fmt(nativeRate.cpu)}`
      : 'n/a'
    console.log([files[i].padEnd(wide), nativeCell.padStart(15), ...cells].join(' '))
  }
  console.log('* some allocations failed (returned NULL) on this trace')
  if (nativeSpread[1] !== '')
    console.log(
      `native's ${RUNS} samples of one trace differed by up to ${nativeSpread[0].toFixed(2)}x ` +
        `(wall, on ${nativeSpread[1]}): how much this machine's speed moved while a row was measured`
    )
  if (nativeUnavailable !== undefined)
    console.log(`native column unavailable: ${nativeUnavailable}`)
  const faultFigures = (xs: number[]): string => {
    const sorted = [...xs].sort((a, b) => a - b)
    return `median ${quantile(sorted, 0.5)}, max ${sorted[sorted.length - 1] ?? 0}`
  }
  console.log(
    `minor page faults per timed run: segregated's (each just after a native sample) ` +
      `${faultFigures(segregatedFaults)}; the other allocators' ${faultFigures(otherFaults)}; ` +
      `this process's threads ${threadsBefore} before the table, ${threads()} after`
  )
  console.log(
    'slowest trace per allocator (wall / CPU): ' +
      allocators
        .map((a) => `${a} ${fmt(worst.get(a) ?? 0)}/${fmt(worstCpu.get(a) ?? 0)}`)
        .join(', ')
  )
  const explicit = ['first-fit', 'next-fit', 'best-fit', 'worst-fit'].filter((a) => worst.has(a))
  const explicitWorst = Math.min(...explicit.map((a) => worst.get(a) ?? 0))
  const explicitWorstCpu = Math.min(...explicit.map((a) => worstCpu.get(a) ?? 0))
  console.log(
    `target: every explicit-list policy >= 1.00M ops/s on every trace: slowest ${fmt(explicitWorst)} ` +
      `wall, ${fmt(explicitWorstCpu)} CPU (${explicitWorst >= 1e6 ? 'met' : 'not met'})`
  )
  if (segregatedWorst[1] !== '') {
    console.log(
      `target: segregated within 10x of native on every trace: worst ${segregatedWorst[0].toFixed(1)}x ` +
        `slower by wall clock, on ${segregatedWorst[1]}; by CPU time ${segregatedWorstCpu[0].toFixed(1)}x, ` +
        `on ${segregatedWorstCpu[1]} (${segregatedWorst[0] <= 10 ? 'met' : 'not met'})`
    )
  }
}
