/**
 * The event log alone (shared/sim/heap-log.ts), two or more checkouts alternated in one process:
 * per round, each checkout's fresh `HeapLog` takes ENTRIES appends as a trace replay makes them
 * (`appendCall`: malloc(24) and its free, turn about, no line, one step each), and the best CPU
 * ns an append over the rounds is printed with its ratio to the first checkout's. A fresh log
 * grows by new chunks, so the figure includes making them and faulting in their pages; it is
 * what the log adds to a heap call of a long replay, without the allocator and the machine.
 *
 *   node --import tsx tools/probes/log-ab.ts /tmp/base,. [entries] [rounds]
 *
 * Run both orders (`A,B` and `B,A`). Session 15's figures are in tools/probes/README.md.
 */
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** What a checkout's heap-log.ts offers the probe (its types are the checkout's own). */
interface LogModule {
  HeapLog: new (
    addressBase: number,
    highBase: number,
    initialBreak: number
  ) => {
    length: number
    appendCall(
      step: number,
      line: number,
      code: number,
      pointer: number,
      size: number,
      result: number
    ): void
  }
  HeapOpCode: { malloc: number; free: number }
}

/** Where the heap starts, as on the machine's linux-x86_64 layout (the log's address window). */
const HEAP_START = 0x55555555_9000

/** Fill one fresh log; a function of its own, so that V8 optimizes it as a replay's loop. */
function fill(m: LogModule, entries: number): number {
  const log = new m.HeapLog(HEAP_START, HEAP_START, HEAP_START)
  const block = HEAP_START + 16
  for (let i = 0; i < entries; i++) {
    if ((i & 1) === 0) log.appendCall(i, -1, m.HeapOpCode.malloc, 0, 24, block)
    else log.appendCall(i, -1, m.HeapOpCode.free, block, 0, 0)
  }
  return log.length
}

async function main(): Promise<void> {
  const [rootList, entryArg, roundArg] = process.argv.slice(2)
  if (rootList === undefined) {
    console.log('usage: log-ab.ts ROOT_A,ROOT_B[,...] [ENTRIES] [ROUNDS]')
    process.exitCode = 2
    return
  }
  const roots = rootList.split(',')
  const entries = Number(entryArg ?? 1_000_000)
  const rounds = Math.max(2, Number(roundArg ?? 15))
  const modules = (await Promise.all(
    roots.map((r) => import(pathToFileURL(join(resolve(r), 'shared/sim/heap-log.ts')).href))
  )) as LogModule[]
  const best = roots.map(() => Infinity)
  for (let round = 0; round < rounds; round++) {
    modules.forEach((m, k) => {
      const cpu = process.cpuUsage()
      const length = fill(m, entries)
      const used = process.cpuUsage(cpu)
      if (length !== entries) throw new Error(`${roots[k]}: ${length} entries, not ${entries}`)
      best[k] = Math.min(best[k] as number, ((used.user + used.system) * 1000) / entries)
    })
  }
  const first = best[0] as number
  console.log(
    `fresh log, ${entries.toLocaleString('en')} appends; load average ${loadavg()[0]?.toFixed(1)}; best CPU ns an append over ${rounds} rounds (ratio to the first checkout)`
  )
  for (const [k, root] of roots.entries())
    console.log(
      `${root.padEnd(40)} ${(best[k] as number).toFixed(2)} (${((best[k] as number) / first).toFixed(2)})`
    )
}

await main()
