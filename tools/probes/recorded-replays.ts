/**
 * The set-up time-travel-ab.ts and scrub-ab.ts share: each checkout's own TraceReplay (loaded
 * from that checkout's source files) records the same malloc-lab trace, repeated to about `ops`
 * operations, so that their jumps can then be alternated in one process.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** What the probes use of a checkout's TraceReplay (each probe names the methods it calls). */
export interface RecordedReplay {
  run(): unknown
}

interface TraceModule<R> {
  parseTrace(text: string, name: string): { length: number }
  repeatTrace(trace: unknown, times: number): { length: number }
  TraceReplay: new (trace: unknown, allocator: string) => R
}

/**
 * One recorded replay per checkout, in `checkouts`' order, of /work/shared/traces/`traceName`-bal.rep
 * on `allocator`, and the number of operations each holds.
 */
export async function recordReplays<R extends RecordedReplay>(
  checkouts: readonly string[],
  traceName: string,
  allocator: string,
  ops: number
): Promise<{ replays: R[]; length: number }> {
  const file = `/work/shared/traces/${traceName}-bal.rep`
  const replays: R[] = []
  let length = 0
  for (const dir of checkouts) {
    const mod = (await import(resolve(dir, 'shared/sim/trace.ts'))) as TraceModule<R>
    const trace = mod.parseTrace(readFileSync(file, 'utf8'), traceName)
    const long = mod.repeatTrace(trace, Math.ceil(ops / trace.length))
    length = long.length
    const replay = new mod.TraceReplay(long, allocator)
    replay.run()
    replays.push(replay)
  }
  return { replays, length }
}
