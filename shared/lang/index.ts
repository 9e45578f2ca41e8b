/**
 * The C subset: compile a program, run it on the simulated machine.
 *
 *   const result = runC(source, { layout: 'linux-x86_64', allocator: 'glibc' })
 *
 * `compile` reports every diagnostic it can find at once; `runC` compiles and runs to the end.
 * For stepping and time travel use `RunSession` (session.ts).
 */
import { interleaveOutput, type OutputRun } from './stdio'
import type { BlockOrigin, MisuseEvent, Segment } from '../sim'
import type { ExitInfo } from '../state'
import { check } from './checker'
import { generate, type CompiledProgram } from './codegen'
import { DiagnosticSink, reason, type Diagnostic } from './diagnostics'
import { tokenize } from './lexer'
import { Parser } from './parser'
import { Process, shellStatus, type RunOptions } from './vm'

export type { Diagnostic } from './diagnostics'
export { formatDiagnostic } from './diagnostics'
export type { RunOptions } from './vm'
export { defaultAllocator, defaultStdout, shellStatus, type StdoutDevice } from './vm'

/** A compiled program, ready to run any number of times. */
export interface Program {
  file: string
  compiled: CompiledProgram
  /** Warnings found while compiling (errors prevent a Program). */
  warnings: Diagnostic[]
}

export type CompileResult =
  { ok: true; program: Program } | { ok: false; diagnostics: Diagnostic[] }

/** Parses and checks `source`; on success the program can be run. */
export function compile(source: string, options: { file?: string } = {}): CompileResult {
  const file = options.file ?? 'program.c'
  const sink = new DiagnosticSink(file, source)
  try {
    return compileInto(sink, file, source)
  } catch (error) {
    // The parser limits nesting and long operator chains are walked in loops, so this is a last
    // resort: a construct deep enough to exhaust JavaScript's stack is reported, never thrown.
    if (!(error instanceof RangeError)) throw error
    sink.error(reason('parser.programTooDeep'), { line: 1, column: 1, endColumn: 1 })
    return { ok: false, diagnostics: sortDiagnostics(sink.diagnostics) }
  }
}

function compileInto(sink: DiagnosticSink, file: string, source: string): CompileResult {
  const included = new Map<string, number>()
  const tokens = tokenize(source, sink, included)
  const unit = new Parser(tokens, sink).parseTranslationUnit()
  const checked =
    sink.errorCount === 0
      ? check(unit, sink, source, included)
      : (check(unit, sink, source, included), null)
  if (!checked || sink.errorCount > 0) {
    return { ok: false, diagnostics: sortDiagnostics(sink.diagnostics) }
  }
  const compiled = generate(checked, file)
  return { ok: true, program: { file, compiled, warnings: sortDiagnostics(sink.diagnostics) } }
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.line - b.line || a.column - b.column)
}

/** Blocks still allocated at exit, classified as a leak checker does. */
export interface LeakSummary {
  definitelyLostBytes: number
  definitelyLostBlocks: number
  indirectlyLostBytes: number
  indirectlyLostBlocks: number
  /**
   * Reached only through a pointer into the middle of a block (memcheck's "possibly lost": it
   * cannot tell whether such a value really points to the block). Not counted in `bytes`.
   */
  possiblyLostBytes: number
  possiblyLostBlocks: number
  /** Still pointed to from globals at exit ("still reachable"). */
  reachableBytes: number
  reachableBlocks: number
  /** Total bytes leaked (definitely + indirectly lost). */
  bytes: number
  blocks: Array<{
    address: number
    bytes: number
    kind: 'definite' | 'indirect' | 'possible' | 'reachable'
    line?: number
    step?: number
  }>
}

/** The outcome of running a program to its end. */
export interface RunResult {
  /** Compile diagnostics (errors mean the program did not run). */
  diagnostics: Diagnostic[]
  /** What the program wrote to standard output, decoded as UTF-8 for the learner to read. */
  stdout: string
  /**
   * The same output as the bytes the program wrote, one character (code 0–255) per byte: what
   * a byte-exact consumer such as `memory-lane run` writes (a cut UTF-8 sequence stays as is).
   */
  stdoutBytes: string
  /** What the program wrote to standard error (assert and C library messages). */
  stderr: string
  /**
   * stdout and stderr as the bytes reached a terminal, in order (stdio.ts `interleaveOutput`);
   * one character per byte, like `stdoutBytes`.
   */
  terminal?: OutputRun[]
  exit: ExitInfo
  /** The exit status a shell reports (128 + signal number for a fatal signal). */
  status: number
  steps: number
  /** Deepest call depth reached (main = 1). */
  maxDepth: number
  peakStackBytes: number
  peakHeapBytes: number
  /** Blocks lost at exit, one leak event each (kind `leak`, `leak: 'definite' | 'indirect'`, `bytes`). */
  leaks: MisuseEvent[]
  /** Totals of lost and still-reachable blocks at exit. */
  leakSummary: LeakSummary
  /** Misuse reports of the run (leaks included). */
  events: MisuseEvent[]
  segments: Segment[]
  /** The layout profile and the allocator the run used (the layout's default when none was named). */
  layout?: string
  allocator?: string
  /** Set when the run could not start: unknown allocator or layout, or a program too big for the layout. */
  setupError?: string
}

const decoder = new TextDecoder('utf-8')

/** Program output is bytes; the learner reads them as UTF-8 text. */
export function decodeBytes(byteString: string): string {
  const bytes = new Uint8Array(byteString.length)
  for (let i = 0; i < byteString.length; i++) bytes[i] = byteString.charCodeAt(i)
  return decoder.decode(bytes)
}

const encoder = new TextEncoder()

/** Text a learner typed, as the UTF-8 bytes a program reads from stdin (one char per byte). */
export function encodeBytes(text: string): string {
  let byteString = ''
  for (const byte of encoder.encode(text)) byteString += String.fromCharCode(byte)
  return byteString
}

/**
 * Leak summary of a finished (or paused) process, classified as valgrind's memcheck does
 * (shared/sim/leaks.ts). At exit main's frame is gone, as for valgrind.
 */
export function leakSummary(process: Process): LeakSummary {
  const exited = process.exit !== null && process.exit.signal === undefined
  const report = process.leakReport(!exited)
  type Kind = LeakSummary['blocks'][number]['kind']
  const list: LeakSummary['blocks'] = []
  const add = (address: number, bytes: number, kind: Kind, origin?: BlockOrigin): void => {
    const entry: LeakSummary['blocks'][number] = { address, bytes, kind }
    if (origin?.line !== undefined) entry.line = origin.line
    if (origin) entry.step = origin.step
    list.push(entry)
  }
  // Blocks from GC_malloc belong to the collector: unreachable ones are garbage, not leaks.
  const collected = new Set(process.gcBlocks)
  const lost = new Set<number>()
  for (const b of [...report.definite, ...report.indirect, ...report.possible]) {
    lost.add(b.payload)
    if (!collected.has(b.payload)) add(b.payload, b.requested, b.leak, b.allocated)
  }
  // stdout's and stdin's buffers are the C library's, freed for valgrind by __libc_freeres:
  // not listed.
  const stdioBuffer = process.stdioBuffer()?.payload
  const stdinBuffer = process.stdinBufferBlock()?.payload
  for (const b of process.machine.liveBlocks())
    if (!lost.has(b.payload) && b.payload !== stdioBuffer && b.payload !== stdinBuffer)
      add(b.payload, b.requested, 'reachable', b.allocated)
  list.sort((x, y) => x.address - y.address)
  const sum = (kind: Kind): number => list.reduce((n, b) => (b.kind === kind ? n + b.bytes : n), 0)
  const count = (kind: Kind): number => list.reduce((n, b) => (b.kind === kind ? n + 1 : n), 0)
  return {
    definitelyLostBytes: sum('definite'),
    definitelyLostBlocks: count('definite'),
    indirectlyLostBytes: sum('indirect'),
    indirectlyLostBlocks: count('indirect'),
    possiblyLostBytes: sum('possible'),
    possiblyLostBlocks: count('possible'),
    reachableBytes: sum('reachable'),
    reachableBlocks: count('reachable'),
    bytes: sum('definite') + sum('indirect'),
    blocks: list
  }
}

/** What each class of lost block is, in the report's sentence and its translation key. */
const LEAK_WORDS = {
  definite: {
    key: 'misuse.leakDefinite',
    says: 'definitely lost: no pointer to them is left anywhere'
  },
  indirect: { key: 'misuse.leakIndirect', says: 'indirectly lost: only lost blocks point to them' },
  possible: {
    key: 'misuse.leakPossible',
    says: 'possibly lost: the only pointers that lead to them point into the middle of a block, not at its start'
  }
} as const

/** Leak events as a leak checker reports them at exit (definitely, indirectly, possibly lost). */
export function leakEvents(leaks: LeakSummary, step: number): MisuseEvent[] {
  const events: MisuseEvent[] = []
  for (const b of leaks.blocks) {
    if (b.kind === 'reachable') continue
    const words = LEAK_WORDS[b.kind]
    events.push({
      kind: 'leak',
      step,
      address: b.address,
      leak: b.kind,
      bytes: b.bytes,
      reason: {
        key: words.key,
        params: { bytes: b.bytes, address: '0x' + b.address.toString(16) }
      },
      message: `${b.bytes} bytes in the block at 0x${b.address.toString(16)}${b.line !== undefined ? ` (allocated at line ${b.line})` : ''} are ${words.says}.`,
      ...(b.step !== undefined
        ? { allocated: b.line !== undefined ? { step: b.step, line: b.line } : { step: b.step } }
        : {})
    })
  }
  return events
}

function emptyLeaks(): LeakSummary {
  return {
    definitelyLostBytes: 0,
    definitelyLostBlocks: 0,
    indirectlyLostBytes: 0,
    indirectlyLostBlocks: 0,
    possiblyLostBytes: 0,
    possiblyLostBlocks: 0,
    reachableBytes: 0,
    reachableBlocks: 0,
    bytes: 0,
    blocks: []
  }
}

function notRun(diagnostics: Diagnostic[], explanation: string): RunResult {
  return {
    diagnostics,
    stdout: '',
    stdoutBytes: '',
    stderr: '',
    exit: { explanation },
    status: 1,
    steps: 0,
    maxDepth: 0,
    peakStackBytes: 0,
    peakHeapBytes: 0,
    leaks: [],
    leakSummary: emptyLeaks(),
    events: [],
    segments: []
  }
}

/** Compiles and runs `source` to its end (or to the step budget). */
export function runC(source: string, options: RunOptions = {}): RunResult {
  const compiled = compile(source, { file: options.file })
  if (!compiled.ok) return notRun(compiled.diagnostics, 'The program did not compile.')
  let process: Process
  try {
    process = new Process(compiled.program.compiled, { ...options, file: compiled.program.file })
  } catch (error) {
    // An unknown allocator or layout, or a program too big for the layout: one sentence, no run.
    const message = error instanceof Error ? error.message : String(error)
    return {
      ...notRun(compiled.program.warnings, message),
      diagnostics: [
        ...compiled.program.warnings,
        { file: compiled.program.file, line: 1, column: 1, severity: 'error', message, excerpt: '' }
      ],
      setupError: message
    }
  }
  process.run()
  return resultOf(process, compiled.program.warnings)
}

/** The RunResult of a process that has run to its end. */
export function resultOf(process: Process, diagnostics: Diagnostic[]): RunResult {
  const exit = process.exit ?? { explanation: 'The program has not finished.' }
  const summary = leakSummary(process)
  const leaks = process.exit?.signal ? [] : leakEvents(summary, process.steps)
  const events = [...process.machine.events, ...leaks]
  const metricsPeak = peakHeap(process)
  return {
    diagnostics,
    stdout: decodeBytes(process.output),
    stdoutBytes: process.output,
    stderr: process.stderr,
    terminal: interleaveOutput(process.output, process.stderr, process.stderrMarks),
    exit,
    status: shellStatus(exit),
    steps: process.steps,
    maxDepth: process.maxDepth + 1,
    peakStackBytes: process.stackTop - process.minRsp,
    peakHeapBytes: metricsPeak,
    leaks,
    leakSummary: summary,
    events,
    segments: process.machine.segments(),
    layout: process.machine.layout.profile.name,
    allocator: process.machine.allocator.name
  }
}

function peakHeap(process: Process): number {
  const m = process.machine
  return Math.max(process.peakHeapBytes, m.programBreak() - m.heapStart + m.mmapBytes())
}

export { Process }
