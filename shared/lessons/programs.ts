/**
 * The checks of a pack that need the C engine: every program compiles, every task's reference
 * solution meets its own condition, every expected-value expression has a value where the
 * program pauses, and every predict checkpoint has exactly one right option. The engine is
 * passed in (`LessonMachine`), so this module stays free of the interpreter and testable.
 */
import type { ProcessState } from '../state'
import { compileExpression, evaluate, type Expression } from './expression'
import { factsFromState, type FactRecord, type FactValue } from './facts'
import type { Checkpoint, Lesson, LoadedPack, RunTarget, StepSetup } from './format'
import { diagnosticPhrase, packReason, say, type PackParam, type PackReason } from './messages'
import type { DiagnosticReason } from '../lang/diagnostics'
import type { Problem } from './problems'

/** A compile diagnostic, with line and column in the program. */
export interface ProgramDiagnostic {
  line: number
  column: number
  message: string
  /** The message as a key and parameters (shared/lang/diagnostics), said in the reader's language. */
  reason?: DiagnosticReason
  severity: 'error' | 'warning'
}

/** What the checks need of the C engine. */
export interface LessonMachine {
  compile(source: string): ProgramDiagnostic[]
  /** Runs `source` set up as `setup` says, pausing at `target`; the state there. */
  run(source: string, setup: StepSetup, target: RunTarget): ProcessState
}

/** What the compiler said, as a phrase in the reader's language when it gave its reason. */
function compilerSaid(diagnostic: ProgramDiagnostic): PackParam {
  return diagnostic.reason ? diagnosticPhrase(diagnostic.reason) : diagnostic.message
}

/** Why a program could not be run: the engine's reason as a phrase when it gave one. */
function whyNotRun(error: Error): PackParam {
  const reason = (error as Error & { reason?: DiagnosticReason }).reason
  return reason ? diagnosticPhrase(reason) : error.message
}

/** Where a run was going when it was stopped: "on its way to line 6". */
function towards(target: RunTarget): PackReason {
  return target.kind === 'end'
    ? packReason('phrase.toEnd')
    : target.kind === 'line'
      ? packReason('phrase.toLine', { line: target.line })
      : packReason('phrase.toStep', { step: target.step })
}

/**
 * Why the check's run of a program was stopped before it got where it was going (the machine's
 * step budget or time limit, or the memory limit), as a sentence about `what` ran; undefined
 * when it was not stopped. The line is the program's own, where it was stopped: the loop to
 * look at. The exit's own explanation is written for a learner in the app ("step back to look
 * at them"), so the author gets this one instead.
 */
export function stoppedRun(state: ProcessState, what: PackReason, target: RunTarget): { line: number; message: string; reason: PackReason } | undefined {
  const stop = state.exit?.reason
  const params = stop?.params ?? {}
  const line = state.exit?.line ?? 1
  const at = { what, line, target: towards(target) }
  const said =
    stop?.key === 'exit.stepBudget'
      ? say('program.stoppedSteps', { ...at, steps: Number(params.steps).toLocaleString('en-US') })
      : stop?.key === 'exit.timeLimit'
        ? say('program.stoppedTime', { ...at, seconds: Number(params.seconds) })
        : stop?.key === 'exit.memoryLimit'
          ? say('program.stoppedMemory', { ...at, mib: Number(params.mib) })
          : undefined
  return said && { line, ...said }
}

function describeTarget(target: RunTarget): PackReason {
  return target.kind === 'end'
    ? packReason('phrase.atEnd')
    : target.kind === 'line'
      ? packReason('phrase.atLine', { line: target.line })
      : packReason('phrase.atStep', { step: target.step })
}

function show(value: FactValue): string {
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) > 4096 ? `0x${value.toString(16)}` : String(value)
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === null || typeof value === 'boolean') return String(value)
  return Array.isArray(value) ? `a list of ${value.length}` : 'a record'
}

/** The facts an expression reads and their values, e.g. `leaks.bytes is 24`. */
export function explainFacts(expression: Expression, facts: FactRecord): string {
  const seen = new Map<string, string>()
  const source = (e: Expression): string | undefined =>
    e.type === 'fact' ? e.name : e.type === 'member' ? `${source(e.object)}.${e.name}` : e.type === 'index' ? `${source(e.object)}[${e.index}]` : undefined
  const visit = (e: Expression): void => {
    if (e.type === 'fact' || e.type === 'member' || e.type === 'index') {
      const path = source(e)!
      const result = evaluate(e, facts)
      if (!seen.has(path)) seen.set(path, result.ok ? show(result.value) : 'unavailable')
      return
    }
    if (e.type === 'unary') visit(e.operand)
    if (e.type === 'binary') {
      visit(e.left)
      visit(e.right)
    }
  }
  visit(expression)
  return [...seen].map(([path, value]) => `${path} is ${value}`).join(', ')
}

/** How long all the engine checks of one pack may take together. */
export interface CheckBudget {
  /** Most milliseconds, from the first compile to the last run. */
  ms: number
  /** The clock, in ms (a test passes its own). @default performance.now */
  now?: () => number
}

/** How far the engine checks of a pack have got: steps checked of all steps, in which file. */
export interface CheckProgress {
  /** Steps of all lessons (every language) checked so far. */
  done: number
  total: number
  /** The lesson file whose step is being checked (the last one once all are done). */
  file: string
}

/** Thrown inside the checks when the budget is spent; checkPrograms catches it. */
class BudgetSpent extends Error {}

/**
 * Runs every engine check over every lesson in every language. Each run is bounded by the
 * machine (its time limit), but a hostile pack can hold thousands of programs: with `budget`,
 * the checks stop once it is spent, and one problem says where they stopped, so the pack is
 * refused rather than checked for hours.
 */
export function checkPrograms(
  pack: LoadedPack,
  machine: LessonMachine,
  budget?: CheckBudget,
  onProgress?: (progress: CheckProgress) => void
): Problem[] {
  const problems: Problem[] = []
  const now = budget?.now ?? (() => performance.now())
  const started = budget ? now() : 0
  const spend = (): void => {
    if (budget && now() - started > budget.ms) throw new BudgetSpent()
  }
  const cache = new Map<string, ProcessState | Error>()
  const runCached = (source: string, setup: StepSetup, target: RunTarget): ProcessState | Error => {
    const key = JSON.stringify([source, setup.layout, setup.allocator, setup.allocatorOptions, setup.stackLimit, target])
    let state = cache.get(key)
    if (!state) {
      spend()
      try {
        state = machine.run(source, setup, target)
      } catch (error) {
        state = error instanceof Error ? error : new Error(String(error))
      }
      cache.set(key, state)
    }
    return state
  }
  const compiled = new Map<string, ProgramDiagnostic[]>()
  const errorsOf = (source: string): ProgramDiagnostic[] => {
    if (!compiled.has(source)) {
      spend()
      compiled.set(source, machine.compile(source).filter((d) => d.severity === 'error'))
    }
    return compiled.get(source)!
  }
  // Where the checks are (a step's program, then each checkpoint), for the problem that says
  // where they stopped.
  const at = { file: '', line: 1 }
  const lessons = Object.values(pack.lessons).flatMap((byLanguage) => Object.values(byLanguage))
  const progress = { done: 0, total: lessons.reduce((sum, lesson) => sum + lesson.steps.length, 0), file: '' }
  // Told as each step starts (a step's runs may take seconds) and once all are done.
  const tell = (): void => onProgress?.({ ...progress })
  const steps = {
    starts(file: string): void {
      progress.file = file
      tell()
    },
    done(): void {
      progress.done++
    }
  }
  try {
    for (const lesson of lessons) checkLesson(lesson, problems, errorsOf, runCached, at, steps)
    tell()
  } catch (error) {
    if (!(error instanceof BudgetSpent)) throw error
    problems.push({ ...at, column: 1, ...say('program.checkTooLong', { seconds: Math.round(budget!.ms / 1000) }) })
  }
  return problems
}

function checkLesson(
  lesson: Lesson,
  problems: Problem[],
  errorsOf: (source: string) => ProgramDiagnostic[],
  run: (source: string, setup: StepSetup, target: RunTarget) => ProcessState | Error,
  position: { file: string; line: number },
  steps: { starts(file: string): void; done(): void }
): void {
  const file = lesson.file
  position.file = file
  // Runs already said to have been stopped (a cached run may serve several checkpoints).
  const reported = new Set<ProcessState>()
  for (const step of lesson.steps) {
    steps.starts(file)
    const program = step.program
    let programCompiles = program !== undefined
    if (program) {
      position.line = program.fileLine
      const errors = errorsOf(program.source)
      programCompiles = errors.length === 0
      if (step.programChanged)
        for (const e of errors)
          problems.push({ file, line: program.fileLine + e.line - 1, column: e.column, ...say('program.doesNotCompile', { detail: compilerSaid(e) }) })
    }
    for (const checkpoint of step.checkpoints) {
      const at = { file, line: checkpoint.fileLine, column: 1 }
      position.line = checkpoint.fileLine
      const stateFor = (target: RunTarget): FactRecord | undefined => {
        if (!program || !programCompiles) return undefined
        const state = run(program.source, step.setup, target)
        if (state instanceof Error) {
          problems.push({ ...at, ...say('program.cannotRun', { detail: whyNotRun(state) }) })
          return undefined
        }
        // Stopped on its way (a loop that never ends before the line the step pauses at): the
        // facts of wherever it was stopped are no answer, and a learner's run would spin too.
        // Said once per run, at the program's line where it was stopped.
        const stopped = stoppedRun(state, packReason('phrase.stepProgram'), target)
        if (stopped) {
          if (!reported.has(state)) {
            reported.add(state)
            const { line, ...said } = stopped
            problems.push({ file, line: program.fileLine + line - 1, column: 1, ...said })
          }
          return undefined
        }
        return factsFromState(state)
      }
      checkCheckpoint(checkpoint, step.setup, at, problems, stateFor, errorsOf, run)
    }
    steps.done()
  }
}

function checkCheckpoint(
  checkpoint: Checkpoint,
  setup: StepSetup,
  at: { file: string; line: number; column: number },
  problems: Problem[],
  stateFor: (target: RunTarget) => FactRecord | undefined,
  errorsOf: (source: string) => ProgramDiagnostic[],
  run: (source: string, setup: StepSetup, target: RunTarget) => ProcessState | Error
): void {
  const expectedNumber = (expected: number | string | undefined, target: RunTarget): void => {
    if (typeof expected !== 'string') return
    const compiled = compileExpression(expected, 'number')
    const facts = stateFor(target)
    if (!compiled.ok || !facts) return
    const value = evaluate(compiled.expression, facts)
    if (!value.ok || typeof value.value !== 'number')
      problems.push({
        ...at,
        ...say('program.expectedNoNumber', {
          expected,
          kind: checkpoint.kind,
          id: checkpoint.id,
          target: describeTarget(target),
          facts: explainFacts(compiled.expression, facts)
        })
      })
  }
  switch (checkpoint.kind) {
    case 'number':
      expectedNumber(checkpoint.expected, setup.runTo ?? { kind: 'end' })
      return
    case 'predict': {
      expectedNumber(checkpoint.expected, checkpoint.runTo)
      if (!checkpoint.options) return
      const facts = stateFor(checkpoint.runTo)
      if (!facts) return
      const right = checkpoint.options.filter((o) => {
        const c = o.when ? compileExpression(o.when, 'boolean') : undefined
        if (!c?.ok) return false
        const result = evaluate(c.expression, facts)
        return result.ok && result.value === true
      })
      if (right.length !== 1)
        problems.push({
          ...at,
          ...say('program.predictOptions', { count: right.length, id: checkpoint.id, target: describeTarget(checkpoint.runTo) })
        })
      return
    }
    case 'task': {
      if (!checkpoint.solution) return
      const errors = errorsOf(checkpoint.solution)
      if (errors.length > 0) {
        const e = errors[0]
        problems.push({ ...at, ...say('program.solutionDoesNotCompile', { id: checkpoint.id, line: e.line, detail: compilerSaid(e) }) })
        return
      }
      const compiled = compileExpression(checkpoint.condition, 'boolean')
      if (!compiled.ok) return
      const state = run(checkpoint.solution, setup, { kind: 'end' })
      if (state instanceof Error) {
        problems.push({ ...at, ...say('program.solutionCannotRun', { id: checkpoint.id, detail: whyNotRun(state) }) })
        return
      }
      const facts = factsFromState(state)
      const result = evaluate(compiled.expression, facts)
      // Ended by the step budget or the time limit: a loop that never ends (or memory filled
      // without end) is what to tell the author, not the facts of wherever it was stopped.
      const stopped = stoppedRun(state, packReason('phrase.solutionOf', { id: checkpoint.id }), { kind: 'end' })
      if (stopped) problems.push({ ...at, message: stopped.message, reason: stopped.reason })
      else if (!result.ok || result.value !== true)
        problems.push({
          ...at,
          ...say('program.solutionFails', { id: checkpoint.id, condition: checkpoint.condition, facts: explainFacts(compiled.expression, facts) })
        })
      return
    }
    case 'choice':
      return
  }
}
