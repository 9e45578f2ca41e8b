/**
 * Diagnostics: what the front end says about a program it cannot run. Each carries the place
 * (file, line, column), a caret excerpt of the offending line and a plain explanation, both as
 * an English sentence and as a message key with parameters (`reason`) that the app says in the
 * learner's language (diagnostic-messages.ts lists every key with its English template).
 */
import { DIAGNOSTIC_MESSAGES, type DiagnosticKey, type ParamsOf } from './diagnostic-messages'

export { DIAGNOSTIC_MESSAGES, type DiagnosticKey } from './diagnostic-messages'

/**
 * A sentence as data: a key under `diagnostics.` in the app's message files and its parameters
 * (type names, identifiers and tokens, never translated). A parameter that is itself a phrase
 * to translate ("the end of the file") is in `phrases`, said with its own key. JSON-safe.
 */
export interface DiagnosticReason {
  key: string
  params: Record<string, string | number>
  phrases?: Record<string, DiagnosticReason>
}

/** A parameter's value: a name or number as written, or a phrase said in the learner's language. */
export type ParamValue = string | number | bigint | DiagnosticReason

type ParamsArgument<K extends DiagnosticKey> = [ParamsOf<K>] extends [never]
  ? []
  : [params: Record<ParamsOf<K>, ParamValue>]

/** The reason for a diagnostic: `reason('checker.undeclared', { name: 'x' })`. */
export function reason<K extends DiagnosticKey>(
  key: K,
  ...[params]: ParamsArgument<K>
): DiagnosticReason {
  const result: DiagnosticReason = { key, params: {} }
  for (const [name, value] of Object.entries<ParamValue>(params ?? {})) {
    if (typeof value === 'object') (result.phrases ??= {})[name] = value
    else result.params[name] = typeof value === 'bigint' ? String(value) : value
  }
  return result
}

/**
 * Fills a vue-i18n style template: `{name}` from `values`, `{'…'}` as the literal text. A name
 * with no value stays as written, so a missing parameter shows rather than vanishing.
 */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{'([^']*)'\}|\{(\w+)\}/g, (whole, literal?: string, name?: string) =>
    literal !== undefined
      ? literal
      : name !== undefined && name in values
        ? String(values[name])
        : whole
  )
}

/** The English sentence for `r` (phrases said in English too). */
export function englishSentence(r: DiagnosticReason): string {
  const template: string | undefined = (DIAGNOSTIC_MESSAGES as Record<string, string>)[r.key]
  if (template === undefined) return r.key
  const values: Record<string, string | number> = { ...r.params }
  for (const [name, phrase] of Object.entries(r.phrases ?? {}))
    values[name] = englishSentence(phrase)
  return fillTemplate(template, values)
}

/** One problem found in a program, with where it is and a caret excerpt of the line. */
export interface Diagnostic {
  file: string
  /** 1-based. */
  line: number
  /** 1-based. */
  column: number
  /** 1-based, exclusive: the caret underline ends before this column. */
  endColumn?: number
  severity: 'error' | 'warning'
  /** The explanation in English (what the command line prints). */
  message: string
  /**
   * The same explanation as a message key and parameters, for the app's languages. The front
   * end always gives one; a diagnostic made elsewhere (a run that could not start) may not.
   */
  reason?: DiagnosticReason
  /** The source line and a caret line under the offending text. */
  excerpt: string
}

/** A position in the source. */
export interface SourcePosition {
  line: number
  column: number
  /** Exclusive end column on the same line, when known. */
  endColumn?: number
}

/** Thrown inside the front end to abandon one construct; always caught and turned into a Diagnostic. */
export class CompileError extends Error {
  constructor(
    readonly reason: DiagnosticReason,
    readonly position: SourcePosition
  ) {
    super(englishSentence(reason))
    this.name = 'CompileError'
  }
}

/** Collects diagnostics for one source file. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = []
  private readonly lines: string[]

  constructor(
    readonly file: string,
    source: string
  ) {
    this.lines = source.split('\n')
  }

  error(why: DiagnosticReason, position: SourcePosition): void {
    this.add('error', why, position)
  }

  warning(why: DiagnosticReason, position: SourcePosition): void {
    this.add('warning', why, position)
  }

  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length
  }

  private add(
    severity: 'error' | 'warning',
    why: DiagnosticReason,
    position: SourcePosition
  ): void {
    const { line, column } = position
    // A second error at the same place is error recovery saying the same thing twice; gcc too
    // reports one error per place. Warnings are all kept, as gcc prints them (an implicit
    // declaration and the incompatible built-in it declares, at the same column), unless one
    // says exactly what another already said there.
    const duplicate = (d: Diagnostic): boolean =>
      d.line === line &&
      d.column === column &&
      ((severity === 'error' && d.severity === 'error') || d.reason?.key === why.key)
    if (this.diagnostics.some(duplicate)) return
    const diagnostic: Diagnostic = {
      file: this.file,
      line,
      column,
      severity,
      message: englishSentence(why),
      reason: why,
      excerpt: this.excerpt(position)
    }
    if (position.endColumn !== undefined) diagnostic.endColumn = position.endColumn
    this.diagnostics.push(diagnostic)
  }

  /**
   * `12 | p->next = q;` followed by a caret line under the columns. Columns count UTF-16 code
   * units (as the editor does); the caret line puts a wide space under each wide character
   * (Chinese in a comment or string), so the caret stays under its column in a monospace
   * font, where such a character takes two cells.
   */
  excerpt(position: SourcePosition): string {
    const text = (this.lines[position.line - 1] ?? '').replace(/\r$/, '').replace(/\t/g, ' ')
    const gutter = `${position.line} | `
    const from = position.column - 1
    const to = Math.max(position.endColumn ?? position.column + 1, position.column + 1) - 1
    let caret = ' '.repeat(gutter.length)
    for (const ch of text.slice(0, from)) caret += isWide(ch) ? '\u3000' : ' '
    for (let i = from; i < to;) {
      const ch = String.fromCodePoint(text.codePointAt(i) ?? 32)
      const mark = i === from ? '^' : '~'
      caret += isWide(ch) ? String.fromCharCode(mark.charCodeAt(0) + 0xfee0) : mark
      i += ch.length
    }
    return `${gutter}${text}\n${caret}`
  }
}

/**
 * East Asian wide and fullwidth characters (CJK ideographs, kana, hangul, fullwidth forms,
 * most emoji): two cells in a monospace font.
 */
function isWide(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
}

/** `file:line:col: error: message` followed by the excerpt, as gcc prints it. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}\n${d.excerpt}`
}
