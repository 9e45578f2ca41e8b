// @vitest-environment happy-dom
/**
 * The run store against the real C engine, run in-process behind a transport that answers each
 * request a moment later, as IPC or a WebSocket does. Only the transport is left out.
 */
import { join } from 'node:path'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import type { Channel, Params, Result, RunProgress, RunStarted, RunView } from '../../../shared/api'
import type { Timeline } from '../../../shared/state'
import { setApi } from '../api/client'
import { useRunStore } from './run'

// The engine is a Node module outside the renderer's TypeScript project: loaded by path.
const electronServices = join(import.meta.dirname, '../../../electron/services')
interface Engine {
  step(count: number, kind: 'statement'): RunView
  stepBack(count: number): RunView
  jumpTo(step: number): RunView
  runToEnd(): RunView
  record(sliceMs: number, continued: boolean): RunProgress
  state(step?: number): RunView
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
/** The step of every run.jumpTo the store sent, in order. */
let jumps: number[] = []
/** Called as each run.record request arrives, with how many have arrived. */
let onRecord: (count: number) => void = () => undefined

beforeEach(() => {
  sent = []
  jumps = []
  onRecord = () => undefined
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
          case 'run.jumpTo':
            jumps.push((params as Params<'run.jumpTo'>).step)
            return engine!.jumpTo((params as Params<'run.jumpTo'>).step)
          case 'run.runToEnd':
            return engine!.runToEnd()
          case 'run.record': {
            onRecord(sent.filter((c) => c === 'run.record').length)
            const { sliceMs, continued } = params as Params<'run.record'>
            return engine!.record(sliceMs, continued ?? false)
          }
          case 'run.state':
            return engine!.state((params as Params<'run.state'>).step)
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

  it('shows the state after N steps when told to run to step N, with the marks of its heap calls', async () => {
    const run = useRunStore()
    run.loadProgram(
      '#include <stdlib.h>\nint main(void) {\n  char *a = malloc(16);\n  char *b = malloc(32);\n  free(a);\n  free(b);\n  return 0;\n}\n',
      { allocator: 'first-fit' }
    )
    // what a lesson step's `run-to: step 3` does (stores/lesson.ts pauseWhereStepSays)
    await run.reset()
    await run.jumpTo(3)
    // three statements run: a and b allocated, a freed; free(b) on line 6 about to run
    expect(run.step).toBe(3)
    expect(run.state?.line).toBe(6)
    // (blocks travel packed, and this transport leaves out the client that unpacks them)
    expect(run.state?.metrics).toMatchObject({ requestedBytes: 32, freeBlocks: 1 })
    expect(run.timelineView?.markers.map((m) => [m.step, m.kind, m.line])).toEqual([
      [1, 'malloc', 3],
      [2, 'malloc', 4],
      [3, 'free', 5]
    ])
    // a jump back within the steps already run asks for no new timeline
    const timelines = sent.filter((c) => c === 'run.timeline').length
    await run.jumpTo(1)
    expect(run.state?.line).toBe(4)
    expect(sent.filter((c) => c === 'run.timeline')).toHaveLength(timelines)
  })

  it('goes where the last of many jumps asked, skipping the ones overtaken while it waited', async () => {
    const run = useRunStore()
    await run.stepForward(6)
    expect(run.step).toBe(6)
    // A held arrow key or a drag: jumps asked for before the waiting one is sent are one jump,
    // to the last target. Before, four were served in turn (5, 4, 3, 2) and the rest dropped,
    // so the view ended at step 2 instead of 0, after four answers instead of one.
    const all = [5, 4, 3, 2, 1, 0].map((target) => run.jumpTo(target))
    expect(run.requestedStep).toBe(0)
    await Promise.all(all)
    expect(jumps).toEqual([0])
    expect(run.step).toBe(0)
    expect(run.requestedStep).toBe(null)
  })

  it('sends a jump asked for while another is on its way once that one is answered', async () => {
    const run = useRunStore()
    await run.stepForward(6)
    const first = run.jumpTo(3)
    await Promise.resolve()
    const second = run.jumpTo(1)
    await Promise.all([first, second])
    expect(jumps).toEqual([3, 1])
    expect(run.step).toBe(1)
  })

  describe('standard input', () => {
    const ECHO = `#include <stdio.h>
int main(void) {
  int c;
  while ((c = getchar()) != EOF) putchar(c);
  return 0;
}
`

    it('gives the program what was typed, as UTF-8 bytes, and says nothing about EOF', async () => {
      const run = useRunStore()
      run.loadProgram(ECHO)
      // 'é' is two bytes and '世' three: the program copies bytes, and the output decodes them.
      run.input = 'héllo\n世界\n'
      await run.runToEnd()
      expect(run.state?.output).toBe('héllo\n世界\n')
      expect(run.state?.exit?.status).toBe(0)
      expect(run.readEmptyInput).toBe(false)
    })

    it('says the program read the end of an input it was never given, from that read on', async () => {
      const run = useRunStore()
      run.loadProgram(ECHO)
      await run.runToEnd()
      expect(run.state?.output).toBe('')
      expect(run.readEmptyInput).toBe(true)
      // Before the first getchar nothing has been read: no note at step 0.
      await run.jumpTo(0)
      expect(run.readEmptyInput).toBe(false)
    })

    it('ends the run when the input changes, as an edit of the source does, and keeps it with the program', async () => {
      const run = useRunStore()
      run.loadProgram(ECHO, { layout: 'linux-x86_64' }, 'abc')
      await run.runToEnd()
      expect(run.state?.output).toBe('abc')
      run.input = 'xyz'
      expect(run.stale).toBe(true)
      // Another machine keeps the program's input; another program brings its own (none).
      await run.chooseMachine({ allocator: 'first-fit' })
      expect(run.input).toBe('xyz')
      run.loadProgram(ECHO)
      expect(run.input).toBe('')
    })
  })

  describe('a run to the end', () => {
    // 100 million steps: far more than any machine runs in one piece of RECORD_SLICE_MS.
    const ENDLESS = 'int main(void) {\n  long n = 0;\n  while (1)\n    n++;\n}\n'

    it('is recorded in pieces that say how far it got, and Pause stops it there', async () => {
      const run = useRunStore()
      run.loadProgram(ENDLESS, { layout: 'linux-x86_64', stepBudget: 100_000_000 })
      const seen: Array<{ recording: boolean; totalSteps: number; playing: boolean }> = []
      onRecord = (count) => {
        seen.push({ recording: run.recording, totalSteps: run.totalSteps, playing: run.playing })
        if (count === 3) run.pause()
      }
      await run.runToEnd()
      // Three pieces were asked for; while they ran the counter grew and Pause was offered.
      expect(sent.filter((c) => c === 'run.record')).toHaveLength(3)
      expect(seen.every((s) => s.recording && s.playing)).toBe(true)
      expect(seen[2].totalSteps).toBeGreaterThan(seen[1].totalSteps)
      expect(seen[1].totalSteps).toBeGreaterThan(0)
      // Stopped, not ended: the state is where the recording got to, and more can be run.
      expect(run.recording).toBe(false)
      expect(run.playing).toBe(false)
      expect(run.finished).toBe(false)
      expect(run.state?.exit).toBeUndefined()
      expect(run.step).toBe(run.totalSteps)
      expect(sent.slice(-2)).toEqual(['run.state', 'run.timeline'])
      const stopped = run.step
      await run.stepForward()
      expect(run.step).toBe(stopped + 1)
    })

    it('of a short program takes one piece and shows its end', async () => {
      const run = useRunStore()
      await run.runToEnd()
      expect(sent.filter((c) => c === 'run.record')).toHaveLength(1)
      expect(run.finished).toBe(true)
      expect(run.state?.output).toBe('49 100\n')
      expect(run.step).toBe(run.totalSteps)
    })
  })

  describe('the checked mode', () => {
    // m[1] reads 4 bytes malloc never wrote; x is read before anything is stored in it.
    const READS = `#include <stdlib.h>
int main(void) {
  int *m = malloc(4 * sizeof(int));
  int x;
  int sum = m[1] + x;
  free(m);
  return sum * 0;
}
`

    it('is off by default, and once ticked reports both reads, the run started again', async () => {
      const run = useRunStore()
      run.loadProgram(READS)
      await run.runToEnd()
      expect(run.finished).toBe(true)
      expect(run.state?.events).toEqual([])
      await run.chooseMachine({ reportUninitializedReads: true })
      expect(run.options.reportUninitializedReads).toBe(true)
      expect(run.step).toBe(0)
      await run.runToEnd()
      const reads = (run.state?.events ?? []).filter((e) => e.kind === 'uninitialized-read')
      expect(reads.map((e) => e.reason?.key).sort()).toEqual([
        'misuse.uninitializedLocal',
        'misuse.uninitializedRead'
      ])
      await run.chooseMachine({ reportUninitializedReads: false })
      expect(run.options).not.toHaveProperty('reportUninitializedReads')
    })
  })
})
