/**
 * Time-travel probe: records a trace repeated to ~1M operations on one allocator and prints
 * what its snapshots keep (full memory snapshots, deltas, allocator bytes), then where the time
 * of a jump goes (memory restore and deltas, the allocator's restore, the replay from the
 * snapshot, heapView), over the same steps the benchmark jumps to.
 *
 *   npx tsx tools/probes/time-travel.ts /work/shared/traces/binary2-bal.rep first-fit [ops]
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { parseTrace, repeatTrace, TraceReplay } from '../../shared/sim/trace'

const [file, allocator, opsArg] = process.argv.slice(2)
const trace = parseTrace(readFileSync(file, 'utf8'), basename(file))
const long = repeatTrace(trace, Math.ceil(Number(opsArg ?? 1_000_000) / trace.length))
const c0 = process.cpuUsage()
const t0 = performance.now()
const replay = new TraceReplay(long, allocator)
replay.run()
const cpu = process.cpuUsage(c0)
console.log(
  `${allocator} ${long.name}: recorded in ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ` +
    `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`
)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const inner = replay as any
const snaps = inner.snapshots as Array<{
  checkpoint: number
  step: number
  memory: unknown
  delta: { index: Uint16Array; pageNos: Float64Array } | null
}>
let fulls = 0
let deltaWords = 0
let deltaPages = 0
let maxWords = 0
for (const s of snaps) {
  if (s.checkpoint === snaps.indexOf(s)) fulls++
  if (s.delta) {
    deltaWords += s.delta.index.length
    deltaPages += s.delta.pageNos.length
    maxWords = Math.max(maxWords, s.delta.index.length)
  }
}
console.log(
  `${snaps.length} snapshots, ${fulls} checkpoints; deltas: ${deltaWords} words on ${deltaPages} pages ` +
    `(max ${maxWords} words in one); budget used ${(inner.used / 1e6).toFixed(1)} MB; ` +
    `memory pages now ${replay.machine.memory.pageCount()}`
)
// Time the parts of jumps to the steps just before each snapshot (the most replay), going back.
const m = replay.machine
const cpuParts = { memory: 0, restore: 0, replay: 0, view: 0 }
const cpuNow = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
const parts = { memory: 0, restore: 0, replay: 0, view: 0, n: 0, worst: 0, worstAt: 0 }
// Memory alone: the first snapshot's, the checkpoint and the deltas after it, as restoreSnapshot puts them back.
const restoreMemory = (index: number): void => {
  if (inner.memoryStart === undefined) return
  const s = snaps[index]
  m.memory.restore(inner.memoryStart)
  for (let j = s.checkpoint; j <= index; j++) {
    const d = snaps[j].delta
    if (d !== null) m.memory.applyDelta(d as Parameters<typeof m.memory.applyDelta>[0])
  }
}
const steps = replay.snapshotSteps()
for (let i = steps.length - 1; i > 0; i -= Math.max(1, Math.floor(steps.length / 100))) {
  const target = steps[i] - 1
  const index = i - 1
  const cz = cpuNow()
  const z = performance.now()
  restoreMemory(index)
  const ca = cpuNow()
  const a = performance.now()
  inner.restoreSnapshot(index)
  const cb = cpuNow()
  const b = performance.now()
  replay.seek(target)
  const cc = cpuNow()
  const c = performance.now()
  m.heapView()
  const cd = cpuNow()
  const d = performance.now()
  cpuParts.memory += ca - cz
  cpuParts.restore += cb - ca
  cpuParts.replay += cc - cb
  cpuParts.view += cd - cc
  parts.memory += a - z
  parts.restore += b - a
  parts.replay += c - b
  parts.view += d - c
  parts.n++
  if (d - a > parts.worst) {
    parts.worst = d - a
    parts.worstAt = target
  }
}
const avg = (x: number): string => (x / parts.n).toFixed(2)
console.log(
  `jumps to just before a snapshot (${parts.n}): mean memory alone ${avg(parts.memory)} ms, restore ${avg(parts.restore)} ms, replay ` +
    `${avg(parts.replay)} ms, heapView ${avg(parts.view)} ms; worst ${parts.worst.toFixed(2)} ms ` +
    `at step ${parts.worstAt}; CPU: memory ${avg(cpuParts.memory)}, restore ${avg(cpuParts.restore)}, ` +
    `replay ${avg(cpuParts.replay)}, heapView ${avg(cpuParts.view)} ms`
)
