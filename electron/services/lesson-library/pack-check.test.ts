/**
 * The bound on a whole pack's check: each run ends after programTimeLimitMs, but a hostile pack
 * may hold thousands of programs, so all of them together get packCheckBudgetMs. The clock here
 * is the test's own (one second a reading), so where the checks stop is exact.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatProblem } from '../../../shared/lessons/problems'
import type { LessonMachine } from '../../../shared/lessons/programs'
import { validatePack } from '../../../shared/lessons/validate'
import { checkPrograms } from '../../../shared/lessons/programs'
import { loadLessonMachine, packProblems } from './pack-check'
import { readPackFolder } from './pack-folder'

const samplePack = readPackFolder(
  join(import.meta.dirname, '../../../shared/lessons/fixtures/sample-pack')
)

/** A clock that reads one second later each time it is read. */
function steppingClock(): () => number {
  let seconds = 0
  return () => ++seconds * 1000
}

/** The C engine, counting what it is asked to do. */
async function countingMachine(): Promise<{ machine: LessonMachine; calls: string[] }> {
  const real = await loadLessonMachine()
  if (typeof real === 'string') throw new Error(real)
  const calls: string[] = []
  return {
    calls,
    machine: {
      compile: (source) => (calls.push('compile'), real.compile(source)),
      run: (source, setup, target) => (calls.push('run'), real.run(source, setup, target))
    }
  }
}

describe('the whole check of a pack is bounded', () => {
  it('stops when the budget is spent, says where, and asks the engine nothing more', async () => {
    const loaded = validatePack(samplePack, { appVersion: '0.1.0' }).loaded!
    const { machine, calls } = await countingMachine()
    // The clock starts at 1 s. The English lesson first: its program compiles at 2 s (step 1,
    // program on line 16), runs to line 5 at 3 s (the number checkpoint of step 2; step 3's
    // predict runs to the same line on the same machine, so it is not run again), the task's
    // solution (line 78) compiles at 4 s, and its run at 5 s is 4 s after the start: past 3 s.
    const problems = checkPrograms(loaded, machine, { ms: 3000, now: steppingClock() })
    expect(calls).toEqual(['compile', 'run', 'compile'])
    expect(problems.map(formatProblem)).toEqual([
      'first-malloc.en.md:78:1: checking the programs took more than 3 seconds and was stopped here; the pack is refused (a pack may hold fewer or faster programs)'
    ])
    expect(problems[0].reason).toMatchObject({
      key: 'program.checkTooLong',
      params: { seconds: 3 }
    })
  })

  it('refuses nothing when the budget is not spent', async () => {
    // The same pack on the same clock: 60 readings are many more than its two lessons need.
    const report = await packProblems(samplePack, {
      appVersion: '0.1.0',
      budget: { ms: 60_000, now: steppingClock() }
    })
    expect(report.problems).toEqual([])
    expect(report.pack?.manifest.id).toBe('sample-pack')
  })
})
