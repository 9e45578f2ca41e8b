/**
 * Jumps in a C run of two (or more) checkouts, alternated in one process: round by round, each
 * checkout in turn records a lang bench program (bench/lang-programs.ts) on an allocator, then
 * jumps to the same pseudo-random steps and to the step just before each of its own snapshots
 * (reached going backwards: the longest replay a jump can need), calling `state()` after each
 * jump as the app does. Prints per checkout: the recording's median wall and CPU time, its
 * snapshots and the memory the recorded session keeps (JS heap + array buffers, after a full
 * GC); per jump + state() the median, 95th percentile and maximum of wall and process CPU ms
 * over all rounds, and the worst over steps of each step's best wall time (what the slowest jump
 * costs when the machine does not get in its way).
 *
 *   git worktree add --detach /tmp/jump-base main && ln -s "$PWD/node_modules" /tmp/jump-base/node_modules
 *   node --import tsx tools/probes/jump-ab.ts /tmp/jump-base,. malloc-heavy glibc [rounds]
 *
 * Process CPU counts V8's helper threads (scavenges, concurrent marking, compilation) too; the
 * thread's own CPU (/proc/thread-self/schedstat) is counted in 4 ms ticks on this machine's
 * kernel, too coarse for one jump.
 */
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { FIB, LIST, MALLOC, MILLION } from '../../bench/lang-programs'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

const PROGRAMS: Record<string, string> = {
  fib: FIB,
  list: LIST,
  'malloc-heavy': MALLOC,
  '1M-step': MILLION
}

interface Session {
  runToEnd(): void
  jumpTo(step: number): void
  state(): unknown
  readonly totalSteps: number | undefined
}
type SessionClass = new (source: string, options: Record<string, unknown>) => Session

const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
const kept = (): number => {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}
const q = (xs: number[], f: number): number => {
  const s = xs.slice().sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * f))] ?? 0
}

async function main(): Promise<void> {
  const [rootList, programName, allocatorArg, roundArg] = process.argv.slice(2)
  const roots = (rootList ?? '.').split(',')
  const source = PROGRAMS[programName ?? 'malloc-heavy']
  if (source === undefined) throw new Error(`no program ${programName}`)
  const allocator = allocatorArg ?? 'glibc'
  const rounds = Math.max(2, Number(roundArg ?? 6))
  const classes = await Promise.all(
    roots.map(async (root) => {
      const file = pathToFileURL(resolve(root, 'shared/lang/session.ts')).href
      return ((await import(file)) as { RunSession: SessionClass }).RunSession
    })
  )
  const options = { stepBudget: 100_000_000, allocator }
  const recordWall = roots.map((): number[] => [])
  const recordCpu = roots.map((): number[] => [])
  const keptBytes = roots.map((): number[] => [])
  const snapshots = roots.map(() => 0)
  const wall = roots.map((): number[] => [])
  const cpu = roots.map((): number[] => [])
  const best = roots.map(() => new Map<string, number>())
  const totals = new Set<number>()
  // A round untimed first: each checkout's code compiled.
  for (let round = 0; round <= rounds; round++) {
    for (let k = 0; k < roots.length; k++) {
      const c = (k + round) % roots.length
      const Session = classes[c] as SessionClass
      collectGarbage()
      const before = kept()
      const t0 = performance.now()
      const c0 = cpuMs()
      const session = new Session(source, options)
      session.runToEnd()
      session.state()
      const w = performance.now() - t0
      const u = cpuMs() - c0
      collectGarbage()
      const total = session.totalSteps ?? 0
      totals.add(total)
      const snaps = (session as unknown as { snapshots: Array<{ steps: number }> }).snapshots.map(
        (s) => s.steps
      )
      const targets: number[] = []
      let seed = 12345
      for (let i = 0; i < 40; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648
        targets.push(seed % (total + 1))
      }
      targets.push(total)
      const step = Math.max(1, Math.floor(snaps.length / 60))
      for (let i = snaps.length - 1; i > 0; i -= step) targets.push((snaps[i] as number) - 1)
      const jumpWall: number[] = []
      const jumpCpu: number[] = []
      for (const target of targets) {
        const j0 = performance.now()
        const jc = cpuMs()
        session.jumpTo(target)
        session.state()
        jumpWall.push(performance.now() - j0)
        jumpCpu.push(cpuMs() - jc)
      }
      if (round === 0) continue
      ;(recordWall[c] as number[]).push(w)
      ;(recordCpu[c] as number[]).push(u)
      ;(keptBytes[c] as number[]).push(kept() - before)
      snapshots[c] = snaps.length
      ;(wall[c] as number[]).push(...jumpWall)
      ;(cpu[c] as number[]).push(...jumpCpu)
      const mine = best[c] as Map<string, number>
      targets.forEach((t, i) => {
        const key = `${i}:${t}`
        mine.set(key, Math.min(mine.get(key) ?? Infinity, jumpWall[i] as number))
      })
    }
  }
  console.log(
    `${programName} (${allocator}), ${[...totals].join('/')} steps${totals.size > 1 ? ' (THE CHECKOUTS DIFFER)' : ''}; ${rounds} rounds; load ${loadavg()[0]?.toFixed(1)}`
  )
  roots.forEach((root, c) => {
    const w = wall[c] as number[]
    const u = cpu[c] as number[]
    const f = (x: number): string => x.toFixed(2)
    console.log(
      `  ${root.padEnd(20)} record ${q(recordWall[c] as number[], 0.5).toFixed(0)} ms wall, ${q(recordCpu[c] as number[], 0.5).toFixed(0)} ms CPU, ${snapshots[c]} snapshots, keeps ${(q(keptBytes[c] as number[], 0.5) / 1e6).toFixed(1)} MB; jump+state() wall ${f(q(w, 0.5))}/${f(q(w, 0.95))}/${f(Math.max(...w))}, CPU ${f(q(u, 0.5))}/${f(q(u, 0.95))}/${f(Math.max(...u))} (median/95th/max ms, ${w.length} jumps); slowest step's best wall ${f(Math.max(...(best[c] as Map<string, number>).values()))}`
    )
  })
}

await main()
