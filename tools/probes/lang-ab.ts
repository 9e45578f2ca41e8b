/**
 * Compares the C interpreter of two (or more) checkouts on the lang bench's programs in ONE
 * process: each round runs the program to its end once on every checkout's RunSession in turn
 * (the order rotating round by round), so all see the same moments of this machine's speed.
 * Each checkout's modules are loaded from its own source files, so V8 keeps separate type
 * feedback and compiled code for each.
 *
 *   git worktree add /tmp/lang-base HEAD && ln -s "$PWD/node_modules" /tmp/lang-base/node_modules
 *   node --import tsx tools/probes/lang-ab.ts /tmp/lang-base,. malloc-heavy,fib [glibc] [rounds]
 *
 * The figure is the run's CPU time on this thread (/proc/thread-self/schedstat): wall time
 * counts the wait for a core and process CPU time V8's helper threads, both of which grow with
 * the machine's load (at load 14 malloc-heavy took 2.9x its thread's CPU in wall time). Prints,
 * per program and checkout, the median and best thread CPU per run, the median wall time, and
 * the median over rounds of each round's ratio to the first checkout. Two checkouts of the
 * same code still differ by a few percent at high load: for small changes count instructions
 * (README: cachegrind).
 */
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { FIB, LIST, MALLOC } from '../../bench/lang-programs'

const PROGRAMS: Record<string, string> = { fib: FIB, list: LIST, 'malloc-heavy': MALLOC }

/** What the comparison needs of a checkout's RunSession. */
interface Session {
  runToEnd(): void
  readonly totalSteps: number | undefined
  state(): { output: string }
}

type SessionClass = new (source: string, options: Record<string, unknown>) => Session

async function loadSession(root: string): Promise<SessionClass> {
  const file = join(resolve(root), 'shared/lang/session.ts')
  return ((await import(pathToFileURL(file).href)) as { RunSession: SessionClass }).RunSession
}

/** This thread's CPU time in ms (NaN where /proc/thread-self is missing). */
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6
  } catch {
    return NaN
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1
    ? (s[s.length >> 1] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2
}

async function main(): Promise<void> {
  const [rootList, programList, allocatorArg, roundArg] = process.argv.slice(2)
  if (rootList === undefined || programList === undefined) {
    console.log(
      `usage: lang-ab.ts ROOT_A,ROOT_B[,...] PROGRAM[,PROGRAM...] [ALLOCATOR] [ROUNDS]  (programs: ${Object.keys(PROGRAMS).join(', ')})`
    )
    process.exitCode = 2
    return
  }
  const roots = rootList.split(',')
  const allocator = allocatorArg ?? 'glibc'
  const rounds = Math.max(3, Number(roundArg ?? 12))
  const classes = await Promise.all(roots.map(loadSession))
  for (const name of programList.split(',')) {
    const source = PROGRAMS[name]
    if (source === undefined) throw new Error(`no program ${name}`)
    const options = { stepBudget: 100_000_000, allocator }
    const thread: number[][] = roots.map(() => [])
    const wall: number[][] = roots.map(() => [])
    const results = new Set<string>()
    let steps = 0
    // The first two rounds compile the code (untimed).
    for (let round = 0; round < rounds + 2; round++) {
      for (let k = 0; k < roots.length; k++) {
        const c = (k + round) % roots.length
        const Session = classes[c] as SessionClass
        const t0 = performance.now()
        const h0 = threadCpuMs()
        const session = new Session(source, options)
        session.runToEnd()
        const h = threadCpuMs() - h0
        const w = performance.now() - t0
        steps = session.totalSteps ?? 0
        results.add(`${steps} steps, output ${JSON.stringify(session.state().output.trim())}`)
        if (round < 2) continue
        ;(thread[c] as number[]).push(h)
        ;(wall[c] as number[]).push(w)
      }
    }
    console.log(
      `${name} (${allocator}), ${[...results].join(' / ')}${results.size > 1 ? ' (THE CHECKOUTS DIFFER)' : ''}; ${rounds} rounds; load average ${loadavg()[0]?.toFixed(1)}`
    )
    const first = thread[0] as number[]
    roots.forEach((root, c) => {
      const mine = thread[c] as number[]
      const ratio = median(mine.map((t, i) => t / (first[i] as number)))
      const rate = (ms: number): string => (steps / ms / 1000).toFixed(2)
      console.log(
        `  ${root.padEnd(24)} thread CPU median ${median(mine).toFixed(1)} ms (${rate(median(mine))} M steps/s), best ${Math.min(...mine).toFixed(1)} ms; wall median ${median(wall[c] as number[]).toFixed(0)} ms; ratio to the first ${ratio.toFixed(3)}`
      )
    })
  }
}

await main()
