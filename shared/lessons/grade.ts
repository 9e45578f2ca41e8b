/**
 * Judging a learner's answer to a checkpoint. Pure functions of the checkpoint, the answer and
 * (for expressions) the facts of the run, so the renderer can give feedback at once and the
 * validator can run the same judgement on reference solutions.
 */
import { compileExpression, evaluate, holds } from './expression'
import type { FactRecord } from './facts'
import { packReason, packSentence, type PackReason } from './messages'
import type {
  ChoiceCheckpoint,
  NumberCheckpoint,
  PredictCheckpoint,
  TaskCheckpoint
} from './format'

/** The verdict on one answer. `feedback` holds the Markdown to show, in order. */
export interface Verdict {
  passed: boolean
  feedback: string[]
  /** The value the answer was compared with, when there is one (number, predict). */
  expected?: number
  /**
   * Why the answer could not be judged, if so: `not-a-number`, `does-not-compile`, or an
   * expression that failed on this run, in English, with the same sentence as a message key
   * in `reason` (the page says it in the learner's language).
   */
  error?: string
  reason?: PackReason
}

/**
 * Reads a number as a learner types it: `24`, `-3`, `0.25`, `0x5555555592a0`, `1,024`,
 * `1_024`, with an optional unit word after it (`24 bytes`). Undefined when it is not one.
 */
export function parseNumberAnswer(text: string): number | undefined {
  const cleaned = text.trim().replace(/[,_\s](?=\d)/g, '')
  const match = /^(-?)(0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)(?:\s*[A-Za-z%\u4e00-\u9fff]+)?$/.exec(cleaned)
  if (!match) return undefined
  const value = Number(match[2])
  if (!Number.isFinite(value)) return undefined
  return match[1] ? -value : value
}

/** Why an answer cannot be judged, in English and as a message key. */
function cannotJudge(reason: PackReason): { error: string; reason: PackReason } {
  return { error: packSentence(reason), reason }
}

/** Value of an expected number: itself, or an expression evaluated on `facts`. */
export function expectedValue(
  expected: number | string,
  facts: FactRecord | undefined
): { ok: true; value: number } | { ok: false; error: string; reason: PackReason } {
  if (typeof expected === 'number') return { ok: true, value: expected }
  const compiled = compileExpression(expected, 'number')
  if (!compiled.ok) return { ok: false, ...cannotJudge(compiled.error.reason) }
  if (!facts) return { ok: false, ...cannotJudge(packReason('grade.noRun')) }
  const result = evaluate(compiled.expression, facts)
  if (!result.ok) return { ok: false, error: result.error, reason: result.reason }
  if (typeof result.value !== 'number')
    return { ok: false, ...cannotJudge(packReason('grade.noValue', { expected })) }
  return { ok: true, value: result.value }
}

/** `choice`: right when the learner picked exactly the correct options. */
export function gradeChoice(checkpoint: ChoiceCheckpoint, selected: readonly number[]): Verdict {
  const picked = new Set(selected.filter((i) => i >= 0 && i < checkpoint.options.length))
  const correct = checkpoint.options.every((option, i) => option.correct === picked.has(i))
  const feedback = [...picked]
    .sort((a, b) => a - b)
    .map((i) => checkpoint.options[i].feedback)
    .filter((f): f is string => f !== undefined)
  if (correct && checkpoint.explanation) feedback.push(checkpoint.explanation)
  return { passed: correct && picked.size > 0, feedback }
}

function gradeNumeric(
  expected: number | string,
  tolerance: number,
  answer: string,
  facts: FactRecord | undefined,
  explanation: string | undefined
): Verdict {
  const target = expectedValue(expected, facts)
  if (!target.ok) return { passed: false, feedback: [], error: target.error, reason: target.reason }
  const given = parseNumberAnswer(answer)
  if (given === undefined) return { passed: false, feedback: [], expected: target.value, error: 'not-a-number' }
  // A few units in the last place of slack, for decimal fractions such as 0.1 + 0.2; a relative
  // slack any wider would accept an address 0x5555555553e8 for 0x555555555000.
  const slack = 4 * Number.EPSILON * Math.max(1, Math.abs(target.value))
  const passed = Math.abs(given - target.value) <= tolerance + slack
  return { passed, feedback: passed && explanation ? [explanation] : [], expected: target.value }
}

/** `number`: right when the answer is within `tolerance` of the expected value. */
export function gradeNumber(
  checkpoint: NumberCheckpoint,
  answer: string,
  facts: FactRecord | undefined
): Verdict {
  return gradeNumeric(checkpoint.expected, checkpoint.tolerance, answer, facts, checkpoint.explanation)
}

/**
 * `predict`: judged on the facts *after* the run to `runTo`. With options, the answer is the
 * index of the option chosen, right when its `when` condition holds after the run.
 */
export function gradePredict(
  checkpoint: PredictCheckpoint,
  answer: { option: number } | { value: string },
  factsAfter: FactRecord
): Verdict {
  if (checkpoint.options && 'option' in answer) {
    const option = checkpoint.options[answer.option]
    if (!option?.when) return { passed: false, feedback: [] }
    const compiled = compileExpression(option.when, 'boolean')
    if (!compiled.ok) return { passed: false, feedback: [], ...cannotJudge(compiled.error.reason) }
    const passed = holds(compiled.expression, factsAfter)
    const feedback = option.feedback ? [option.feedback] : []
    if (passed && checkpoint.explanation) feedback.push(checkpoint.explanation)
    return { passed, feedback }
  }
  if (checkpoint.expected !== undefined && 'value' in answer)
    return gradeNumeric(checkpoint.expected, checkpoint.tolerance, answer.value, factsAfter, checkpoint.explanation)
  return { passed: false, feedback: [] }
}

/** Which options of a predict checkpoint were right, once the run has happened. */
export function predictOutcome(checkpoint: PredictCheckpoint, factsAfter: FactRecord): boolean[] {
  return (checkpoint.options ?? []).map((option) => {
    if (!option.when) return false
    const compiled = compileExpression(option.when, 'boolean')
    return compiled.ok && holds(compiled.expression, factsAfter)
  })
}

/** `task`: right when the condition holds on the facts at the end of the learner's run. */
export function gradeTask(checkpoint: TaskCheckpoint, factsAtEnd: FactRecord): Verdict {
  const compiled = compileExpression(checkpoint.condition, 'boolean')
  if (!compiled.ok) return { passed: false, feedback: [], ...cannotJudge(compiled.error.reason) }
  const result = evaluate(compiled.expression, factsAtEnd)
  if (!result.ok) return { passed: false, feedback: [], error: result.error, reason: result.reason }
  const passed = result.value === true
  return { passed, feedback: passed && checkpoint.explanation ? [checkpoint.explanation] : [] }
}
