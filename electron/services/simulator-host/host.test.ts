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
