import type { PackReason } from './messages'

/**
 * A problem found in a lesson pack: where it is and what is wrong, in one plain sentence.
 * Every parser and check of this package reports through this one shape, so the validator,
 * the CLI and the in-app authoring mode all print the same `file:line:column: message`.
 */
export interface Problem {
  /** Path inside the pack, with `/` separators, e.g. `heap-growth.en.md`. */
  file: string
  /** 1-based line. */
  line: number
  /** 1-based column. */
  column: number
  message: string
  /**
   * The same sentence as a message key under `packProblems.` and its parameters, for the app's
   * languages (messages.ts lists every key with its English template).
   */
  reason?: PackReason
  /** Warnings do not make a pack invalid. @default 'error' */
  severity?: 'error' | 'warning'
}

/** `file:line:column: message`, the form editors and terminals turn into links. */
export function formatProblem(problem: Problem): string {
  const prefix = problem.severity === 'warning' ? 'warning: ' : ''
  return `${problem.file}:${problem.line}:${problem.column}: ${prefix}${problem.message}`
}

/** Problems in reading order: by file, then line, then column. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column
  )
}

/** True when at least one problem is an error (warnings alone leave a pack valid). */
export function hasErrors(problems: Problem[]): boolean {
  return problems.some((p) => p.severity !== 'warning')
}

/**
 * Turns character offsets of a text into 1-based line and column numbers.
 * Built once per file; each lookup is a binary search over line starts.
 */
export class LineIndex {
  private readonly lineStarts: number[] = [0]

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1)
  }

  /** 1-based line and column of a 0-based offset. */
  position(offset: number): { line: number; column: number } {
    let low = 0
    let high = this.lineStarts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (this.lineStarts[mid] <= offset) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 }
  }

  /** 0-based offset of the start of a 1-based line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.min(Math.max(line - 1, 0), this.lineStarts.length - 1)]
  }

  get lineCount(): number {
    return this.lineStarts.length
  }
}

/**
 * Adds `more` to `into` one by one: `into.push(...more)` passes every problem as an argument,
 * and a hostile lesson (150,000 empty steps in its 1 MB) overflows the call stack that way.
 */
export function appendProblems(into: Problem[], more: readonly Problem[]): void {
  for (const problem of more) into.push(problem)
}
