/**
 * The simulator worker: one thread per session. It owns the session's interpreter and answers
 * the host's requests one at a time. Anything the simulator throws becomes an error reply; only
 * the watchdog ends this thread.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { toApiError, ApiFailure } from '../../../shared/api'
import type { WorkerProgress, WorkerReply, WorkerRequest, WorkerSettings } from './protocol'
import type { PackCheckReport } from '../lesson-library/pack-check'
import { startEngine, type Engine } from './engine'
import { warmUp } from '../../../shared/lang/warm-up'

const settings = (workerData ?? { allowFaultDrills: false }) as WorkerSettings
let engine: Engine | null = null

function running(): Engine {
  if (!engine)
    throw new ApiFailure('unknown-session', 'This run has no program: start it first.', {
      key: 'run.noProgram'
    })
  return engine
}

function drill(kind: 'spin' | 'exhaust-memory' | 'crash'): never {
  if (!settings.allowFaultDrills)
    throw new ApiFailure('invalid-request', 'Fault drills are disabled.', {
      key: 'run.faultDrillsOff'
    })
  if (kind === 'crash') process.exit(3)
  if (kind === 'exhaust-memory') {
    const hoard: number[][] = []
    for (;;) hoard.push(new Array<number>(1 << 20).fill(hoard.length))
  }
  for (;;) {
    // A runaway computation: only the watchdog can stop it.
  }
}

function perform(request: WorkerRequest): unknown {
  switch (request.op) {
    case 'start': {
      const { sessionId, ...params } = (request as WorkerRequest<'start'>).args
      const { started, engine: created } = startEngine(
        sessionId,
        params,
        settings.runTimeLimitMs,
        settings.memoryLimit
      )
      engine = created
      return started
    }
    case 'step': {
      const { count, kind } = (request as WorkerRequest<'step'>).args
      return running().step(count, kind)
    }
    case 'runToLine':
      return running().runToLine((request as WorkerRequest<'runToLine'>).args.line)
    case 'stepBack':
      return running().stepBack((request as WorkerRequest<'stepBack'>).args.count)
    case 'jumpTo':
      return running().jumpTo((request as WorkerRequest<'jumpTo'>).args.step)
    case 'runToEnd':
      return running().runToEnd()
    case 'record': {
      const { sliceMs, continued } = (request as WorkerRequest<'record'>).args
      return running().record(sliceMs, continued)
    }
    case 'state': {
      const { step, blocksFrom, blocksAt } = (request as WorkerRequest<'state'>).args
      return running().state(step, blocksFrom, blocksAt)
    }
    case 'timeline':
      return running().timeline()
    case 'readMemory': {
      const { address, length, step } = (request as WorkerRequest<'readMemory'>).args
      return running().readMemory(address, length, step)
    }
    case 'drill':
      return drill((request as WorkerRequest<'drill'>).args.kind)
    case 'checkPack':
      return checkPack(request as WorkerRequest<'checkPack'>)
  }
}

/**
 * Checks a lesson pack (the validator, then its programs), telling the host how far it has got.
 * The pack's code (YAML, Markdown, JSON Schema) is loaded only by a worker that checks a pack.
 */
async function checkPack(request: WorkerRequest<'checkPack'>): Promise<PackCheckReport> {
  const { packProblems } = await import('../lesson-library/pack-check')
  const { files, appVersion, programsOnlyWhenValid } = request.args
  return packProblems(new Map(files), {
    appVersion,
    programsOnlyWhenValid,
    // Every step's start (at most 100 lessons x 100 steps x 10 languages): the host passes on the latest.
    onProgress(progress) {
      const message: WorkerProgress = { id: request.id, progress }
      parentPort?.postMessage(message)
    }
  })
}

// Booting (loading the simulator) is not part of any request's time budget: say when it is done.
// Warming the interpreter up is part of booting: the learner's first run and jumps then take
// the time they take in a warm engine (see warm-up.ts). A failure there only costs speed.
// A worker that only checks a pack runs no learner's program: it skips the warm-up.
try {
  if (!settings.packCheck) warmUp()
} catch {
  // Nothing to report: the worker works the same, only colder.
}
parentPort?.postMessage({ ready: true })
parentPort?.on('message', (request: WorkerRequest) => {
  const answer = (reply: WorkerReply): void => parentPort?.postMessage(reply)
  const failed = (error: unknown): void =>
    answer({ id: request.id, ok: false, error: toApiError(error) })
  try {
    const result = perform(request)
    if (result instanceof Promise)
      result.then((value: unknown) => answer({ id: request.id, ok: true, result: value }), failed)
    else answer({ id: request.id, ok: true, result })
  } catch (error) {
    failed(error)
  }
})
