/**
 * The one place that knows the C interpreter's session API (`shared/lang/session.ts`): turns a
 * program and run options into a session and the session's answers into the contract's shapes.
 */
import { ApiFailure, type Params, type RunStarted, type RunView } from '../../../shared/api'
import type { MemoryDump, Timeline } from '../../../shared/state'

/** A running program inside the worker. */
export interface Engine {
  step(count: number): RunView
  stepBack(count: number): RunView
  jumpTo(step: number): RunView
  runToEnd(): RunView
  state(step?: number): RunView
  timeline(): Timeline
  readMemory(address: number, length: number, step?: number): MemoryDump
}

export function startEngine(
  _sessionId: string,
  _params: Params<'run.start'>
): { started: RunStarted; engine: Engine | null } {
  throw new ApiFailure('unavailable', 'The C interpreter is not part of this build yet.')
}
