/**
 * The lesson-pack validator's problems in the reader's language. Each problem keeps its English
 * `message` (for the command line) and a `reason`: a message key under `packProblems.` with its
 * parameters (file names, ids, expressions: never translated) and phrases (parts of the
 * sentence that are themselves translated, such as "at the end of the run"). A key this version
 * of the app does not know — from a newer main side — falls back to the English message. What a
 * library said (the YAML parser) stays in English inside the sentence; the C compiler's errors
 * carry their own keys and are said in the page's language too.
 */
import { DIAGNOSTIC_PHRASE, type PackReason } from '../../../shared/lessons/messages'
import type { Problem } from '../../../shared/lessons/problems'
import type { Translate } from './sentences'

/**
 * The sentence for `reason`, or null when a key in it is unknown. A compile error inside a
 * sentence (DIAGNOSTIC_PHRASE) is said from the C front end's sentences under `diagnostics.`,
 * as the app says a learner's compile errors, and so are the phrases inside it.
 */
function sentence(t: Translate, reason: PackReason, compiler = false): string | null {
  const inCompiler = compiler || reason.key.startsWith(DIAGNOSTIC_PHRASE)
  const values: Record<string, string | number> = { ...reason.params }
  for (const [name, phrase] of Object.entries(reason.phrases ?? {})) {
    const text = sentence(t, phrase, inCompiler)
    if (text === null) return null
    values[name] = text
  }
  const key = inCompiler
    ? compiler
      ? `${DIAGNOSTIC_PHRASE}${reason.key}`
      : reason.key
    : `packProblems.${reason.key}`
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
