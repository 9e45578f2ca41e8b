/**
 * Scrubbing through a trace replay, two (or more) checkouts alternated in one process: each
 * records the same trace repeated to about a million operations, then, round by round, every
 * checkout in turn steps back one operation at a time from three places (holding Left in the
 * scrubber, 150 steps each) and jumps back 100 operations at a time from two (Page Down, 60
 * jumps each). Prints per checkout the process CPU milliseconds of each round (median and all)
 * and the slowest single step back. time-travel-ab.ts measures random jumps and the jumps just
 * before each snapshot; this one the short moves a learner makes, which a restore point
 * (TraceReplay's `restored`) serves without applying the memory deltas again.
 *
 *   node --import tsx tools/probes/scrub-ab.ts /tmp/tt-base,. binary2 first-fit [rounds] [ops]
 *
 * The checkout run second in a round tends to measure a few per cent slower: run both orders.
 */
import { readFileSync } from 'node:fs'
import { recordReplays } from './recorded-replays'

const [checkoutList, traceName, allocator, roundsArg, opsArg] = process.argv.slice(2)
const checkouts = (checkoutList ?? '').split(',')
const rounds = Number(roundsArg ?? 4)
const ops = Number(opsArg ?? 1_000_000)

interface Replay {
  run(): unknown
  stateAt(step: number): unknown
}

/** Process CPU in ms (this thread and V8's helpers: scavenges, compilation). */
const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

const { replays, length } = await recordReplays<Replay>(
  checkouts,
  traceName ?? 'binary2',
  allocator ?? 'first-fit',
  ops
)

// Where the moves start, as shares of the replay (the same steps for every checkout).
const stepBackFrom = [0.9, 0.5, 0.12].map((f) => Math.floor(length * f))
const pageBackFrom = [0.7, 0.3].map((f) => Math.floor(length * f))
const stepRounds: number[][] = replays.map(() => [])
const pageRounds: number[][] = replays.map(() => [])
const slowestStep = replays.map(() => 0)
for (let round = 0; round < rounds; round++) {
  replays.forEach((replay, k) => {
    let start = cpuMs()
    for (const from of stepBackFrom) {
      for (let step = from; step > from - 150; step--) {
        const before = cpuMs()
        replay.stateAt(step)
        slowestStep[k] = Math.max(slowestStep[k] as number, cpuMs() - before)
      }
    }
    ;(stepRounds[k] as number[]).push(cpuMs() - start)
    start = cpuMs()
    for (const from of pageBackFrom) {
      for (let step = from; step > from - 6000; step -= 100) replay.stateAt(step)
    }
    ;(pageRounds[k] as number[]).push(cpuMs() - start)
  })
}

const median = (xs: number[]): string =>
  (xs.slice().sort((a, b) => a - b)[xs.length >> 1] ?? 0).toFixed(0)
const all = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(' ')
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
console.log(
  `${allocator} ${traceName} (${length} ops), ${rounds} rounds alternated, load ${load}; CPU ms a round:`
)
checkouts.forEach((dir, k) => {
  const steps = stepRounds[k] as number[]
  const pages = pageRounds[k] as number[]
  console.log(
    `  ${dir}: 450 steps back one at a time ${median(steps)} [${all(steps)}] (slowest step ` +
      `${(slowestStep[k] as number).toFixed(1)}), 120 jumps of 100 back ${median(pages)} [${all(pages)}]`
  )
})
