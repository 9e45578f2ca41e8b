import { afterEach, describe, expect, it } from 'vitest'
import { SimulatorHost } from './host'
import { RunSession } from '../../../shared/lang/session'
import { unpackState } from '../../../shared/packedBlocks'
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
  it('stops a worker that does not answer within its time budget and grace, says why, and keeps serving', async () => {
    host = new SimulatorHost({ allowFaultDrills: true, timeBudgetMs: 1500 })
    const caller = recordingCaller()
    // A worker stuck in its own code (not in a program, which it ends itself at 1.5 s): the
    // watchdog waits the budget and a grace of 2 s (half the budget, at least 2 s).
    await expect(host.drill(caller, 'spin')).rejects.toMatchObject({
      code: 'budget-exceeded',
      message: expect.stringContaining('still running after 3.5 seconds')
    })
    expect(caller.events).toHaveLength(1)
    const restarted = caller.events[0].payload as Events['run.restarted']
    expect(caller.events[0].event).toBe('run.restarted')
    expect(restarted.reason).toBe('time')
    // The time in seconds ((1500 + 2000) ms / 1000), for the app to say the sentence in Chinese.
    expect(restarted.budget).toBe(3.5)
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
    // The blocks travel packed into numbers (the page's client unpacks them).
    expect(one.state.blocks).toEqual([])
    const blocks = unpackState(one.state).blocks
    expect(blocks.filter((b) => !b.free && b.requested === 24)).toHaveLength(1)
    const back = await host.stepBack(caller, { sessionId })
    expect(back.state.step).toBe(0)
    expect(unpackState(back.state).blocks.filter((b) => !b.free && b.requested > 0)).toHaveLength(0)
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

  it('ends a program still running at the time budget where it got to, and keeps the run', async () => {
    host = new SimulatorHost({ timeBudgetMs: 1500 })
    const caller = recordingCaller()
    // Prints a line every 1,000 times round: the output so far is part of what is kept.
    const source =
      '#include <stdio.h>\nint main(void) {\n  long n = 0;\n  while (1) {\n    n++;\n    if (n % 1000 == 0)\n      printf("%ld\\n", n);\n  }\n}\n'
    const started = await host.start(caller, { source, options: { stepBudget: 100_000_000 } })
    if (!started.compiled) throw new Error('did not compile')
    const { sessionId } = started
    const end = await host.runToEnd(caller, { sessionId })
    // No restart: the worker ended the program itself and answered.
    expect(caller.events).toEqual([])
    expect(end.finished).toBe(true)
    const stoppedAt = end.totalSteps
    expect(end.state.step).toBe(stoppedAt)
    expect(end.state.exit).toMatchObject({
      signal: 'SIGKILL',
      reason: { key: 'exit.timeLimit', params: { seconds: 1.5, steps: stoppedAt } }
    })
    // Every multiple of 1,000 printed so far, exactly what the same program prints when it is
    // stopped at that step by a step budget (a run in this thread, as the oracle).
    const lines = end.state.output.trim().split('\n')
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.map(Number)).toEqual(lines.map((_, i) => (i + 1) * 1000))
    const reference = new RunSession(source, { stepBudget: stoppedAt, file: 'program.c' })
    reference.runToEnd()
    expect(end.state.output).toBe(reference.state().output)
    // Every step is there to scrub through: back to the middle, then to the end again.
    const middle = await host.jumpTo(caller, { sessionId, step: Math.floor(stoppedAt / 2) })
    expect(middle.state.exit).toBeUndefined()
    expect(middle.state.output.length).toBeLessThan(end.state.output.length)
    const again = await host.jumpTo(caller, { sessionId, step: stoppedAt })
    expect(again.state.exit).toEqual(end.state.exit)
    expect(again.state.output).toBe(end.state.output)
    // The end stays the end.
    expect((await host.step(caller, { sessionId })).state.step).toBe(stoppedAt)
    expect((await host.timeline(caller, { sessionId })).totalSteps).toBe(stoppedAt)
  })

  it('ends a step over a call that never returns at the time budget, the run kept', async () => {
    host = new SimulatorHost({ timeBudgetMs: 1000 })
    const caller = recordingCaller()
    const source =
      'int spin(void) {\n  int n = 0;\n  for (;;)\n    n++;\n  return n;\n}\n\nint main(void) {\n  return spin();\n}\n'
    const started = await host.start(caller, { source, options: { stepBudget: 100_000_000 } })
    if (!started.compiled) throw new Error('did not compile')
    const view = await host.step(caller, { sessionId: started.sessionId, kind: 'over' })
    expect(view.finished).toBe(true)
    expect(view.state.exit?.reason?.key).toBe('exit.timeLimit')
    // Stopped inside spin, in its loop (lines 3-4), with spin's frame on the stack.
    expect([3, 4]).toContain(view.state.line)
    expect(view.state.frames.map((frame) => frame.function)).toEqual(['main', 'spin'])
    expect(caller.events).toEqual([])
  })

  it('ends a program that fills memory without end at the memory limit, the run kept', async () => {
    // A small limit, and a time budget it is reached well within.
    host = new SimulatorHost({ timeBudgetMs: 30_000, simulatedMemoryMb: 2 })
    const caller = recordingCaller()
    const source =
      '#include <stdlib.h>\n#include <string.h>\nint main(void) {\n  while (1) {\n    char *p = malloc(4096);\n    memset(p, 7, 4096);\n  }\n}\n'
    // The request cannot raise the host's limit.
    const started = await host.start(caller, {
      source,
      options: { stepBudget: 100_000_000, memoryLimit: 1 << 30 } as never
    })
    if (!started.compiled) throw new Error('did not compile')
    const end = await host.runToEnd(caller, { sessionId: started.sessionId })
    expect(caller.events).toEqual([])
    expect(end.finished).toBe(true)
    // At the malloc (its top chunk's header on the next page not yet written) or the memset.
    const line = end.state.exit?.line
    expect([5, 6]).toContain(line)
    expect(end.state.exit).toMatchObject({
      signal: 'SIGKILL',
      reason: { key: 'exit.memoryLimit', params: { mib: 2, line, steps: end.totalSteps } }
    })
    // Where it ends is a count of pages, not a time: the same as a run in this thread.
    const reference = new RunSession(source, { memoryLimit: 2 << 20, file: 'program.c' })
    reference.runToEnd()
    expect(end.totalSteps).toBe(reference.totalSteps)
    expect(end.state.exit).toEqual(reference.state().exit)
    const middle = await host.jumpTo(caller, {
      sessionId: started.sessionId,
      step: Math.floor(end.totalSteps! / 2)
    })
    expect(middle.state.exit).toBeUndefined()
  })
})
