/**
 * A lock file beside the progress file, so that two app instances sharing one user-data folder
 * read, merge and write it one at a time instead of overwriting each other's results.
 *
 * The lock appears whole or not at all: the owner's process id is written to a file of its
 * own, which is then hard-linked to the lock's name (link fails when the name exists, as
 * O_EXCL does, but never leaves an empty lock behind). A lock whose owner is no longer running
 * (killed mid-save) or that is older than `staleMs` (an owner that hangs: a save holds it for
 * milliseconds) is broken. A folder where no lock can be made at all (read-only, full) is
 * saved to without one, and the write itself reports the problem.
 */
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'

export interface LockTiming {
  /** A lock older than this is taken to be abandoned. @default 10_000 */
  staleMs?: number
}

/** Gives the lock back. */
export type Release = () => void

/** Milliseconds between attempts while another instance holds the lock. */
const pause = 10

function ownerIsGone(path: string, staleMs: number): boolean {
  try {
    if (Date.now() - statSync(path).mtimeMs > staleMs) return true
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10)
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false
    try {
      process.kill(pid, 0)
      return false
    } catch (error) {
      // EPERM: the process exists but belongs to someone else.
      return (error as NodeJS.ErrnoException).code === 'ESRCH'
    }
  } catch {
    return false // released between our attempts: try again
  }
}

function remove(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // Already released, or broken by another waiter.
  }
}

/** One attempt: a release function, 'held' when another owner has it, or null when impossible. */
function tryLock(path: string): Release | 'held' | null {
  const own = `${path}.${process.pid}-${randomUUID()}`
  try {
    writeFileSync(own, `${process.pid}\n`, { flag: 'wx' })
  } catch {
    return null
  }
  try {
    linkSync(own, path)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'held' : null
  } finally {
    remove(own)
  }
  let released = false
  return () => {
    if (released) return
    released = true
    remove(path)
  }
}

const noLock: Release = () => undefined

/** Takes the lock, waiting for it without blocking the event loop. */
export async function acquireLock(path: string, timing: LockTiming = {}): Promise<Release> {
  const staleMs = timing.staleMs ?? 10_000
  for (;;) {
    const attempt = tryLock(path)
    if (attempt === null) return noLock
    if (attempt !== 'held') return attempt
    if (ownerIsGone(path, staleMs)) remove(path)
    else await new Promise((resolve) => setTimeout(resolve, pause))
  }
}

/** Takes the lock synchronously (opening the store, before anything else runs). */
export function acquireLockSync(path: string, timing: LockTiming = {}): Release {
  const staleMs = timing.staleMs ?? 10_000
  const sleeper = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    const attempt = tryLock(path)
    if (attempt === null) return noLock
    if (attempt !== 'held') return attempt
    if (ownerIsGone(path, staleMs)) remove(path)
    else Atomics.wait(sleeper, 0, 0, pause)
  }
}
