/**
 * The one place that knows the C interpreter's session API (`shared/lang/session.ts`): turns a
 * program and run options into a `RunSession`, and its answers into the contract's shapes.
 */
import type { Diagnostic, Params, RunStarted, RunView } from '../../../shared/api'
import type { MemoryDump, Timeline } from '../../../shared/state'
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
  /** The state at `step` (default: the current one), leaving the run where it was. */
  state(step?: number): RunView
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

  private view(): RunView {
    const s = this.session
    this.reached = Math.max(this.reached, s.currentStep)
    return {
      sessionId: this.sessionId,
      // packed: a big heap's blocks travel to the page as numbers, not objects (packedBlocks.ts)
      state: packState(s.state()),
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

  state(step?: number): RunView {
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
