/**
 * The glibc allocator's speed on every malloc-lab trace in ../shared/traces, side by side with
 * the real glibc replaying the same trace (bench/native/replay.c compiled with gcc -O2 into
 * .bench-cache/, one process started before anything is timed and asked between the timed
 * replays: bench/native-sampler.ts). Figures are operations per second; the ratio says how
 * many times slower the simulation is. Target: within 10x of native.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Machine } from '../shared/sim/machine'
import '../shared/sim/allocators/index'
import { withDoNothingAllocator } from './do-nothing'
import { NativeSampler } from './native-sampler'

const root = fileURLToPath(new URL('..', import.meta.url))
const tracesDir = process.env.MEMORY_LANE_TRACES ?? join(root, '..', 'shared', 'traces')
/** Wall time spent on each measurement, at least. */
const MEASURE_MS = 300

interface TraceOps {
  name: string
  ids: number
  kinds: Uint8Array
  blockIds: Int32Array
  sizes: Float64Array
}

/** A .rep file: two or four numeric header lines, then `a ID SIZE`, `f ID`, `r ID SIZE`. */
function readTrace(path: string, name: string): TraceOps {
  const lines = readFileSync(path, 'utf8').split('\n')
  const body = lines.filter((l) => /^[afr]\s/.test(l.trim()))
  const kinds = new Uint8Array(body.length)
  const blockIds = new Int32Array(body.length)
  const sizes = new Float64Array(body.length)
  let ids = 0
  body.forEach((line, i) => {
    const [op, id, size] = line.trim().split(/\s+/)
    kinds[i] = op === 'a' ? 0 : op === 'f' ? 1 : 2
    blockIds[i] = Number(id)
    sizes[i] = Number(size ?? 0)
    ids = Math.max(ids, Number(id) + 1)
  })
  return { name, ids, kinds, blockIds, sizes }
}

/** Replays of a trace per timed round, so that a round is about 20,000 operations. */
function batchSize(trace: TraceOps): number {
  return Math.max(1, Math.ceil(20000 / Math.max(1, trace.kinds.length)))
}

/**
 * Time one round took: CPU microseconds (what the figures use) and wall microseconds; and its
 * minor page faults (a process started from here, by fork, would leave every page of this
 * one copy-on-write, and the rounds after it would pay a fault per page they store to).
 */
interface RoundTime {
  cpu: number
  wall: number
  faults: number
}

/** Minor page faults of every timed round, of the simulated and floor columns. */
const roundFaults: number[] = []

/**
 * Time spent replaying the trace `times` times back to back on one machine, one clock reading
 * at each end (as the native driver does). The traces are balanced, so each replay frees what
 * it allocated; the blocks a round leaves allocated, if any, are freed untimed after it. Timing
 * each replay of a 12-operation trace on its own measured mostly the clock: two readings
 * (getrusage here, clock_gettime natively) cost about as much as the 12 native operations, and
 * native short2 read 26M ops/s where the same operations back to back run at 87M.
 */
function replayRound(trace: TraceOps, machine: Machine, times: number): RoundTime {
  const pointers = new Float64Array(trace.ids)
  const { kinds, blockIds, sizes } = trace
  const startFaults = process.resourceUsage().minorPageFault
  const startWall = performance.now()
  const start = process.cpuUsage()
  for (let r = 0; r < times; r++) {
    for (let i = 0; i < kinds.length; i++) {
      const id = blockIds[i] as number
      const kind = kinds[i]
      if (kind === 0) pointers[id] = machine.malloc(sizes[i] as number)
      else if (kind === 1) {
        machine.free(pointers[id] as number)
        pointers[id] = 0
      } else pointers[id] = machine.realloc(pointers[id] as number, sizes[i] as number)
    }
  }
  const used = process.cpuUsage(start)
  const wall = (performance.now() - startWall) * 1000
  const faults = process.resourceUsage().minorPageFault - startFaults
  for (let id = 0; id < pointers.length; id++) {
    if (pointers[id] !== 0) machine.free(pointers[id] as number)
    pointers[id] = 0
  }
  return { cpu: used.user + used.system, wall, faults }
}

/**
 * Operations per CPU second on `allocator`, measured as the native driver measures glibc: one
 * machine (built untimed) whose heap a first round warms up, then rounds of `batchSize`
 * replays, best round of at least 5 (CPU time and the best round keep other processes' load
 * out of the figure). The machine is the one the app runs: linux-x86_64 layout, event log on,
 * heap checker off (as for trace replay). `floor`: the machine's allocator replaced by one that
 * does nothing (bench/do-nothing.ts).
 */
function simulatedOpsPerSecond(
  trace: TraceOps,
  allocator: string,
  floor = false
): { cpu: number; wall: number } {
  const size = batchSize(trace)
  const machine = new Machine({ layout: 'linux-x86_64', allocator, checked: false })
  if (floor) withDoNothingAllocator(machine)
  replayRound(trace, machine, size) // warm-up
  let best = Infinity
  let bestWall = Infinity
  let spent = 0
  for (let round = 0; round < 5 || spent < MEASURE_MS * 1000; round++) {
    const { cpu, wall, faults } = replayRound(trace, machine, size)
    roundFaults.push(faults)
    spent += cpu
    best = Math.min(best, cpu)
    bestWall = Math.min(bestWall, wall)
    if (round >= 30) break
  }
  const ops = trace.kinds.length * size
  return { cpu: ops / (best / 1e6), wall: ops / (bestWall / 1e6) }
}

const format = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(13)

export default function glibcBench(): void {
  if (!existsSync(tracesDir)) {
    console.log(`unavailable: no traces at ${tracesDir}`)
    return
  }
  const files = readdirSync(tracesDir)
    .filter((f) => f.endsWith('.rep'))
    .sort()
  // Before anything is timed: the one process this bench starts.
  const sampler = NativeSampler.start()
  try {
    table(files, sampler)
  } finally {
    if (sampler instanceof NativeSampler) sampler.close()
  }
}

function table(files: string[], sampler: NativeSampler | { unavailable: string }): void {
  let unavailable = 'unavailable' in sampler ? sampler.unavailable : undefined
  if (unavailable !== undefined) console.log(`native glibc unavailable: ${unavailable}`)
  console.log(
    'Timed: only the trace operations (malloc/free/realloc) on a warm heap, in CPU time, best of 5+ rounds of ~20,000 operations.\n' +
      'simulated: Machine.malloc/free/realloc with --allocator glibc (linux-x86_64, event log on, heap checker off), machine built untimed; (wall): the best round in wall-clock time.\n' +
      'machine floor: the same replay through the Machine with an allocator that does nothing (what the machine itself costs).\n' +
      "allocator ns/op: the glibc allocator's own CPU time per operation (simulated minus floor).\n" +
      'native: the real glibc 2.36 malloc/free/realloc of this machine (bench/native/replay.c, gcc -O2), timed the same way: best of 31 rounds, the first warming the heap, asked of one process started before any timing.'
  )
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
  console.log(`load average (1, 5, 15 min): ${load}`)
  console.log(
    `${'trace'.padEnd(18)} ${'ops'.padStart(7)} ${'simulated op/s'.padStart(14)} ${'(wall)'.padStart(13)} ${'machine floor'.padStart(13)} ${'allocator ns/op'.padStart(15)} ${'native op/s'.padStart(13)} ${'native/sim'.padStart(10)}`
  )
  const ratios: number[] = []
  for (const file of files) {
    const trace = readTrace(join(tracesDir, file), file.replace(/\.rep$/, ''))
    const measured = simulatedOpsPerSecond(trace, 'glibc')
    const simulated = measured.cpu
    const floor = simulatedOpsPerSecond(trace, 'glibc', true).cpu
    let native = NaN
    if (sampler instanceof NativeSampler) {
      // The rounds the simulated column has: a warm-up and up to 30 timed ones of batchSize.
      const s = sampler.sample(join(tracesDir, file), 31, batchSize(trace))
      if ('unavailable' in s) {
        if (unavailable === undefined) console.log(`native glibc unavailable: ${s.unavailable}`)
        unavailable ??= s.unavailable
      } else native = s.operations / s.cpuSeconds
    }
    const ratio = native / simulated
    const allocatorNanos = 1e9 / simulated - 1e9 / floor
    if (Number.isFinite(ratio)) ratios.push(ratio)
    console.log(
      `${trace.name.padEnd(18)} ${String(trace.kinds.length).padStart(7)} ${format(simulated).padStart(14)} ${format(measured.wall)} ${format(floor)} ${format(allocatorNanos).padStart(15)} ${Number.isFinite(native) ? format(native) : 'unavailable'.padStart(13)} ${Number.isFinite(ratio) ? ratio.toFixed(1).padStart(9) + 'x' : ''}`
    )
  }
  if (ratios.length > 0) {
    const geomean = Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length)
    console.log(
      `native is ${geomean.toFixed(1)}x faster than the simulation (geometric mean; worst ${Math.max(...ratios).toFixed(1)}x; target: within 10x)`
    )
  }
  const sorted = [...roundFaults].sort((a, b) => a - b)
  console.log(
    `minor page faults per timed round (simulated and floor): median ${sorted[Math.floor(sorted.length / 2)] ?? 0}, ` +
      `max ${sorted[sorted.length - 1] ?? 0}, over ${sorted.length} rounds`
  )
}
