import { afterEach, describe, expect, it } from 'vitest'
import { SimulatorHost } from './host'
import type { Caller, EventName, Events } from '../../../shared/api'

/** A caller that records the events it is sent. */
function recordingCaller(
  id = 'learner-1'
): Caller & { events: Array<{ event: EventName; payload: unknown }> } {
  const events: Array<{ event: EventName; payload: unknown }> = []
  return {
    id,
    events,
    emit: (event, payload) => {
      events.push({ event, payload })
    }
  }
}

let host: SimulatorHost | null = null
afterEach(async () => {
  await host?.shutdown()
  host = null
})

describe('the simulator host watchdog, with real worker threads', () => {
  it('stops a worker that computes past its time budget, says why, and keeps serving', async () => {
    host = new SimulatorHost({ allowFaultDrills: true, timeBudgetMs: 1500 })
    const caller = recordingCaller()
    await expect(host.drill(caller, 'spin')).rejects.toMatchObject({
      code: 'budget-exceeded',
      message: expect.stringContaining('still running after 1.5 seconds')
    })
    expect(caller.events).toHaveLength(1)
    const restarted = caller.events[0].payload as Events['run.restarted']
    expect(caller.events[0].event).toBe('run.restarted')
    expect(restarted.reason).toBe('time')
    // The budget in seconds (1500 ms / 1000), for the app to say the sentence in Chinese.
    expect(restarted.budget).toBe(1.5)
    expect(host.sessionCount).toBe(0)
    // The replacement worker answers: a fresh drill session reaches its worker again.
    await expect(host.drill(caller, 'crash')).rejects.toMatchObject({ code: 'worker-crashed' })
  })

  it('stops a worker that exceeds its memory budget', async () => {
    host = new SimulatorHost({ allowFaultDrills: true, memoryBudgetMb: 64, timeBudgetMs: 30_000 })
    const caller = recordingCaller()
    await expect(host.drill(caller, 'exhaust-memory')).rejects.toMatchObject({
      code: 'budget-exceeded'
    })
    expect((caller.events[0].payload as Events['run.restarted']).reason).toBe('memory')
  })

  it('survives a crashing worker and reports it to the session owner only', async () => {
    host = new SimulatorHost({ allowFaultDrills: true })
    const owner = recordingCaller('owner')
    const other = recordingCaller('other')
    await expect(host.drill(owner, 'crash')).rejects.toMatchObject({ code: 'worker-crashed' })
    expect(owner.events.map((e) => e.event)).toEqual(['run.restarted'])
    expect(other.events).toEqual([])
  })

  it('refuses drills unless they were allowed', async () => {
    host = new SimulatorHost()
    await expect(host.drill(recordingCaller(), 'crash')).rejects.toMatchObject({
      code: 'invalid-request'
    })
  })

  it('does not let one caller reach another caller’s session', async () => {
    host = new SimulatorHost()
    await expect(
      host.step(recordingCaller(), { sessionId: 'not-a-session' })
    ).rejects.toMatchObject({
      code: 'unknown-session'
    })
  })
})

describe('the simulator host running real C programs', () => {
  const program = `#include <stdlib.h>
int main(void) {
  int *p = malloc(24);
  p[0] = 5;
  free(p);
  return p == 0;
}
`

  it('compiles, steps forward and back, and runs to the end in a worker', async () => {
    host = new SimulatorHost()
    const caller = recordingCaller()
    const started = await host.start(caller, { source: program })
    if (!started.compiled) throw new Error(JSON.stringify(started.diagnostics))
    expect(started.state.step).toBe(0)
    // Paused before main's first statement, line 3 (`int *p = malloc(24);`).
    expect(started.state.line).toBe(3)
    const sessionId = started.sessionId
    const one = await host.step(caller, { sessionId })
    expect(one.state.step).toBe(1)
    expect(one.state.line).toBe(4)
    // malloc(24) has returned: one live block whose payload holds at least the 24 bytes asked for.
    expect(one.state.blocks.filter((b) => !b.free && b.requested === 24)).toHaveLength(1)
    const back = await host.stepBack(caller, { sessionId })
    expect(back.state.step).toBe(0)
    expect(back.state.blocks.filter((b) => !b.free && b.requested > 0)).toHaveLength(0)
    const end = await host.runToEnd(caller, { sessionId })
    expect(end.finished).toBe(true)
    // At least the four statements ran (declaration, store, free, return); the end is the last step.
    expect(end.totalSteps).toBeGreaterThanOrEqual(4)
    expect(end.state.step).toBe(end.totalSteps)
    // p is not NULL, so main returns 0.
    expect(end.state.exit).toMatchObject({ status: 0 })
    const peek = await host.state(caller, { sessionId, step: 1 })
    expect(peek.state.step).toBe(1)
    expect((await host.state(caller, { sessionId })).state.step).toBe(end.totalSteps)
    expect(await host.close(caller, { sessionId })).toEqual({ closed: true })
    expect(host.sessionCount).toBe(0)
  })

  it('answers a program that does not compile with its diagnostics and keeps no session', async () => {
    host = new SimulatorHost()
    const started = await host.start(recordingCaller(), {
      source: 'int main(void) { return x; }\n'
    })
    expect(started.compiled).toBe(false)
    expect(started.diagnostics[0]).toMatchObject({ severity: 'error', line: 1 })
    expect(started.diagnostics[0].message).toContain('x')
    expect(host.sessionCount).toBe(0)
  })

  it('stops a real runaway loop at the time budget and tells the session owner', async () => {
    host = new SimulatorHost({ timeBudgetMs: 1500 })
    const caller = recordingCaller()
    const started = await host.start(caller, {
      source: 'int main(void) { long n = 0; while (1) { n++; } return 0; }\n',
      options: { stepBudget: 100_000_000 }
    })
    if (!started.compiled) throw new Error('did not compile')
    await expect(host.runToEnd(caller, { sessionId: started.sessionId })).rejects.toMatchObject({
      code: 'budget-exceeded'
    })
    expect(caller.events).toEqual([
      {
        event: 'run.restarted',
        payload: {
          sessionId: started.sessionId,
          reason: 'time',
          message: expect.stringContaining('1.5 seconds'),
          // 1500 ms / 1000 = 1.5 seconds, for the translated sentence.
          budget: 1.5
        }
      }
    ])
    // The session is gone, and the next run starts on a fresh worker.
    await expect(host.step(caller, { sessionId: started.sessionId })).rejects.toMatchObject({
      code: 'unknown-session'
    })
    const next = await host.start(caller, { source: program })
    expect(next.compiled).toBe(true)
  })
})
