/**
 * Native glibc, sampled without starting a process while the benches time: one long-lived
 * process of bench/native/replay.c in its server mode, started before anything is timed and
 * asked through two FIFOs, synchronously (a write, then a blocking read on the answer's fd).
 *
 * Why: Node starts a process with fork(), which leaves every page of the bench process
 * copy-on-write, so the first store to each page afterwards is a page fault. Sampling native by
 * execFileSync just before each of segregated's timed runs cost the simulator's next run 139 to
 * 1,543 minor faults (segarena15, 82c4a6e). Asking a running process is a write(2) and a
 * read(2): no fork, no thread, nothing for this process's pages. (The sampler forks itself, a
 * child a replay, so that each trace is replayed from a fresh malloc as a process of its own
 * replays it: see serve in replay.c.)
 *
 * FIFOs rather than the child's stdio pipes: Node's pipes are asynchronous streams whose file
 * descriptors it does not expose, and a FIFO is opened with openSync and read with readSync.
 * This process keeps only the write end of the requests and the read end of the answers, so
 * when the sampler dies the read sees end of file (and a write, EPIPE) instead of waiting. The
 * sampler's own stdin is the requests' FIFO opened for reading and writing (so that opening it
 * waits for nobody), so it never sees end of file: `close` asks it to quit, and it ends with
 * this process if this one dies first (PR_SET_PDEATHSIG).
 */
import { execFileSync, spawn } from 'node:child_process'
import {
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeSync
} from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const CACHE = join(here, '..', '.bench-cache')

/** One native replay: what bench/native/replay.c prints for a request. */
export interface NativeSample {
  /** Operations in one run (the trace times its passes). */
  operations: number
  /** The best run's wall-clock and CPU seconds. */
  wallSeconds: number
  cpuSeconds: number
  /** The most the heap grew (sbrk) in one run, in bytes. */
  heapBytes: number
}

/** Compile the driver once into .bench-cache/; the reason when that is impossible. */
function compileDriver(): { path: string } | { unavailable: string } {
  const binary = join(CACHE, 'native-replay')
  try {
    mkdirSync(CACHE, { recursive: true })
    execFileSync('gcc', ['-O2', '-o', binary, join(here, 'native', 'replay.c')], {
      stdio: ['ignore', 'ignore', 'pipe']
    })
    return { path: binary }
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: Buffer }
    if (e.code === 'ENOENT') return { unavailable: 'no C compiler (gcc) found' }
    return { unavailable: `gcc failed: ${e.stderr?.toString().trim().split('\n')[0] ?? e.message}` }
  }
}

export class NativeSampler {
  /** Why the sampler cannot answer any more (it died, or answered nonsense), once it cannot. */
  unavailable: string | undefined
  private readonly answer = Buffer.alloc(4096)

  private constructor(
    private readonly requests: number,
    private readonly answers: number,
    private readonly dir: string,
    private readonly pid: number | undefined
  ) {}

  /**
   * Compile the driver and start its server, before anything is timed; the reason when it
   * cannot be. The sampler's environment has no GLIBC_TUNABLES: native is the real glibc as
   * a program of this machine runs it.
   */
  static start(): NativeSampler | { unavailable: string } {
    const driver = compileDriver()
    if ('unavailable' in driver) return driver
    let dir: string | undefined
    try {
      dir = mkdtempSync(join(CACHE, 'sampler-'))
      const requestPath = join(dir, 'requests')
      const answerPath = join(dir, 'answers')
      execFileSync('mkfifo', [requestPath, answerPath])
      // O_RDWR opens a FIFO without waiting for its other end (Linux); the child gets these.
      const childIn = openSync(requestPath, constants.O_RDWR)
      const childOut = openSync(answerPath, constants.O_RDWR)
      const errors = openSync(join(dir, 'stderr'), 'w')
      const env: NodeJS.ProcessEnv = { ...process.env }
      delete env.GLIBC_TUNABLES
      const child = spawn(driver.path, ['--serve'], {
        stdio: [childIn, childOut, errors],
        env,
        detached: false
      })
      // A start that fails shows as end of file on the answers; this keeps it from throwing.
      child.on('error', () => undefined)
      child.unref()
      // Our ends: the child holds the others, so these opens do not wait.
      const requests = openSync(requestPath, constants.O_WRONLY)
      const answers = openSync(answerPath, constants.O_RDONLY)
      for (const fd of [childIn, childOut, errors]) closeSync(fd)
      return new NativeSampler(requests, answers, dir, child.pid)
    } catch (error) {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
      return { unavailable: `the native sampler did not start: ${(error as Error).message}` }
    }
  }

  /**
   * Replay `file` natively: `repeat` runs of `passes` passes, the best run's figures; or the
   * reason there are none (the sampler dead, or the trace unreadable: it says which).
   */
  sample(file: string, repeat: number, passes: number): NativeSample | { unavailable: string } {
    if (this.unavailable !== undefined) return { unavailable: this.unavailable }
    let line: string
    try {
      writeSync(this.requests, `${file} ${repeat} ${passes}\n`)
      line = this.readLine()
    } catch (error) {
      return this.dead((error as Error).message)
    }
    if (line.startsWith('error ')) return { unavailable: line.slice('error '.length) }
    const [operations, wall, heap, cpu] = line.split(' ').map(Number)
    if (![operations, wall, heap, cpu].every((n) => Number.isFinite(n)))
      return this.dead(`it answered '${line}'`)
    return { operations, wallSeconds: wall, cpuSeconds: cpu, heapBytes: heap }
  }

  /** End the sampler: "quit" ends it (its stdin, open for writing too, never reaches EOF). */
  close(): void {
    try {
      if (this.unavailable === undefined) writeSync(this.requests, 'quit\n')
    } catch {
      // it is gone already
    }
    for (const fd of [this.requests, this.answers]) {
      try {
        closeSync(fd)
      } catch {
        // already closed
      }
    }
    rmSync(this.dir, { recursive: true, force: true })
    this.unavailable ??= 'closed'
  }

  /** One answer line; a blocking read(2) on the FIFO until its newline. */
  private readLine(): string {
    let length = 0
    for (;;) {
      const n = readSync(this.answers, this.answer, length, this.answer.length - length, null)
      if (n === 0) throw new Error('it exited (end of file on its answers)')
      length += n
      const newline = this.answer.subarray(0, length).indexOf(10)
      if (newline >= 0) return this.answer.toString('utf8', 0, newline)
      if (length === this.answer.length) throw new Error('its answer is too long')
    }
  }

  private dead(reason: string): { unavailable: string } {
    let stderr = ''
    try {
      stderr = readFileSync(join(this.dir, 'stderr'), 'utf8').trim().split('\n')[0] ?? ''
    } catch {
      // no stderr kept
    }
    this.unavailable = `the native sampler (pid ${this.pid ?? '?'}) stopped answering: ${reason}${stderr ? `; it said: ${stderr}` : ''}`
    return { unavailable: this.unavailable }
  }
}
