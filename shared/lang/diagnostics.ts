/**
 * Diagnostics: what the front end says about a program it cannot run. Each carries the place
 * (file, line, column), a caret excerpt of the offending line and a plain explanation.
 */

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
  message: string
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
    message: string,
    readonly position: SourcePosition
  ) {
    super(message)
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

  error(message: string, position: SourcePosition): void {
    this.add('error', message, position)
  }

  warning(message: string, position: SourcePosition): void {
    this.add('warning', message, position)
  }

  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length
  }

  private add(severity: 'error' | 'warning', message: string, position: SourcePosition): void {
    const { line, column } = position
    // Two diagnostics at the same place say the same thing twice after error recovery.
    if (this.diagnostics.some((d) => d.line === line && d.column === column)) return
    const diagnostic: Diagnostic = {
      file: this.file,
      line,
      column,
      severity,
      message,
      excerpt: this.excerpt(position)
    }
    if (position.endColumn !== undefined) diagnostic.endColumn = position.endColumn
    this.diagnostics.push(diagnostic)
  }

  /** `  12 | p->next = q;` followed by a caret line under the columns. */
  excerpt(position: SourcePosition): string {
    const text = (this.lines[position.line - 1] ?? '').replace(/\r$/, '').replace(/\t/g, ' ')
    const gutter = `${position.line} | `
    const width = Math.max(1, (position.endColumn ?? position.column + 1) - position.column)
    const caret = ' '.repeat(gutter.length + position.column - 1) + '^' + '~'.repeat(width - 1)
    return `${gutter}${text}\n${caret}`
  }
}

/** `file:line:col: error: message` followed by the excerpt, as gcc prints it. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}\n${d.excerpt}`
}
