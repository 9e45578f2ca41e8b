// @vitest-environment happy-dom
/**
 * The run store against the real C engine, run in-process behind a transport that answers each
 * request a moment later, as IPC or a WebSocket does. Only the transport is left out.
 */
import { join } from 'node:path'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import type { Channel, Params, Result, RunStarted, RunView } from '../../../shared/api'
import type { Timeline } from '../../../shared/state'
import { setApi } from '../api/client'
import { useRunStore } from './run'

// The engine is a Node module outside the renderer's TypeScript project: loaded by path.
const electronServices = join(import.meta.dirname, '../../../electron/services')
interface Engine {
  step(count: number, kind: 'statement'): RunView
  stepBack(count: number): RunView
  timeline(): Timeline
}
const { startEngine } = (await import(
  /* @vite-ignore */ `${electronServices}/simulator-host/engine`
)) as {
  startEngine(
    id: string,
    params: Params<'run.start'>
  ): { started: RunStarted; engine: Engine | null }
}

/** Every request the store sent, in order. */
let sent: Channel[] = []

beforeEach(() => {
  sent = []
  let engine: Engine | null = null
  setApi({
    edition: 'browser',
    async request<C extends Channel>(channel: C, params: Params<C>): Promise<Result<C>> {
      sent.push(channel)
      await new Promise((resolve) => setTimeout(resolve, 5))
      const answer = (): unknown => {
        switch (channel) {
          case 'run.start': {
            const started = startEngine('s1', params as Params<'run.start'>)
            engine = started.engine
            return started.started
          }
          case 'run.step':
            return engine!.step((params as Params<'run.step'>).count ?? 1, 'statement')
          case 'run.stepBack':
            return engine!.stepBack((params as Params<'run.stepBack'>).count ?? 1)
          case 'run.timeline':
            return engine!.timeline()
          default:
            throw new Error(`this test does not answer ${channel}`)
        }
      }
      return answer() as Result<C>
    },
    on: () => () => undefined
  })
  setActivePinia(createPinia())
})
afterAll(() => setApi(null))

describe('the run store', () => {
  it('carries out a step back pressed while the step before it is still being shown', async () => {
    const run = useRunStore()
    await run.stepForward()
    expect(run.step).toBe(1)
    // F10 then Shift+F10 at once: the step forward is still fetching the timeline when the
    // step back arrives. Both must happen, in that order: 1 -> 2 -> 1.
    const forward = run.stepForward()
    const back = run.stepBack()
    expect(run.busy).toBe(true)
    await Promise.all([forward, back])
    expect(run.step).toBe(1)
    expect(run.busy).toBe(false)
    expect(sent.filter((c) => c === 'run.step' || c === 'run.stepBack')).toEqual([
      'run.step',
      'run.step',
      'run.stepBack'
    ])
  })

  it('queues a few presses of a key held down and drops the surplus', async () => {
    const run = useRunStore()
    await run.stepForward()
    // Ten presses at once: one runs, three more wait (MAX_QUEUED = 4 in all), six are dropped.
    await Promise.all(Array.from({ length: 10 }, () => run.stepForward()))
    expect(run.step).toBe(1 + 4)
  })
})
