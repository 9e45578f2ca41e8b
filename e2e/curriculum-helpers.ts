/**
 * The curriculum test's answer sheet, worked out without looking at the app: each built-in
 * lesson as the lesson engine parses it (which options are correct), and the simulator state
 * each step pauses at, computed with the same C engine the pack validator uses (as
 * electron/services/lesson-library/pack-check.ts `loadLessonMachine` does) but independently
 * of the UI. From those: the value of every `number` checkpoint, the predict option whose
 * `when` holds after its run, and a wrong answer for each.
 *
 * The lesson engine imports JSON Schemas, which Playwright's module loader refuses, so the spec
 * runs this file as a script under tsx and reads the answer sheet as JSON from its output:
 * `node --import tsx e2e/curriculum-helpers.ts` prints every lesson in every language.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { RunSession } from '../shared/lang/session'
import type { RunOptions } from '../shared/lang/vm'
import { compileExpression, evaluate, holds } from '../shared/lessons/expression'
import { factsFromState, type FactRecord } from '../shared/lessons/facts'
import type { Checkpoint, Lesson, RunTarget, StepSetup } from '../shared/lessons/format'
import { parseLesson } from '../shared/lessons/lesson'
import type { ProcessState } from '../shared/state'
import { tabForViews } from '../renderer/src/components/memory/tabs'

const lessonsFolder = join(import.meta.dirname, '..', 'lessons')

/** What to do at one checkpoint: a wrong answer, then the right one. */
export type PlannedCheckpoint = { id: string } & (
  | {
      kind: 'choice'
      multiple: boolean
      optionCount: number
      wrong: number[]
      right: number[]
      wrongFeedback: boolean
    }
  | { kind: 'number'; wrong: string; right: string }
  /** With options: indices; with an expected value: typed numbers. */
  | { kind: 'predict'; wrong: number | string; right: number | string; simulatorStep: number }
  | { kind: 'task'; solution: string; simulatorStep: number }
)

/** One step: where the app should be paused on arriving (simulator step), its checkpoints. */
export interface PlannedStep {
  index: number
  title?: string
  hasProgram: boolean
  /** The memory pane's tab for the first memory view the step shows (`show: [stack, …]`). */
  memoryTab?: string
  simulatorStep?: number
  checkpoints: PlannedCheckpoint[]
}

export interface LessonPlan {
  id: string
  language: string
  title: string
  steps: PlannedStep[]
}

/** The built-in pack's id and its lesson ids, in order, from lessons/pack.yaml. */
export function builtInPack(): { id: string; lessons: string[]; languages: string[] } {
  return parseYaml(readFileSync(join(lessonsFolder, 'pack.yaml'), 'utf8')) as {
    id: string
    lessons: string[]
    languages: string[]
  }
}

/** One built-in lesson in one language, parsed by the lesson engine; parse problems throw. */
export function loadLesson(id: string, language: string): Lesson {
  const file = `${id}.${language}.md`
  const { lesson, problems } = parseLesson(readFileSync(join(lessonsFolder, file), 'utf8'), {
    id,
    language,
    file,
    packFiles: new Set(readdirSync(lessonsFolder))
  })
  if (problems.length > 0)
    throw new Error(`${file} does not parse: ${problems.map((p) => p.message).join('; ')}`)
  return lesson
}

const states = new Map<string, ProcessState>()

/** `source` run with the step's setup and paused at `target`, as the pack validator runs it. */
function stateAt(source: string, setup: StepSetup, target: RunTarget): ProcessState {
  const key = JSON.stringify([
    source,
    setup.layout,
    setup.allocator,
    setup.allocatorOptions,
    setup.stackLimit,
    target
  ])
  let state = states.get(key)
  if (!state) {
    const session = new RunSession(source, {
      ...(setup.layout ? { layout: setup.layout } : {}),
      ...(setup.allocator ? { allocator: setup.allocator } : {}),
      ...(setup.allocatorOptions
        ? { allocatorOptions: setup.allocatorOptions as RunOptions['allocatorOptions'] }
        : {}),
      ...(setup.stackLimit ? { stackLimit: setup.stackLimit } : {})
    })
    if (!session.process)
      throw new Error(session.diagnostics[0]?.message ?? 'the program does not compile')
    // "run-to: line N" pauses before line N runs; a run already there stays.
    if (target.kind === 'end') session.runToEnd()
    else if (target.kind === 'step') session.jumpTo(target.step)
    else if (session.currentLine() !== target.line) session.runToLine(target.line)
    state = session.state()
    states.set(key, state)
  }
  return state
}

function numberIn(expression: number | string, facts: FactRecord): number {
  if (typeof expression === 'number') return expression
  const compiled = compileExpression(expression, 'number')
  if (!compiled.ok) throw new Error(`"${expression}": ${compiled.error.message}`)
  const result = evaluate(compiled.expression, facts)
  if (!result.ok || typeof result.value !== 'number')
    throw new Error(`"${expression}" has no number in this run`)
  return result.value
}

function holdsIn(condition: string, facts: FactRecord): boolean {
  const compiled = compileExpression(condition, 'boolean')
  if (!compiled.ok) throw new Error(`"${condition}": ${compiled.error.message}`)
  return holds(compiled.expression, facts)
}

/** A number as a learner would type it: addresses in hex, the rest in decimal. */
function typed(value: number, unit: string | undefined): string {
  return unit === 'address' && Number.isInteger(value) ? `0x${value.toString(16)}` : String(value)
}

/** Clearly wrong: far outside the tolerance, whatever the scale of the answer. */
function wrongNumber(value: number, tolerance: number, unit: string | undefined): string {
  return typed(value + 1000 + 10 * tolerance, unit)
}

/**
 * Works out one lesson as a learner moves through it: the program in the editor (the step's, or
 * the reference solution once a task is done) and where the run is paused (the step's `run-to`,
 * then a predict's `run-to` or a task's end once answered), which is what checkpoints are judged
 * on.
 */
export function planLesson(id: string, language: string): LessonPlan {
  const lesson = loadLesson(id, language)
  let program: string | undefined
  let state: ProcessState | undefined
  const steps = lesson.steps.map((step): PlannedStep => {
    if (step.program) {
      if (step.programChanged || program === undefined) program = step.program.source
      const target = step.setup.runTo
      state = target ? stateAt(program, step.setup, target) : undefined
    }
    const arrival = state?.step
    // At the tests' 1280-pixel window the memory pane is narrow, so the map is one of its tabs.
    const memoryTab = tabForViews(step.setup.show, true)
    const checkpoints = step.checkpoints.map((checkpoint: Checkpoint): PlannedCheckpoint => {
      switch (checkpoint.kind) {
        case 'choice': {
          const options = checkpoint.options
          const firstWrong = options.findIndex((o) => !o.correct)
          if (firstWrong < 0) throw new Error(`choice "${checkpoint.id}" has no wrong option`)
          return {
            id: checkpoint.id,
            kind: 'choice',
            multiple: checkpoint.multiple,
            optionCount: options.length,
            wrong: [firstWrong],
            right: options.flatMap((o, i) => (o.correct ? [i] : [])),
            wrongFeedback: options[firstWrong].feedback !== undefined
          }
        }
        case 'number': {
          if (!state) throw new Error(`number "${checkpoint.id}" is asked where nothing runs`)
          const value = numberIn(checkpoint.expected, factsFromState(state))
          return {
            id: checkpoint.id,
            kind: 'number',
            wrong: wrongNumber(value, checkpoint.tolerance, checkpoint.unit),
            right: typed(value, checkpoint.unit)
          }
        }
        case 'predict': {
          state = stateAt(program!, step.setup, checkpoint.runTo)
          const facts = factsFromState(state)
          if (checkpoint.options) {
            const outcome = checkpoint.options.map((o) => holdsIn(o.when!, facts))
            if (outcome.filter(Boolean).length !== 1)
              throw new Error(`predict "${checkpoint.id}": ${outcome.join()} hold, not one`)
            return {
              id: checkpoint.id,
              kind: 'predict',
              wrong: outcome.indexOf(false),
              right: outcome.indexOf(true),
              simulatorStep: state.step
            }
          }
          const value = numberIn(checkpoint.expected!, facts)
          return {
            id: checkpoint.id,
            kind: 'predict',
            wrong: wrongNumber(value, checkpoint.tolerance, checkpoint.unit),
            right: typed(value, checkpoint.unit),
            simulatorStep: state.step
          }
        }
        case 'task': {
          // The unedited program must not already do the task.
          const unedited = stateAt(program!, step.setup, { kind: 'end' })
          if (holdsIn(checkpoint.condition, factsFromState(unedited)))
            throw new Error(`task "${checkpoint.id}" is already done by the unedited program`)
          program = checkpoint.solution!
          state = stateAt(program, step.setup, { kind: 'end' })
          if (!holdsIn(checkpoint.condition, factsFromState(state)))
            throw new Error(`task "${checkpoint.id}": the reference solution does not do it`)
          return {
            id: checkpoint.id,
            kind: 'task',
            solution: program,
            simulatorStep: state.step
          }
        }
      }
    })
    return {
      index: step.index,
      ...(step.title ? { title: step.title } : {}),
      hasProgram: step.program !== undefined,
      ...(memoryTab ? { memoryTab } : {}),
      ...(arrival !== undefined ? { simulatorStep: arrival } : {}),
      checkpoints
    }
  })
  return { id, language, title: lesson.title, steps }
}

/** Every lesson of the built-in pack in every language, keyed `id/language`. */
export function planCurriculum(): Record<string, LessonPlan> {
  const pack = builtInPack()
  const plans: Record<string, LessonPlan> = {}
  for (const language of pack.languages)
    for (const id of pack.lessons) plans[`${id}/${language}`] = planLesson(id, language)
  return plans
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.stdout.write(JSON.stringify(planCurriculum()))
