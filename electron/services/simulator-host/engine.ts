/**
 * The one place that knows the C interpreter's session API (`shared/lang/session.ts`): turns a
 * program and run options into a `RunSession`, and its answers into the contract's shapes.
 */
import type { Diagnostic, Params, RunProgress, RunStarted, RunView } from '../../../shared/api'
import type { BlocksFrom, MemoryDump, Timeline } from '../../../shared/state'
import { RunSession } from '../../../shared/lang/session'
import { packState } from '../../../shared/packedBlocks'
import { encodeBytes } from '../../../shared/lang/index'
import type { Diagnostic as CompilerDiagnostic } from '../../../shared/lang/diagnostics'

/** What the worker may ask of a running program. */
export interface Engine {
  step(count: number, kind: 'statement' | 'over' | 'out'): RunView
  stepBack(count: number): RunView
  jumpTo(step: number): RunView
  runToLine(line: number): RunView
  runToEnd(): RunView
  /** Runs on towards the end for about `sliceMs` (see the `run.record` request). */
  record(sliceMs: number, continued: boolean): RunProgress
  /**
   * The state at `step` (default: the current one), leaving the run where it was; with
   * `blocksFrom`, a big heap's blocks from that position on (-1: its last ones) in this state
   * and the next ones; with `blocksAt`, those around the block holding that address.
   */
  state(step?: number, blocksFrom?: number, blocksAt?: number): RunView
  timeline(): Timeline
  readMemory(address: number, length: number, step?: number): MemoryDump
}

function toDiagnostic(d: CompilerDiagnostic): Diagnostic {
  return {
    severity: d.severity,
    message: d.message,
    line: d.line,
    column: d.column,
    ...(d.excerpt ? { excerpt: d.excerpt } : {}),
    ...(d.endColumn !== undefined ? { endColumn: d.endColumn } : {}),
    ...(d.reason ? { reason: d.reason } : {})
  }
}

class SessionEngine implements Engine {
  /** Highest step reached so far: the run's known length until it finishes. */
  private reached = 0

  constructor(
    private readonly sessionId: string,
    private readonly session: RunSession
  ) {}

  /**
   * Where the part of a big heap the states carry starts (ProcessState.blockWindow): 'end'
   * follows the heap's last blocks; a position is the learner's choice (`run.state`'s
   * `blocksFrom`), kept for the steps after it; an address (`blocksAt`) becomes the position
   * of the part it gave.
   */
  private blocksFrom: BlocksFrom = 'end'

  private view(): RunView {
    const s = this.session
    this.reached = Math.max(this.reached, s.currentStep)
    const state = s.state(this.blocksFrom)
    if (typeof this.blocksFrom === 'object') this.blocksFrom = state.blockWindow?.first ?? 'end'
    return {
      sessionId: this.sessionId,
      // packed: a big heap's blocks travel to the page as numbers, not objects (packedBlocks.ts),
      // and only HEAP_BLOCK_WINDOW of them
      state: packState(state),
      totalSteps: s.totalSteps ?? this.reached,
      finished: s.totalSteps !== undefined
    }
  }

  step(count: number, kind: 'statement' | 'over' | 'out'): RunView {
    if (kind !== 'statement') this.session.step(kind)
    else if (count === 1) this.session.step('statement')
    else this.session.jumpTo(this.session.currentStep + count)
    return this.view()
  }

  stepBack(count: number): RunView {
    this.session.jumpTo(Math.max(0, this.session.currentStep - count))
    return this.view()
  }

  jumpTo(step: number): RunView {
    this.session.jumpTo(step)
    return this.view()
  }

  runToLine(line: number): RunView {
    this.session.runToLine(line)
    return this.view()
  }

  runToEnd(): RunView {
    this.session.runToEnd()
    return this.view()
  }

  /** Wall-clock ms the earlier pieces of the recording under way ran the program. */
  private recordedMs = 0

  record(sliceMs: number, continued: boolean): RunProgress {
    const s = this.session
    if (!continued) this.recordedMs = 0
    const start = performance.now()
    s.runToEnd(sliceMs, this.recordedMs)
    this.recordedMs += performance.now() - start
    this.reached = Math.max(this.reached, s.currentStep)
    return {
      step: s.currentStep,
      totalSteps: s.totalSteps ?? this.reached,
      finished: s.totalSteps !== undefined
    }
  }

  /** Visits `step` and comes back, so looking never moves the learner's place. */
  private at<T>(step: number | undefined, look: () => T): T {
    const here = this.session.currentStep
    if (step === undefined || step === here) return look()
    this.session.jumpTo(step)
    try {
      return look()
    } finally {
      this.session.jumpTo(here)
    }
  }

  state(step?: number, blocksFrom?: number, blocksAt?: number): RunView {
    if (blocksFrom !== undefined) this.blocksFrom = blocksFrom < 0 ? 'end' : blocksFrom
    if (blocksAt !== undefined) this.blocksFrom = { address: blocksAt }
    return this.at(step, () => this.view())
  }

  timeline(): Timeline {
    return this.session.timeline()
  }

  readMemory(address: number, length: number, step?: number): MemoryDump {
    return this.at(step, () => this.session.readMemory(address, length))
  }
}

/** Compiles the program; a program that compiles is paused before its first statement. */
export function startEngine(
  sessionId: string,
  params: Params<'run.start'>,
  runTimeLimitMs = Infinity,
  memoryLimit?: number
): { started: RunStarted; engine: Engine | null } {
  const { stdin, ...options } = params.options ?? {}
  // The learner types text; the program reads its UTF-8 bytes, as from `echo text | ./prog`.
  // The memory limit is the host's, whatever the request says: it protects the machine.
  const session = new RunSession(params.source, {
    ...options,
    ...(stdin !== undefined ? { stdin: encodeBytes(stdin) } : {}),
    file: 'program.c',
    ...(memoryLimit === undefined ? {} : { memoryLimit })
  })
  // A program still running after this long in one request is ended there and kept, so the
  // host's watchdog never has to kill the worker (and the run with it) for an endless loop.
  session.runTimeLimitMs = runTimeLimitMs
  const diagnostics = session.diagnostics.map(toDiagnostic)
  if (!session.process) return { started: { compiled: false, diagnostics }, engine: null }
  const engine = new SessionEngine(sessionId, session)
  return { started: { compiled: true, diagnostics, ...engine.state() }, engine }
}
