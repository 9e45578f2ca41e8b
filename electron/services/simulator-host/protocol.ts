/**
 * Messages between the simulator host (main side) and its worker thread. One worker runs one
 * session, so a message names only the operation.
 */
import type { ApiError, Params, RunProgress, RunStarted, RunView } from '../../../shared/api'
import type { MemoryDump, Timeline } from '../../../shared/state'
import type { CheckProgress } from '../../../shared/lessons/programs'
import type { PackCheckReport } from '../lesson-library/pack-check'

/** Operations a worker performs, with their arguments and results. */
export interface WorkerOperations {
  start: { args: Params<'run.start'> & { sessionId: string }; result: RunStarted }
  step: { args: { count: number; kind: 'statement' | 'over' | 'out' }; result: RunView }
  runToLine: { args: { line: number }; result: RunView }
  stepBack: { args: { count: number }; result: RunView }
  jumpTo: { args: { step: number }; result: RunView }
  runToEnd: { args: Record<string, never>; result: RunView }
  record: { args: { sliceMs: number; continued: boolean }; result: RunProgress }
  state: { args: { step?: number; blocksFrom?: number; blocksAt?: number }; result: RunView }
  timeline: { args: Record<string, never>; result: Timeline }
  readMemory: { args: { address: number; length: number; step?: number }; result: MemoryDump }
  /**
   * Deliberate misbehaviour, honoured only when the host was created with `allowFaultDrills`
   * (tests of the watchdog): spin forever, grow the heap without bound, or crash.
   */
  drill: { args: { kind: 'spin' | 'exhaust-memory' | 'crash' }; result: never }
  /**
   * The whole check of a lesson pack (lesson-library/pack-check.ts), in a worker of its own so
   * the main process answers meanwhile; the worker sends `WorkerProgress` as it goes.
   */
  checkPack: {
    args: { files: Array<[string, Uint8Array]>; appVersion: string; programsOnlyWhenValid: boolean }
    result: PackCheckReport
  }
}
export type Operation = keyof WorkerOperations

export interface WorkerRequest<O extends Operation = Operation> {
  id: number
  op: O
  args: WorkerOperations[O]['args']
}

/** The first message of a worker, once its modules are loaded. */
export interface WorkerReady {
  ready: true
}

/** How far a long request (`checkPack`) has got, sent before its reply. */
export interface WorkerProgress {
  id: number
  progress: CheckProgress
}

export type WorkerReply =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ApiError }

/** Data the worker is started with (`workerData`). */
export interface WorkerSettings {
  allowFaultDrills: boolean
  /** Wall-clock ms one request may run the program before it is ended, kept (the time budget). */
  runTimeLimitMs?: number
  /** Bytes of simulated memory a program may touch before it is ended, kept (RunOptions.memoryLimit). */
  memoryLimit?: number
  /** A worker started only to check a lesson pack: no interpreter warm-up. */
  packCheck?: boolean
}
