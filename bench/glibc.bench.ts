/**
 * The glibc allocator's speed on every malloc-lab trace in ../shared/traces, side by side with
 * the real glibc replaying the same trace (a small C driver compiled with gcc -O2 into
 * .bench-cache/). Figures are operations per second; the ratio says how many times slower
 * the simulation is. Target: within 10x of native.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Machine } from '../shared/sim/machine'
import '../shared/sim/allocators/index'
import { withDoNothingAllocator } from './do-nothing'

const root = fileURLToPath(new URL('..', import.meta.url))
const tracesDir = process.env.MEMORY_LANE_TRACES ?? join(root, '..', 'shared', 'traces')
const cacheDir = join(root, '.bench-cache')
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

/** Time one round took: CPU microseconds (what the figures use) and wall microseconds. */
interface RoundTime {
  cpu: number
  wall: number
}

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
  for (let id = 0; id < pointers.length; id++) {
    if (pointers[id] !== 0) machine.free(pointers[id] as number)
    pointers[id] = 0
  }
  return { cpu: used.user + used.system, wall }
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
    const { cpu, wall } = replayRound(trace, machine, size)
    spent += cpu
    best = Math.min(best, cpu)
    bestWall = Math.min(bestWall, wall)
    if (round >= 30) break
  }
  const ops = trace.kinds.length * size
  return { cpu: ops / (best / 1e6), wall: ops / (bestWall / 1e6) }
}

const DRIVER = String.raw`
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
/* Replays a malloc-lab trace through the real malloc in rounds of ~20000 operations (the
   trace back to back), timing only the trace's operations in process CPU time (the blocks a
   round leaves are freed untimed); one untimed round warms the heap up, then the best of at
   least 5 rounds; prints operations per second. */
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "r");
  if (!f) return 1;
  int cap = 1 << 16, n = 0, ids = 0;
  char *kind = malloc(cap); int *id = malloc(cap * sizeof(int)); long *size = malloc(cap * sizeof(long));
  char line[256];
  while (fgets(line, sizeof line, f)) {
    char k; int i; long s = 0;
    if (sscanf(line, " %c %d %ld", &k, &i, &s) < 2 || (k != 'a' && k != 'f' && k != 'r')) continue;
    if (n == cap) { cap *= 2; kind = realloc(kind, cap); id = realloc(id, cap * sizeof(int)); size = realloc(size, cap * sizeof(long)); }
    kind[n] = k; id[n] = i; size[n] = s; n++;
    if (i + 1 > ids) ids = i + 1;
  }
  fclose(f);
  void **p = calloc(ids, sizeof(void *));
  struct timespec a, b;
  long batch = 20000 / (n > 0 ? n : 1) + 1;
  double best = 1e30, spent = 0;
  for (int round = -1; round < 5 || (spent < 0.3 && round < 30); round++) {
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    for (long r = 0; r < batch; r++) {
      for (int j = 0; j < n; j++) {
        if (kind[j] == 'a') p[id[j]] = malloc(size[j]);
        else if (kind[j] == 'f') { free(p[id[j]]); p[id[j]] = 0; }
        else p[id[j]] = realloc(p[id[j]], size[j]);
      }
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    for (int j = 0; j < ids; j++) { free(p[j]); p[j] = 0; }
    double elapsed = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
    if (round < 0) continue; /* warm-up */
    spent += elapsed;
    if (elapsed < best) best = elapsed;
  }
  printf("%.0f\n", (double)n * batch / best);
  return 0;
}
`

/** The compiled native driver, or the reason there is none. */
function nativeDriver(): { path: string } | { unavailable: string } {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' })
  } catch {
    return { unavailable: 'gcc was not found, so native glibc cannot be measured' }
  }
  mkdirSync(cacheDir, { recursive: true })
  const source = join(cacheDir, 'glibc-trace-driver.c')
  const binary = join(cacheDir, 'glibc-trace-driver')
  writeFileSync(source, DRIVER)
  try {
    execFileSync('gcc', ['-O2', '-o', binary, source], { stdio: 'pipe' })
  } catch (error) {
    return { unavailable: `gcc could not build the trace driver (${String(error)})` }
  }
  return { path: binary }
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
  const driver = nativeDriver()
  if ('unavailable' in driver) console.log(`native glibc unavailable: ${driver.unavailable}`)
  console.log(
    'Timed: only the trace operations (malloc/free/realloc) on a warm heap, in CPU time, best of 5+ rounds of ~20,000 operations.\n' +
      'simulated: Machine.malloc/free/realloc with --allocator glibc (linux-x86_64, event log on, heap checker off), machine built untimed; (wall): the best round in wall-clock time.\n' +
      'machine floor: the same replay through the Machine with an allocator that does nothing (what the machine itself costs).\n' +
      "allocator ns/op: the glibc allocator's own CPU time per operation (simulated minus floor).\n" +
      'native: the real glibc 2.36 malloc/free/realloc of this machine (C driver, gcc -O2), timed the same way.'
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
    if ('path' in driver) {
      const env: NodeJS.ProcessEnv = { ...process.env }
      delete env.GLIBC_TUNABLES
      native = Number(
        execFileSync(driver.path, [join(tracesDir, file)], { encoding: 'utf8', env }).trim()
      )
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
}
