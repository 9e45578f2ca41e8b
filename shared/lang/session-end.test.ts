/**
 * A run that never ends by itself: ended by the step budget, or by the session's time limit
 * (`runTimeLimitMs`, what the app's worker sets so that an endless loop is ended and kept
 * instead of the worker killed). Either way every step up to the end stays: output, timeline
 * and time travel, and the end reads the same however it is reached.
 */
import { describe, expect, it } from 'vitest'
import { RunSession } from './session'

/** Prints a line every 100 times round, forever. */
const ENDLESS = `#include <stdio.h>
int main(void) {
  long n = 0;
  while (1) {
    n++;
    if (n % 100 == 0)
      printf("%ld\\n", n);
  }
}
`

describe('a run ended by its step budget', () => {
  it('ends with the step budget again when the learner jumps back and then to the end', () => {
    const session = new RunSession(ENDLESS, { stepBudget: 20_000, snapshotInterval: 1000 })
    session.runToEnd()
    const end = session.state()
    expect(session.totalSteps).toBe(20_000)
    expect(end.exit?.reason).toEqual({ key: 'exit.stepBudget', params: { steps: 20_000 } })
    session.jumpTo(7_500)
    expect(session.state().exit).toBeUndefined()
    // A replay from the snapshot at 7,000 pauses at step 20,000 before the budget's check:
    // the exit was missing there (the step shown as if the program could go on).
    session.jumpTo(20_000)
    expect(session.state().exit).toEqual(end.exit)
    expect(session.state().output).toBe(end.output)
    session.jumpTo(10)
    session.runToEnd()
    expect(session.state().exit).toEqual(end.exit)
  })
})

describe('a run ended by the time limit', () => {
  it('keeps every step up to where it got, exactly as a run that stopped there by itself', () => {
    const session = new RunSession(ENDLESS, { stepBudget: 100_000_000 })
    // Short, so that the test ends soon; where it stops depends on the machine, what is kept
    // does not: it is compared with a separate run given that step as its step budget.
    session.runTimeLimitMs = 200
    session.runToEnd()
    const steps = session.currentStep
    expect(session.totalSteps).toBe(steps)
    expect(steps).toBeGreaterThan(0)
    const end = session.state()
    expect(end.exit).toMatchObject({
      signal: 'SIGKILL',
      reason: { key: 'exit.timeLimit', params: { seconds: 0.2, steps } }
    })
    expect(end.exit?.explanation).toBe(
      `The program was stopped after running for 0.2 seconds, at step ${steps.toLocaleString('en-US')}; it may be in an endless loop. Every step up to there is kept.`
    )
    const reference = new RunSession(ENDLESS, { stepBudget: steps })
    reference.runToEnd()
    expect(reference.currentStep).toBe(steps)
    expect(end.output).toBe(reference.state().output)
    expect(end.exit?.line).toBe(reference.state().exit?.line)
    expect(end.globals).toEqual(reference.state().globals)
    expect(end.frames).toEqual(reference.state().frames)
    // The output so far: every 100th n, up to where the loop got (3 statements a time round,
    // and a fourth, the printf, every 100th).
    const printed = end.output.trim().split('\n').map(Number)
    expect(printed).toEqual(printed.map((_, i) => (i + 1) * 100))
    // Time travel over the whole run, and the same end however it is reached.
    session.jumpTo(Math.floor(steps / 2))
    reference.jumpTo(Math.floor(steps / 2))
    expect(session.state().output).toBe(reference.state().output)
    expect(session.state().exit).toBeUndefined()
    session.jumpTo(steps)
    expect(session.state().exit).toEqual(end.exit)
    session.jumpTo(0)
    session.runToEnd()
    expect(session.currentStep).toBe(steps)
    expect(session.state().exit).toEqual(end.exit)
    // Nothing beyond the end: a step there stays there.
    session.step('statement')
    expect(session.currentStep).toBe(steps)
    const timeline = session.timeline()
    expect(timeline.totalSteps).toBe(steps)
    expect(timeline.markers.at(-1)).toMatchObject({ step: steps, kind: 'fault', label: 'SIGKILL' })
  })

  it('is not applied to a replay of steps already recorded', () => {
    const session = new RunSession(ENDLESS, { stepBudget: 30_000, snapshotInterval: 1000 })
    session.runToEnd()
    // No time at all for new ground: going back over recorded steps still gets there.
    session.runTimeLimitMs = 0
    session.jumpTo(0)
    session.jumpTo(25_000)
    expect(session.currentStep).toBe(25_000)
    expect(session.state().exit).toBeUndefined()
    session.runToEnd()
    expect(session.state().exit?.reason?.key).toBe('exit.stepBudget')
  })
})

describe("the charts' last point", () => {
  const DOWN =
    'void down(int d) {\n  char buf[64];\n  buf[0] = (char)d;\n  down(d + 1);\n}\nint main(void) {\n  down(1);\n  return 0;\n}\n'

  it('keeps the frames a stack overflow died with, as the stack view shows them', () => {
    // down's frame: 16 (return address, saved %rbp) + 64 (buf) + 4 (d), rounded up to 96 bytes;
    // a 64 KiB stack holds about 65,536 / 96 = 682 of them.
    const session = new RunSession(DOWN, { stackLimit: 64 * 1024 })
    session.runToEnd()
    const end = session.state()
    expect(end.exit?.signal).toBe('SIGSEGV')
    expect(end.frameCount).toBeGreaterThan(600)
    expect(end.frameCount).toBeLessThan(690)
    const last = session.timeline().points.at(-1)
    expect(last?.step).toBe(end.step)
    expect(last?.stackDepth).toBe(end.frameCount)
    expect(last?.stackBytes).toBe(end.stackTop - end.stackPointer)
  })

  it('has no stack after a normal exit, as the stack view has none', () => {
    const session = new RunSession('int main(void) {\n  int x = 1;\n  return x - 1;\n}\n', {})
    session.runToEnd()
    expect(session.state().frameCount).toBe(0)
    expect(session.timeline().points.at(-1)).toMatchObject({ stackDepth: 0, stackBytes: 0 })
  })
})

describe('a run to the end recorded in pieces (runToEnd with pauseAfterMs)', () => {
  it('pauses on new ground, not ended, and the next piece goes on from there', () => {
    const session = new RunSession(ENDLESS, { stepBudget: 100_000_000 })
    session.runToEnd(0)
    const first = session.currentStep
    // Paused after the first stretch: not finished, no exit, every step so far recorded.
    expect(first).toBeGreaterThan(0)
    expect(session.finished).toBe(false)
    expect(session.totalSteps).toBeUndefined()
    expect(session.state().exit).toBeUndefined()
    session.runToEnd(0)
    expect(session.currentStep).toBeGreaterThan(first)
    // A piece that starts behind the newest step replays to it before it may pause.
    session.jumpTo(5)
    session.runToEnd(0)
    expect(session.currentStep).toBeGreaterThan(first)
  })

  it('counts the earlier pieces towards the time limit, and ends the run there', () => {
    const session = new RunSession(ENDLESS, { stepBudget: 100_000_000 })
    session.runTimeLimitMs = 60_000
    session.runToEnd(0)
    expect(session.finished).toBe(false)
    // Earlier pieces ran the whole minute: the next one ends the program after its first stretch.
    session.runToEnd(10_000, 60_000)
    expect(session.finished).toBe(true)
    expect(session.state().exit?.reason).toMatchObject({ key: 'exit.timeLimit' })
  })
})
