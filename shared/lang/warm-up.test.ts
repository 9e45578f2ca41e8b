import { describe, expect, it } from 'vitest'
import { gccOutput, hasGcc } from '../../tools/gcc'
import { RunSession } from './session'
import { WARM_UP_PROGRAM, warmUp } from './warm-up'

describe('the warm-up a fresh simulator worker runs', () => {
  it('runs its program as gcc does, on both layouts, and warmUp completes', () => {
    const expected = hasGcc ? gccOutput(WARM_UP_PROGRAM) : null
    for (const layout of ['linux-x86_64', 'classroom']) {
      const session = new RunSession(WARM_UP_PROGRAM, { layout, snapshotInterval: 64 })
      expect(session.diagnostics).toEqual([])
      session.runToEnd()
      const state = session.state()
      expect(state.exit?.status).toBe(0)
      // "warm", the checksum, strlen("warm") = 4.
      expect(state.output).toMatch(/^warm \d+ 4\n$/)
      if (expected !== null) expect(state.output).toBe(expected)
    }
    expect(() => warmUp()).not.toThrow()
  })
})
