/**
 * stateAt of two (or more) checkouts, alternated in one process: each checkout records the same
 * trace repeated to about a million operations, then, round by round, every checkout in turn
 * jumps to the same steps (random ones, and the steps just before each of its own snapshots,
 * reached going backwards: the most replay a jump can need), and the figures are printed per
 * checkout: median, p95 and max of wall and CPU milliseconds per stateAt, over all rounds.
 *
 *   node --import tsx tools/probes/time-travel-ab.ts /tmp/tt-base,. binary2 first-fit [rounds] [ops]
 */
import { readFileSync } from 'node:fs'
import { recordReplays } from './recorded-replays'

const [checkoutList, traceName, allocator, roundsArg, opsArg] = process.argv.slice(2)
const checkouts = (checkoutList ?? '').split(',')
const rounds = Number(roundsArg ?? 4)
const ops = Number(opsArg ?? 1_000_000)

interface Replay {
  run(): unknown
  stateAt(step: number): { blocks: unknown[] }
  snapshotSteps(): number[]
}

const { replays, length } = await recordReplays<Replay>(
  checkouts,
  traceName ?? 'binary2',
  allocator ?? 'first-fit',
  ops
)

// The same random steps for every checkout, and each one's own slowest steps.
const steps: number[] = []
let seed = 12345
for (let i = 0; i < 100; i++) {
  seed = (seed * 1103515245 + 12345) % 2147483648
  steps.push(seed % (length + 1))
}
const worst = replays.map((r) => {
  const snaps = r.snapshotSteps()
  const out: number[] = []
  for (let i = snaps.length - 1; i > 0; i -= Math.max(1, Math.floor(snaps.length / 60))) {
    out.push((snaps[i] as number) - 1)
  }
  return out
})
const wall: number[][] = replays.map(() => [])
const cpu: number[][] = replays.map(() => [])
const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < replays.length; k++) {
    const replay = replays[k] as Replay
    for (const step of [...steps, ...(worst[k] as number[])]) {
      const c = cpuMs()
      const t = performance.now()
      replay.stateAt(step)
      ;(wall[k] as number[]).push(performance.now() - t)
      ;(cpu[k] as number[]).push(cpuMs() - c)
    }
  }
}
const q = (xs: number[], f: number): string => {
  const s = xs.slice().sort((a, b) => a - b)
  return (s[Math.min(s.length - 1, Math.floor(s.length * f))] ?? 0).toFixed(2)
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
console.log(
  `${allocator} ${traceName} x (${length} ops), ${rounds} rounds alternated, load ${load}`
)
checkouts.forEach((dir, k) => {
  const w = wall[k] as number[]
  const c = cpu[k] as number[]
  console.log(
    `  ${dir}: stateAt median/p95/max ${q(w, 0.5)}/${q(w, 0.95)}/${q(w, 1)} ms wall, ` +
      `${q(c, 0.5)}/${q(c, 0.95)}/${q(c, 1)} ms CPU over ${w.length} jumps`
  )
})
