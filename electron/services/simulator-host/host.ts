/**
 * The simulator host: runs each session's interpreter in its own `worker_threads` worker, so a
 * runaway or crashing program can never freeze or take down the app.
 *
 * The watchdog gives every request a time budget and every worker a memory budget
 * (`resourceLimits`). A worker over budget is terminated, the caller is told in words through
 * the `run.restarted` event, and a fresh worker is started so the next run begins at once.
 */
import { Worker } from 'node:worker_threads'
import { randomUUID } from 'node:crypto'
import {
  ApiFailure,
  type Caller,
  type Events,
  type Params,
  type RunProgress,
  type RunStarted,
  type RunView,
  type SimulatorService
} from '../../../shared/api'
import type { MemoryDump, Timeline } from '../../../shared/state'
import type { CheckProgress } from '../../../shared/lessons/programs'
import type {
  Operation,
  WorkerOperations,
  WorkerProgress,
  WorkerReady,
  WorkerReply,
  WorkerRequest,
  WorkerSettings
} from './protocol'

/** A started worker thread and the moment it has finished loading. */
interface Thread {
  worker: Worker
  ready: Promise<void>
}

export interface SimulatorHostOptions {
  /** The worker's entry module. Defaults to the TypeScript sources through tsx. */
  workerUrl?: URL
  /**
   * Longest any single request may run the learner's program, in milliseconds (default 20 s).
   * The worker ends a program still running then where it got to, and the run is kept (see
   * `RunSession.runTimeLimitMs`); a worker that has not answered `graceMs` later is terminated.
   */
  timeBudgetMs?: number
  /** Largest JavaScript heap a worker may use, in MiB (default 1024). */
  memoryBudgetMb?: number
  /**
   * Most simulated memory a program may touch, in MiB (default 128): a program writing more is
   * ended there and kept (RunOptions.memoryLimit). The JavaScript heap budget above does not
   * count the simulator's pages (ArrayBuffers): a program filling 4 KiB blocks in a loop grew a
   * worker to 1.5-2 GB in the 20 s time budget. 128 MiB of pages: 576 MB RSS (256 MiB: 1 GB).
   */
  simulatedMemoryMb?: number
  /** Sessions one caller may keep open at once (default 4); the oldest is closed beyond that. */
  maxSessionsPerCaller?: number
  /** Lets tests make a worker spin, hoard memory or crash (see `WorkerOperations.drill`). */
  allowFaultDrills?: boolean
  /** Allocator and layout names offered by the simulator, for `app.info`. */
  allocators?: string[]
  layouts?: string[]
}

type Reason = Events['run.restarted']['reason']

interface Pending {
  resolve(result: unknown): void
  reject(error: Error): void
  timer: ReturnType<typeof setTimeout>
}

/** One worker thread and the requests waiting for it. */
class SessionWorker {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private ended = false
  /** Called once when the worker dies for any reason other than `dispose`. */
  onDeath: (reason: Reason, detail: string) => void = () => undefined
  /** Told how far a long request (a pack check) has got. */
  onProgress: (progress: CheckProgress) => void = () => undefined

  private readonly worker: Worker
  private readonly ready: Promise<void>
  /** Rejects when the worker ends, so requests still waiting for it to load do not hang. */
  private readonly death: Promise<never>
  private announceDeath: (failure: Error) => void = () => undefined

  constructor(
    thread: Thread,
    private readonly budgets: Budgets
  ) {
    const worker = thread.worker
    this.worker = worker
    this.ready = thread.ready
    this.death = new Promise<never>((_resolve, reject) => {
      this.announceDeath = reject
    })
    this.death.catch(() => undefined)
    worker.on('message', (reply: WorkerReply | WorkerReady | WorkerProgress) => {
      if ('ready' in reply) return
      if ('progress' in reply) {
        if (this.pending.has(reply.id)) this.onProgress(reply.progress)
        return
      }
      const waiting = this.pending.get(reply.id)
      if (!waiting) return
      this.pending.delete(reply.id)
      clearTimeout(waiting.timer)
      if (reply.ok) waiting.resolve(reply.result)
      else waiting.reject(new ApiFailure(reply.error.code, reply.error.message, reply.error.reason))
    })
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.die('memory', error.message)
      else this.die('crash', error.message)
    })
    worker.on('exit', (code: number) => this.die('crash', `the worker exited with code ${code}`))
    // An idle worker must not keep the process alive (the CLI exits when its work is done).
    worker.unref()
  }

  request<O extends Operation>(
    op: O,
    args: WorkerOperations[O]['args']
  ): Promise<WorkerOperations[O]['result']> {
    if (this.ended) return Promise.reject(runEnded())
    const id = this.nextId++
    this.worker.ref()
    return Promise.race([this.ready, this.death]).then(() => this.send(id, op, args))
  }

  /** Sends one request to the loaded worker; its time budget starts now. */
  private send<O extends Operation>(
    id: number,
    op: O,
    args: WorkerOperations[O]['args']
  ): Promise<WorkerOperations[O]['result']> {
    if (this.ended) return Promise.reject(runEnded())
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.die('time', `no answer after ${watchdogMs(this.budgets)} ms`),
        watchdogMs(this.budgets)
      )
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject, timer })
      this.worker.ref()
      const message: WorkerRequest<O> = { id, op, args }
      this.worker.postMessage(message)
    }).finally(() => {
      if (this.pending.size === 0 && !this.ended) this.worker.unref()
    }) as Promise<WorkerOperations[O]['result']>
  }

  /** Terminates the worker because of `reason`; every waiting request fails with `failure`. */
  private die(reason: Reason, detail: string): void {
    if (this.ended) return
    this.ended = true
    void this.worker.terminate()
    const failure = failureFor(reason, this.budgets)
    this.announceDeath(failure)
    for (const waiting of this.pending.values()) {
      clearTimeout(waiting.timer)
      waiting.reject(failure)
    }
    this.pending.clear()
    this.onDeath(reason, detail)
  }

  /** Ends the worker on purpose (the run was closed). */
  async dispose(): Promise<void> {
    if (this.ended) return
    this.ended = true
    this.announceDeath(runClosed())
    for (const waiting of this.pending.values()) {
      clearTimeout(waiting.timer)
      waiting.reject(runClosed())
    }
    this.pending.clear()
    await this.worker.terminate()
  }
}

/** The budgets a worker runs under. */
export interface Budgets {
  timeBudgetMs: number
  memoryBudgetMb: number
}

/**
 * When the watchdog terminates a worker that has not answered: the time budget, in which the
 * worker itself ends a program still running and answers with the run kept, and a grace for
 * that answer: half the budget, at least 2 s. Ending a run costs what its heap holds (malloc
 * in an endless loop, 62,000 blocks live after 5 s: 1.5 s for the leak scan and 1 s for the
 * state, at load 12). Only a worker stuck inside one step, or in the simulator's own code,
 * meets the watchdog.
 */
export function watchdogMs(budgets: Budgets): number {
  return budgets.timeBudgetMs + Math.max(2000, budgets.timeBudgetMs / 2)
}

/** The learner cancelled a pack's check: nothing was installed. */
const checkCancelled = (): ApiFailure =>
  new ApiFailure('failed', 'Checking the pack was cancelled; nothing was imported.', {
    key: 'pack.checkCancelled'
  })
const runEnded = (): ApiFailure =>
  new ApiFailure('unknown-session', 'This run has ended.', { key: 'run.ended' })
const runClosed = (): ApiFailure =>
  new ApiFailure('unknown-session', 'This run was closed.', { key: 'run.closed' })

function failureFor(reason: Reason, budgets: Budgets): ApiFailure {
  return new ApiFailure(
    reason === 'crash' ? 'worker-crashed' : 'budget-exceeded',
    explain(reason, budgets),
    reason === 'time'
      ? { key: 'run.stoppedTime', params: { budget: watchdogMs(budgets) / 1000 } }
      : reason === 'memory'
        ? { key: 'run.stoppedMemory', params: { budget: budgets.memoryBudgetMb } }
        : { key: 'run.stoppedCrash' }
  )
}

/** What the learner reads when the watchdog steps in. */
export function explain(reason: Reason, budgets: Budgets): string {
  switch (reason) {
    case 'time':
      return `The program was still running after ${watchdogMs(budgets) / 1000} seconds, so the simulator stopped it (a loop that never ends is the usual cause). The simulator was restarted and is ready for the next run.`
    case 'memory':
      return `The run needed more than ${budgets.memoryBudgetMb} MB of memory, so the simulator stopped it. The simulator was restarted and is ready for the next run.`
    case 'crash':
      return 'The simulator stopped unexpectedly and was restarted; your program and progress are kept.'
  }
}

interface Session {
  id: string
  caller: Caller
  worker: SessionWorker
}

/** The `SimulatorService` of the contract, backed by one worker per session. */
export class SimulatorHost implements SimulatorService {
  private readonly sessions = new Map<string, Session>()
  private spare: Thread | null = null
  /** Workers checking a lesson pack (checkPack), ended with the host. */
  private readonly packChecks = new Set<SessionWorker>()
  private readonly settings: WorkerSettings
  private readonly workerUrl: URL
  private readonly timeBudgetMs: number
  private readonly memoryBudgetMb: number
  private readonly maxSessionsPerCaller: number
  private closed = false

  constructor(private readonly options: SimulatorHostOptions = {}) {
    this.workerUrl = options.workerUrl ?? new URL('./worker-entry.mjs', import.meta.url)
    this.timeBudgetMs = options.timeBudgetMs ?? 20_000
    this.memoryBudgetMb = options.memoryBudgetMb ?? 1024
    this.maxSessionsPerCaller = options.maxSessionsPerCaller ?? 4
    this.settings = {
      allowFaultDrills: options.allowFaultDrills ?? false,
      runTimeLimitMs: this.timeBudgetMs,
      memoryLimit: (options.simulatedMemoryMb ?? 128) * 1024 * 1024
    }
  }

  private budgets(): Budgets {
    return { timeBudgetMs: this.timeBudgetMs, memoryBudgetMb: this.memoryBudgetMb }
  }

  allocators(): string[] {
    return this.options.allocators ?? []
  }
  layouts(): string[] {
    return this.options.layouts ?? ['linux-x86_64', 'classroom']
  }

  private spawn(settings: WorkerSettings = this.settings): Thread {
    const worker = new Worker(this.workerUrl, {
      workerData: settings,
      resourceLimits: { maxOldGenerationSizeMb: this.memoryBudgetMb, maxYoungGenerationSizeMb: 64 }
    })
    // A spare that dies before it is used is simply replaced on demand.
    worker.on('error', () => undefined)
    worker.unref()
    const ready = new Promise<void>((resolve) => {
      const listener = (message: unknown): void => {
        if (typeof message === 'object' && message !== null && 'ready' in message) {
          worker.off('message', listener)
          resolve()
        }
      }
      worker.on('message', listener)
      // A worker that dies while loading never becomes ready; its SessionWorker reports the death.
    })
    return { worker, ready }
  }

  /**
   * Starts a worker now, before any run asks for one, so the learner's first Run or Step does
   * not wait for a thread to boot (about half a second on a busy machine).
   */
  warmUp(): void {
    this.prepareSpare()
  }

  /** Keeps one started worker ready, so a run does not wait for a thread to boot. */
  private prepareSpare(): void {
    if (this.closed || this.spare) return
    const spare = this.spawn()
    this.spare = spare
    spare.worker.once('exit', () => {
      if (this.spare === spare) this.spare = null
    })
  }

  private takeWorker(): Thread {
    const thread = this.spare ?? this.spawn()
    thread.worker.removeAllListeners('exit')
    this.spare = null
    return thread
  }

  private async open(caller: Caller): Promise<Session> {
    if (this.closed)
      throw new ApiFailure('unavailable', 'The simulator is shutting down.', {
        key: 'run.shuttingDown'
      })
    const mine = [...this.sessions.values()].filter((s) => s.caller.id === caller.id)
    for (const old of mine.slice(0, Math.max(0, mine.length - this.maxSessionsPerCaller + 1)))
      await this.end(old)
    const session: Session = {
      id: randomUUID(),
      caller,
      worker: new SessionWorker(this.takeWorker(), this.budgets())
    }
    session.worker.onDeath = (reason, detail) => {
      this.sessions.delete(session.id)
      if (process.env.MEMORY_LANE_DEBUG)
        console.error(`simulator worker stopped (${reason}): ${detail}`)
      caller.emit('run.restarted', {
        sessionId: session.id,
        reason,
        message: explain(reason, this.budgets()),
        ...(reason === 'time' ? { budget: watchdogMs(this.budgets()) / 1000 } : {}),
        ...(reason === 'memory' ? { budget: this.memoryBudgetMb } : {})
      })
      this.prepareSpare()
    }
    this.sessions.set(session.id, session)
    this.prepareSpare()
    return session
  }

  private async end(session: Session): Promise<void> {
    this.sessions.delete(session.id)
    await session.worker.dispose()
  }

  private find(caller: Caller, sessionId: string): Session {
    const session = this.sessions.get(sessionId)
    if (!session || session.caller.id !== caller.id)
      throw new ApiFailure(
        'unknown-session',
        'This run no longer exists; start the program again.',
        { key: 'run.gone' }
      )
    return session
  }

  async start(caller: Caller, params: Params<'run.start'>): Promise<RunStarted> {
    const session = await this.open(caller)
    try {
      const started = await session.worker.request('start', { ...params, sessionId: session.id })
      if (!started.compiled) await this.end(session)
      return started
    } catch (error) {
      if (this.sessions.has(session.id)) await this.end(session)
      throw error
    }
  }

  async step(caller: Caller, p: Params<'run.step'>): Promise<RunView> {
    return this.find(caller, p.sessionId).worker.request('step', {
      count: p.count ?? 1,
      kind: p.kind ?? 'statement'
    })
  }
  async runToLine(caller: Caller, p: Params<'run.runToLine'>): Promise<RunView> {
    return this.find(caller, p.sessionId).worker.request('runToLine', { line: p.line })
  }
  async stepBack(caller: Caller, p: Params<'run.stepBack'>): Promise<RunView> {
    return this.find(caller, p.sessionId).worker.request('stepBack', { count: p.count ?? 1 })
  }
  async jumpTo(caller: Caller, p: Params<'run.jumpTo'>): Promise<RunView> {
    return this.find(caller, p.sessionId).worker.request('jumpTo', { step: p.step })
  }
  async runToEnd(caller: Caller, p: Params<'run.runToEnd'>): Promise<RunView> {
    return this.find(caller, p.sessionId).worker.request('runToEnd', {})
  }
  async record(caller: Caller, p: Params<'run.record'>): Promise<RunProgress> {
    return this.find(caller, p.sessionId).worker.request('record', {
      sliceMs: p.sliceMs,
      continued: p.continued ?? false
    })
  }
  async state(caller: Caller, p: Params<'run.state'>): Promise<RunView> {
    return this.find(caller, p.sessionId).worker.request('state', {
      step: p.step,
      blocksFrom: p.blocksFrom,
      blocksAt: p.blocksAt
    })
  }
  async timeline(caller: Caller, p: Params<'run.timeline'>): Promise<Timeline> {
    return this.find(caller, p.sessionId).worker.request('timeline', {})
  }
  async readMemory(caller: Caller, p: Params<'run.readMemory'>): Promise<MemoryDump> {
    return this.find(caller, p.sessionId).worker.request('readMemory', {
      address: p.address,
      length: p.length,
      step: p.step
    })
  }
  async close(caller: Caller, p: Params<'run.close'>): Promise<{ closed: boolean }> {
    const session = this.sessions.get(p.sessionId)
    if (!session || session.caller.id !== caller.id) return { closed: false }
    await this.end(session)
    return { closed: true }
  }

  async release(caller: Caller): Promise<void> {
    await Promise.all(
      [...this.sessions.values()].filter((s) => s.caller.id === caller.id).map((s) => this.end(s))
    )
  }

  /** Test hook (needs `allowFaultDrills`): a session whose worker misbehaves as asked. */
  async drill(caller: Caller, kind: WorkerOperations['drill']['args']['kind']): Promise<string> {
    const session = await this.open(caller)
    await session.worker.request('drill', { kind })
    return session.id
  }

  /**
   * Checks a lesson pack in a worker of its own (the import's and authoring mode's check: the
   * validator, then every program), so the main process, and every learner it serves, is not
   * held for the seconds a large pack takes. `onProgress` hears how far it has got; aborting
   * `signal` ends the worker and the check fails with `pack.checkCancelled`. The check keeps its
   * own budget (packCheckBudgetMs, each program its own limits); the watchdog ends a worker
   * stuck past that budget and one program's time (`budgetMs`), and one that runs out of memory.
   */
  async checkPack(
    args: WorkerOperations['checkPack']['args'],
    options: {
      budgetMs: number
      onProgress?: (progress: CheckProgress) => void
      signal?: AbortSignal
    }
  ): Promise<WorkerOperations['checkPack']['result']> {
    if (this.closed)
      throw new ApiFailure('unavailable', 'The simulator is shutting down.', {
        key: 'run.shuttingDown'
      })
    const { signal } = options
    if (signal?.aborted) throw checkCancelled()
    const budgets = { timeBudgetMs: options.budgetMs, memoryBudgetMb: this.memoryBudgetMb }
    const worker = new SessionWorker(this.spawn({ ...this.settings, packCheck: true }), budgets)
    this.packChecks.add(worker)
    if (options.onProgress) worker.onProgress = options.onProgress
    let died: Reason | undefined
    worker.onDeath = (reason) => (died = reason)
    const cancel = (): void => void worker.dispose()
    signal?.addEventListener('abort', cancel)
    try {
      return await worker.request('checkPack', args)
    } catch (error) {
      if (signal?.aborted) throw checkCancelled()
      if (this.closed)
        throw new ApiFailure('unavailable', 'The simulator is shutting down.', {
          key: 'run.shuttingDown'
        })
      if (died === 'time')
        throw new ApiFailure(
          'budget-exceeded',
          `Checking the pack was stopped after ${watchdogMs(budgets) / 1000} seconds; the pack is refused.`,
          { key: 'pack.checkStopped', params: { seconds: watchdogMs(budgets) / 1000 } }
        )
      if (died === 'memory')
        throw new ApiFailure(
          'budget-exceeded',
          `Checking the pack needed more than ${this.memoryBudgetMb} MB of memory and was stopped; the pack is refused.`,
          { key: 'pack.checkOutOfMemory', params: { budget: this.memoryBudgetMb } }
        )
      if (died === 'crash')
        throw new ApiFailure(
          'worker-crashed',
          'Checking the pack stopped unexpectedly; nothing was imported.',
          {
            key: 'pack.checkCrashed'
          }
        )
      throw error
    } finally {
      signal?.removeEventListener('abort', cancel)
      this.packChecks.delete(worker)
      await worker.dispose()
    }
  }

  /** Number of live sessions (for tests and diagnostics). */
  get sessionCount(): number {
    return this.sessions.size
  }

  async shutdown(): Promise<void> {
    this.closed = true
    await Promise.all([...this.sessions.values()].map((s) => this.end(s)))
    await Promise.all([...this.packChecks].map((check) => check.dispose()))
    const spare = this.spare
    this.spare = null
    if (spare) await spare.worker.terminate()
  }
}
