/**
 * Where a C run's jumps go: records a lang bench program (default malloc-heavy) on each
 * allocator asked for, then jumps to the step just before each snapshot (the longest replay a
 * jump can need) and to pseudo-random steps, and prints per allocator the replayed steps and the
 * wall and CPU milliseconds of each phase: the restore, the replay and `state()`.
 *
 *   node --import tsx tools/probes/jump-phases.ts [glibc,first-fit,...|all] [malloc-heavy] [cold]
 *
 * `cold` runs each allocator in a fresh worker thread warmed up as the app's (warm-up.ts), as the
 * bench's cold figures are; otherwise one process, each allocator recorded and jumped once
 * untimed first.
 */
import { loadavg } from 'node:os'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { FIB, LIST, MALLOC, MILLION } from '../../bench/lang-programs'
import { RunSession } from '../../shared/lang/session'
import { warmUp } from '../../shared/lang/warm-up'
import { allocatorNames } from '../../shared/sim/allocators/index'

const PROGRAMS: Record<string, string> = {
  fib: FIB,
  list: LIST,
  'malloc-heavy': MALLOC,
  '1M-step': MILLION
}
/** Every allocator a learner can pick, as the simulator registers them. */
const ALLOCATORS = allocatorNames().map((a) => a.name)

/**
 * Process CPU time in ms (getrusage: microseconds). The thread's own (/proc/thread-self/schedstat)
 * is counted in 4 ms ticks on this machine's kernel, too coarse for one jump; this one also
 * counts V8's helper threads (scavenges, concurrent marking, compilation).
 */
function cpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

interface Phase {
  wall: number[]
  cpu: number[]
}
interface Figures {
  allocator: string
  steps: number
  snapshots: number
  longestGap: number
  replayed: number[]
  restore: Phase
  replay: Phase
  state: Phase
  total: Phase
}

const phase = (): Phase => ({ wall: [], cpu: [] })

interface SessionInternals {
  snapshots: Array<{ steps: number }>
  runTo(target: number): void
  process: { restore(s: unknown): void; steps: number }
}

function measure(programName: string, allocator: string, passes: number): Figures {
  const source = PROGRAMS[programName]
  if (source === undefined) throw new Error(`no program ${programName}`)
  let figures: Figures | null = null
  for (let pass = 0; pass < passes; pass++) {
    const session = new RunSession(source, { stepBudget: 100_000_000, allocator })
    session.runToEnd()
    session.state()
    const inside = session as unknown as SessionInternals
    const p = inside.process
    const total = session.totalSteps ?? 0
    const snaps = inside.snapshots.map((s) => s.steps)
    let gap = 0
    for (let i = 1; i < snaps.length; i++)
      gap = Math.max(gap, (snaps[i] as number) - (snaps[i - 1] as number))
    gap = Math.max(gap, total - (snaps[snaps.length - 1] as number))
    const f: Figures = {
      allocator,
      steps: total,
      snapshots: snaps.length,
      longestGap: gap,
      replayed: [],
      restore: phase(),
      replay: phase(),
      state: phase(),
      total: phase()
    }
    // Timers around the session's own restore and replay.
    const restore = p.restore.bind(p)
    const runTo = inside.runTo.bind(inside)
    let restoreWall = 0
    let restoreCpu = 0
    let replayWall = 0
    let replayCpu = 0
    p.restore = (s: unknown) => {
      const w = performance.now()
      const t = cpuMs()
      restore(s)
      restoreWall += performance.now() - w
      restoreCpu += cpuMs() - t
    }
    inside.runTo = (target: number) => {
      const w = performance.now()
      const t = cpuMs()
      runTo(target)
      replayWall += performance.now() - w
      replayCpu += cpuMs() - t
    }
    const targets: number[] = []
    for (let i = 1; i < snaps.length; i++) targets.push((snaps[i] as number) - 1)
    targets.push(total)
    let seed = 12345
    for (let i = 0; i < 40; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648
      targets.push(seed % (total + 1))
    }
    for (const target of targets) {
      restoreWall = restoreCpu = replayWall = replayCpu = 0
      const from = p.steps
      const w = performance.now()
      const t = cpuMs()
      session.jumpTo(target)
      const ws = performance.now()
      const ts = cpuMs()
      session.state()
      const we = performance.now()
      const te = cpuMs()
      void from
      f.restore.wall.push(restoreWall)
      f.restore.cpu.push(restoreCpu)
      f.replay.wall.push(replayWall)
      f.replay.cpu.push(replayCpu)
      f.state.wall.push(we - ws)
      f.state.cpu.push(te - ts)
      f.total.wall.push(we - w)
      f.total.cpu.push(te - t)
      const base = snaps.filter((s) => s <= target).pop() ?? 0
      f.replayed.push(target - base)
    }
    figures = f
  }
  return figures as Figures
}

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] as number
  return `${at(0.5).toFixed(2)}/${at(0.95).toFixed(2)}/${(s[s.length - 1] as number).toFixed(2)}`
}

function print(f: Figures): void {
  console.log(
    `${f.allocator.padEnd(11)} ${f.steps} steps, ${f.snapshots} snapshots (longest gap ${f.longestGap}); ${f.total.wall.length} jumps, median/95th/max ms — total wall ${stats(f.total.wall)} CPU ${stats(f.total.cpu)}; restore ${stats(f.restore.cpu)}; replay ${stats(f.replay.cpu)}; state() ${stats(f.state.cpu)} (process CPU); load ${loadavg()[0]?.toFixed(1)}`
  )
}

async function main(): Promise<void> {
  const [allocatorArg, programArg, mode] = process.argv.slice(2)
  const allocators =
    allocatorArg === undefined || allocatorArg === 'all' ? ALLOCATORS : allocatorArg.split(',')
  const program = programArg ?? 'malloc-heavy'
  for (const allocator of allocators) {
    if (mode === 'cold') {
      const source = `(async () => {
        const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
        register()
        await import(${JSON.stringify(import.meta.url)})
      })()`
      const worker = new Worker(source, { eval: true, workerData: { program, allocator } })
      const f = await new Promise<Figures>((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
      await worker.terminate()
      print(f)
    } else {
      print(measure(program, allocator, 2))
    }
  }
}

const request = workerData as { program: string; allocator: string } | null
if (!isMainThread && request !== null) {
  warmUp()
  parentPort?.postMessage(measure(request.program, request.allocator, 1))
} else if (isMainThread) {
  await main()
}
