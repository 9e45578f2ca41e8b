/**
 * The whole check of a lesson pack, the one `memory-lane pack validate` runs and the app runs
 * before it installs an imported pack: the validator (`shared/lessons/validate`) and then the
 * checks that need the C engine (`shared/lessons/programs`): every program compiles, every
 * reference solution runs and meets its own condition. One check in both places, so an
 * instructor gets the same verdict from the command line and from the app, and a learner never
 * opens a lesson whose program cannot run.
 */
import type { RunTarget, StepSetup } from '../../../shared/lessons/format'
import { appendProblems, sortProblems, type Problem } from '../../../shared/lessons/problems'
import {
  checkPrograms,
  type CheckBudget,
  type CheckProgress,
  type LessonMachine
} from '../../../shared/lessons/programs'
import { validatePack, type PackFiles, type PackValidation } from '../../../shared/lessons/validate'

/** Longest one program of a pack runs while the pack is checked, in ms. */
export const programTimeLimitMs = 5_000

/**
 * Most steps one program of a pack runs while the pack is checked: the app's own step budget
 * for a learner's run (RunOptions.stepBudget's default), so a program the check accepts also
 * ends in the app. The time limit above bounds a program of slow steps.
 */
export const programStepLimit = 10_000_000

/**
 * Longest all the programs of one pack are checked, in ms: each run ends after
 * programTimeLimitMs, but a hostile pack may hold thousands. The built-in pack (8 lessons in 2
 * languages) takes 0.4-0.9 s of CPU at load 3-6.
 */
export const packCheckBudgetMs = 60_000

/** The C engine as the pack checks use it; undefined (with the reason) when it cannot load. */
export async function loadLessonMachine(
  timeLimitMs = programTimeLimitMs,
  stepLimit = programStepLimit
): Promise<LessonMachine | string> {
  try {
    const lang = await import('../../../shared/lang/index')
    const { RunSession } = await import('../../../shared/lang/session')
    return {
      compile(source) {
        const result = lang.compile(source)
        const diagnostics = result.ok ? result.program.warnings : result.diagnostics
        return diagnostics.map((d) => ({
          line: d.line,
          column: d.column,
          message: d.message,
          ...(d.reason ? { reason: d.reason } : {}),
          severity: d.severity === 'error' ? 'error' : 'warning'
        }))
      },
      run(source: string, setup: StepSetup, target: RunTarget) {
        const session = new RunSession(source, {
          ...(setup.layout ? { layout: setup.layout } : {}),
          ...(setup.allocator ? { allocator: setup.allocator } : {}),
          ...(setup.allocatorOptions ? { allocatorOptions: setup.allocatorOptions as never } : {}),
          ...(setup.stackLimit ? { stackLimit: setup.stackLimit } : {}),
          // As a learner's run in the app (SimulatorHostOptions.simulatedMemoryMb).
          memoryLimit: 128 * 1024 * 1024,
          stepBudget: stepLimit
        })
        if (!session.process) {
          // With its reason when it has one (a layout too small for the program), so the pack's
          // "could not be run" is said in the reader's language as a whole.
          const why = session.diagnostics[0]
          throw Object.assign(new Error(why?.message ?? 'it did not compile'), {
            ...(why?.reason ? { reason: why.reason } : {})
          })
        }
        // A program that never ends, or allocates and fills memory without end, is ended where
        // it got to after this long (its exit says so), as the app's worker ends a learner's
        // run: memory fills only as fast as the program runs, so time bounds it too.
        session.runTimeLimitMs = timeLimitMs
        // "run-to: line N" pauses before line N runs; a run already there stays.
        if (target.kind === 'end') session.runToEnd()
        else if (target.kind === 'step') session.jumpTo(target.step)
        else if (session.currentLine() !== target.line) session.runToLine(target.line)
        return session.state()
      }
    }
  } catch (error) {
    return `the C engine could not be loaded (${error instanceof Error ? error.message : String(error)})`
  }
}

/** What packProblems answers (also across a worker's messages: plain data only). */
export type PackCheckReport = Awaited<ReturnType<typeof packProblems>>

/** All problems of a pack, engine checks included, and the pack when it loaded. */
export async function packProblems(
  files: PackFiles,
  options: {
    appVersion: string
    timeLimitMs?: number
    /** Most steps one program runs (tests pass a small one, so where it stops is exact). */
    stepLimit?: number
    /**
     * Run the programs only when the validator found no errors. An author's `validate` wants
     * every problem at once; an import is refused either way, and then the validator's own
     * sentences say why without "the program could not be run" after each of them, and a
     * hostile pack costs no compiling or running at all.
     */
    programsOnlyWhenValid?: boolean
    /** @default packCheckBudgetMs on the real clock */
    budget?: CheckBudget
    /** Told after each step of each lesson whose programs were checked. */
    onProgress?: (progress: CheckProgress) => void
  }
): Promise<{
  problems: Problem[]
  /** The pack, when the validator found no errors (the engine checks' problems are above). */
  pack?: PackValidation['pack']
  id?: string
  lessons: number
  languages: string[]
  /** Why the engine checks did not run: the C engine could not be loaded. */
  engine?: string
}> {
  const result = validatePack(files, { appVersion: options.appVersion })
  const problems = [...result.problems]
  let engine: string | undefined
  if (result.loaded && !(options.programsOnlyWhenValid && !result.pack)) {
    const machine = await loadLessonMachine(
      options.timeLimitMs ?? programTimeLimitMs,
      options.stepLimit ?? programStepLimit
    )
    if (typeof machine === 'string') engine = machine
    else
      appendProblems(
        problems,
        checkPrograms(
          result.loaded,
          machine,
          options.budget ?? { ms: packCheckBudgetMs },
          options.onProgress
        )
      )
  }
  return {
    problems: sortProblems(problems),
    ...(result.pack ? { pack: result.pack } : {}),
    id: result.manifest?.id,
    lessons: result.manifest?.lessons.length ?? 0,
    languages: result.manifest?.languages ?? [],
    engine
  }
}
