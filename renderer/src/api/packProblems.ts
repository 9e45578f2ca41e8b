/**
 * The lesson-pack validator's problems in the reader's language. Each problem keeps its English
 * `message` (for the command line) and a `reason`: a message key under `packProblems.` with its
 * parameters (file names, ids, expressions: never translated) and phrases (parts of the
 * sentence that are themselves translated, such as "at the end of the run"). A key this version
 * of the app does not know — from a newer main side — falls back to the English message. What a
 * library said (the YAML parser, the C compiler) stays in English inside the sentence.
 */
import type { PackReason } from '../../../shared/lessons/messages'
import type { Problem } from '../../../shared/lessons/problems'
import type { Translate } from './sentences'

/** The sentence for `reason`, or null when a key in it is unknown. */
function sentence(t: Translate, reason: PackReason): string | null {
  const values: Record<string, string | number> = { ...reason.params }
  for (const [name, phrase] of Object.entries(reason.phrases ?? {})) {
    const text = sentence(t, phrase)
    if (text === null) return null
    values[name] = text
  }
  const key = `packProblems.${reason.key}`
  const text = t(key, values)
  return text === key ? null : text
}

/** A problem's sentence in the page's language (its English message when it has no reason). */
export function problemSentence(
  t: Translate,
  problem: Pick<Problem, 'message' | 'reason'>
): string {
  return (problem.reason && sentence(t, problem.reason)) ?? problem.message
}

/**
 * `file:line:column: message`, as formatProblem (shared/lessons/problems.ts) writes it, with the
 * message in the page's language. The place stays as written: editors turn it into a link.
 */
export function problemLine(t: Translate, problem: Problem): string {
  const said = problemSentence(t, problem)
  const text =
    problem.severity === 'warning' ? t('packProblems.phrase.warning', { problem: said }) : said
  return `${problem.file}:${problem.line}:${problem.column}: ${text}`
}
