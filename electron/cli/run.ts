/**
 * `memory-lane run FILE.c`: compile a C program and run it on the simulated machine.
 *
 * The program's standard output goes to stdout; diagnostics, the program's standard error,
 * misuse reports and the reason for a fatal signal go to stderr. The exit status is the
 * program's, or 128 + signal number when a signal killed it, as a shell reports it.
 */
import { readFileSync } from 'node:fs'
import {
  defaultAllocator,
  formatDiagnostic,
  runC,
  type Diagnostic,
  type RunOptions,
  type RunResult,
  type StdoutDevice
} from '../../shared/lang/index'
import { readTunables } from '../../shared/sim/allocators/glibc/index'
import { packReason, type PackMessageKey, type PackReason } from '../../shared/lessons/messages'
import { packLanguage, sayIn, sentenceIn, type PackLanguage } from './pack-language'
import { unknownSimulatorName } from './simulator-names'
import { optionsProblem, readAllocatorOptions } from './allocator-options'

/** The refusals of --allocator-options show this, in JSON: written here, not in a message. */
const OPTIONS_EXAMPLE = '{"headerSize": 4, "alignment": 8}'

/** --stdout's words: what the program's stdout is, as glibc sees it. */
const STDOUT_DEVICES: Record<string, StdoutDevice> = {
  tty: 'terminal',
  pipe: 'pipe',
  line: 'line-buffered-pipe',
  unbuffered: 'unbuffered'
}

/**
 * `memory-lane run --help` in the shell's language (as `memory-lane --help`): the flags as typed,
 * what each does from the cli.run* sentences; a sentence's line breaks continue under it.
 */
const RUN_FLAGS: Array<[string, PackMessageKey]> = [
  ['-- ARG...', 'cli.runArgs'],
  ['--layout linux-x86_64|classroom', 'cli.runLayout'],
  ['--allocator NAME', 'cli.runAllocator'],
  ['--allocator-options JSON', 'cli.runAllocatorOptions'],
  ['--tunables STRING', 'cli.runTunables'],
  ['--stack-limit BYTES', 'cli.runStackLimit'],
  ['--steps N', 'cli.runSteps'],
  ['--memory-limit SIZE', 'cli.runMemoryLimit'],
  ['--uninitialized', 'cli.runUninitialized'],
  ['--stdin TEXT', 'cli.runStdin'],
  ['--stdout tty|pipe|line|unbuffered', 'cli.runStdout'],
  ['--json', 'cli.runJson']
]

export function runUsage(language: PackLanguage = packLanguage(undefined)): string {
  const column = 36
  const lines = RUN_FLAGS.map(
    ([flag, key]) =>
      `  ${flag.padEnd(column - 3)} ${sayIn(language, key).replace(/\n/g, `\n${' '.repeat(column)}`)}`
  )
  // 'Usage:' is followed by a space in English; Chinese's full-width '：' needs none.
  const heading = sayIn(language, 'cli.usage')
  const gap = heading.endsWith('：') ? '' : ' '
  return [`${heading}${gap}memory-lane run FILE.c [options] [-- ARG...]`, ...lines].join('\n')
}

/** Parses `8M`, `64K`, `4096` into bytes; null when malformed. */
export function parseBytes(text: string): number | null {
  const m = /^(\d+)([KMG]i?B?)?$/i.exec(text.trim())
  if (!m) return null
  const unit = (m[2] ?? '').toUpperCase()[0]
  const scale =
    unit === 'K' ? 1024 : unit === 'M' ? 1024 * 1024 : unit === 'G' ? 1024 * 1024 * 1024 : 1
  return Number(m[1]) * scale
}

interface ParsedArgs {
  file: string
  options: RunOptions
  json: boolean
}

/**
 * The parsed command line; 'help' for --help; else why it is refused, said in the shell's
 * language (cli.run*).
 */
function parseArgs(args: string[]): ParsedArgs | PackReason | 'help' {
  let file: string | undefined
  const options: RunOptions = {}
  let json = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--') {
      // Everything after `--` goes to the program, as a shell passes words to argv.
      options.args = args.slice(i + 1)
      break
    }
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined]
    const value = (): string | null => {
      if (inline !== undefined) return inline
      const next = args[i + 1]
      if (next === undefined) return null
      i++
      return next
    }
    switch (flag) {
      case '--json':
        json = true
        break
      case '--uninitialized':
        // The checked mode: each read of a never-written byte is a misuse report.
        options.reportUninitializedReads = true
        break
      case '--layout': {
        const v = value()
        if (v === null) return packReason('cli.runNeedsLayout')
        options.layout = v
        break
      }
      case '--allocator': {
        const v = value()
        if (v === null) return packReason('cli.runNeedsAllocator')
        options.allocator = v
        break
      }
      case '--allocator-options': {
        // Header, footer, alignment, minimum block, policy…: what a lesson step's
        // allocator-options sets, so a textbook's allocator can be set up from the shell too.
        const v = value()
        if (v === null)
          return packReason('cli.runNeedsAllocatorOptions', { example: OPTIONS_EXAMPLE })
        const read = readAllocatorOptions(v, OPTIONS_EXAMPLE)
        if ('refusal' in read) return packReason(read.refusal, read.params)
        options.allocatorOptions = read.options as RunOptions['allocatorOptions']
        break
      }
      case '--tunables': {
        const v = value()
        if (v === null) return packReason('cli.runNeedsTunables')
        options.tunables = v
        break
      }
      case '--stack-limit': {
        const v = value()
        const bytes = v === null ? null : parseBytes(v)
        if (bytes === null || bytes <= 0)
          return packReason('cli.runBadStackLimit', { value: v ?? '' })
        options.stackLimit = bytes
        break
      }
      case '--memory-limit': {
        const v = value()
        const bytes = v === null ? null : parseBytes(v)
        if (bytes === null || bytes <= 0)
          return packReason('cli.runBadMemoryLimit', { value: v ?? '' })
        options.memoryLimit = bytes
        break
      }
      case '--steps': {
        const v = value()
        const n = v === null ? NaN : Number(v)
        if (!Number.isInteger(n) || n <= 0) return packReason('cli.runBadSteps', { value: v ?? '' })
        options.stepBudget = n
        break
      }
      case '--stdin': {
        const v = value()
        if (v === null) return packReason('cli.runNeedsStdin')
        // getchar reads bytes: the text's UTF-8 encoding, one character per byte.
        options.stdin = Buffer.from(v, 'utf8').toString('latin1')
        break
      }
      case '--stdout': {
        const v = value()
        const device = v === null ? undefined : STDOUT_DEVICES[v]
        if (device === undefined) return packReason('cli.runBadStdout', { value: v ?? '' })
        options.stdout = device
        break
      }
      case '--help':
      case '-h':
        return 'help'
      default:
        if (arg.startsWith('-')) return packReason('cli.runUnknownOption', { option: arg })
        if (file !== undefined) return packReason('cli.runOneFile', { first: file, second: arg })
        file = arg
    }
  }
  if (file === undefined) return packReason('cli.runWhichProgram')
  return { file, options, json }
}

/** Why --allocator or --layout names nothing the simulator has, if it does not. */
function unknownName(options: RunOptions): PackReason | undefined {
  const allocator = unknownSimulatorName('allocator', options.allocator)
  if (allocator) return packReason('cli.runUnknownAllocator', allocator)
  const layout = unknownSimulatorName('layout', options.layout)
  if (layout) return packReason('cli.runUnknownLayout', layout)
  if (options.allocatorOptions !== undefined) {
    // As a lesson pack's check says it: an unknown option with its nearest name, a bad value.
    const allocator = options.allocator ?? defaultAllocator(options.layout ?? 'linux-x86_64')
    const refused = optionsProblem(allocator, options.allocatorOptions)
    if (refused) return packReason('cli.heapOptions', { detail: refused })
  }
  return undefined
}

/** The `--json` summary. */
export function summary(result: RunResult): Record<string, unknown> {
  const exit = result.exit
  return {
    layout: result.layout ?? null,
    allocator: result.allocator ?? null,
    status: result.status,
    exit: exit.signal
      ? {
          signal: exit.signal,
          code: exit.code ?? null,
          explanation: exit.explanation ?? null,
          line: exit.line ?? null
        }
      : { status: exit.status ?? null, line: exit.line ?? null },
    stdout: result.stdout,
    stderr: result.stderr,
    steps: result.steps,
    maxDepth: result.maxDepth,
    peakStackBytes: result.peakStackBytes,
    peakHeapBytes: result.peakHeapBytes,
    leaks: {
      bytes: result.leakSummary.bytes,
      definitelyLostBytes: result.leakSummary.definitelyLostBytes,
      definitelyLostBlocks: result.leakSummary.definitelyLostBlocks,
      indirectlyLostBytes: result.leakSummary.indirectlyLostBytes,
      indirectlyLostBlocks: result.leakSummary.indirectlyLostBlocks,
      reachableBytes: result.leakSummary.reachableBytes
    },
    events: result.events,
    segments: Object.fromEntries(
      result.segments.map((s) => [
        s.name,
        { start: s.start, end: s.end, size: s.end - s.start, permissions: s.permissions }
      ])
    ),
    diagnostics: result.diagnostics
  }
}

export async function run(args: string[]): Promise<number> {
  const language = packLanguage(undefined)
  const parsed = parseArgs(args)
  if (parsed === 'help') {
    console.log(runUsage(language))
    return 0
  }
  if (!('file' in parsed)) {
    console.error(sayIn(language, 'cli.runRefused', { detail: parsed }))
    console.error(runUsage(language))
    return 2
  }
  // Names the simulator would refuse, said here in the shell's language (its own are English).
  const unknown = unknownName(parsed.options)
  if (unknown !== undefined) {
    console.error(sayIn(language, 'cli.runRefused', { detail: unknown }))
    return 2
  }
  let source: string
  try {
    source = readFileSync(parsed.file, 'utf8')
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException
    const file = parsed.file
    const why =
      code === 'ENOENT'
        ? packReason('cli.runNoSuchFile', { file })
        : code === 'EISDIR'
          ? packReason('cli.runIsDirectory', { file })
          : packReason('cli.runCannotRead', { file, detail: code ?? message })
    console.error(sayIn(language, 'cli.runRefused', { detail: why }))
    return 2
  }
  if (parsed.options.stdin === undefined) {
    const input = await pipedInput(source)
    if (input !== null) parsed.options.stdin = input
  }
  // glibc buffers stdout by what file descriptor 1 is: the program's stdout is this command's.
  if (
    parsed.options.stdout === undefined &&
    (parsed.options.layout ?? 'linux-x86_64') === 'linux-x86_64'
  )
    parsed.options.stdout = process.stdout.isTTY ? 'terminal' : 'pipe'
  // Likewise stdin's buffer, which the first getchar() mallocs: 1 KiB for a terminal, 4 KiB
  // for a pipe or file (`memory-lane run prog.c < input.txt` on a terminal is a file).
  if (
    parsed.options.stdinDevice === undefined &&
    (parsed.options.layout ?? 'linux-x86_64') === 'linux-x86_64'
  )
    parsed.options.stdinDevice = process.stdin.isTTY ? 'terminal' : 'pipe'
  // glibc drops a tunable it cannot take without a word; the learner should know the run went on
  // without it. (A string it refuses outright is reported by runC below.)
  if (parsed.options.tunables !== undefined) {
    try {
      for (const { entry, why } of readTunables(parsed.options.tunables).ignored) {
        const detail = packReason(`tunable.${why.key}`, why.params)
        process.stderr.write(`${sayIn(language, 'cli.runTunableIgnored', { entry, detail })}\n`)
      }
    } catch {
      // runC says what is wrong with it.
    }
  }
  let result: RunResult
  try {
    result = runC(source, {
      memoryLimit: DEFAULT_MEMORY_LIMIT,
      ...parsed.options,
      file: parsed.file
    })
  } catch (error) {
    // Bad settings (an unknown allocator or layout) are the user's to fix: one sentence.
    console.error(`memory-lane run: ${error instanceof Error ? error.message : String(error)}`)
    return 2
  }
  if (result.setupError !== undefined) {
    console.error(`memory-lane run: ${result.setupError}`)
    return 2
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error')
  if (parsed.json) {
    if (
      !(await writeAll(
        process.stdout,
        Buffer.from(JSON.stringify(summary(result), null, 2) + '\n')
      ))
    )
      return KILLED_BY_SIGPIPE
    return errors.length ? 1 : result.status
  }
  for (const d of result.diagnostics) process.stderr.write(diagnosticIn(language, d) + '\n')
  // The command's own sentences in the shell's language, as are the compiler's above.
  if (errors.length) {
    const count = errors.length
    process.stderr.write(
      `${sayIn(language, count === 1 ? 'cli.runNotRunOne' : 'cli.runNotRunMany', { count })}\n`
    )
    return 1
  }
  // The program's bytes as it wrote them (a cut UTF-8 sequence or a Latin-1 byte stays one byte).
  // A reader that stops early (`| head -1`) kills a real program with SIGPIPE at its next write:
  // it ends at once, quietly (a shell says nothing for SIGPIPE), with status 128 + 13.
  // stdout and stderr in the order the bytes reached them: stderr is unbuffered, so its text
  // can come before stdout's buffered lines, as on a terminal (`2>&1` keeps that order).
  const runs = result.terminal ?? [
    { stream: 'stdout', text: result.stdoutBytes },
    { stream: 'stderr', text: result.stderr }
  ]
  for (const run of runs) {
    const bytes = Buffer.from(run.text, 'latin1')
    if (run.stream === 'stderr') process.stderr.write(bytes)
    else if (!(await writeAll(process.stdout, bytes))) return KILLED_BY_SIGPIPE
  }
  // The simulator's sentences as the app says them in the shell's language (English is theirs).
  const said =
    language === 'en'
      ? undefined
      : (await import('./simulator-language')).simulatorSentences(language)
  // Where the program did it as a compiler says where: FILE:LINE (a leak, found at exit, has none).
  for (const e of result.events) {
    const where = e.line === undefined ? '' : `${parsed.file}:${e.line}: `
    process.stderr.write(`==memory-lane== ${where}${e.kind}: ${said?.misuse(e) ?? e.message}\n`)
  }
  const exit = result.exit
  if (exit.signal) {
    const signal = `${exit.signal}${exit.code ? ` (${exit.code})` : ''}`
    const killed =
      exit.line !== undefined
        ? sayIn(language, 'cli.runKilledAtLine', { signal, line: exit.line })
        : sayIn(language, 'cli.runKilled', { signal })
    process.stderr.write(`${killed}\n${said?.exit(exit) ?? exit.explanation ?? ''}\n`)
    if (exit.reason?.key === 'exit.stepBudget') {
      const budget = parsed.options.stepBudget ?? DEFAULT_STEP_BUDGET
      const steps = (budget * 10).toString()
      process.stderr.write(`${sayIn(language, 'cli.runMoreSteps', { steps })}\n`)
    }
    if (exit.reason?.key === 'exit.memoryLimit') {
      const limit = parsed.options.memoryLimit ?? DEFAULT_MEMORY_LIMIT
      const more = `${Math.ceil((limit * 4) / 1024 / 1024).toString()}M`
      process.stderr.write(`${sayIn(language, 'cli.runMoreMemory', { limit: more })}\n`)
    }
  }
  return result.status
}

/**
 * A compiler message as gcc places it (FILE:LINE:COLUMN: error: ...), its sentence in the shell's
 * language: the C front end's reason said from the app's catalogue (zh-CN/diagnostics.json), as
 * the app's code pane says it. English is formatDiagnostic's, word for word.
 */
function diagnosticIn(language: PackLanguage, d: Diagnostic): string {
  if (language === 'en' || d.reason === undefined) return formatDiagnostic(d)
  const message = sentenceIn(language, d.reason, true)
  const severity = d.severity === 'error' ? 'cli.runDiagnosticError' : 'cli.runDiagnosticWarning'
  return `${d.file}:${d.line}:${d.column}: ${sayIn(language, severity, { message })}\n${d.excerpt}`
}

/**
 * Simulated memory a program may write when --memory-limit is not given: the app's default
 * (SimulatorHostOptions.simulatedMemoryMb), about 580 MB of this command's own memory.
 */
const DEFAULT_MEMORY_LIMIT = 128 * 1024 * 1024

/** The interpreter's step budget when --steps is not given (RunOptions.stepBudget's default). */
const DEFAULT_STEP_BUDGET = 10_000_000

/** The library functions that read stdin (sscanf reads a string, so it is not one). */
const READS_STDIN = /\b(getchar|fgets|f?getc|f?scanf|getline|getdelim)\b/

/**
 * What the program's getchar() reads when --stdin is not given: this command's standard input
 * as bytes (one character per byte), like `./a.out < input.txt` or `printf 'ab' | ./a.out`.
 * A terminal is left alone (getchar() sees end of file at once, so the run never waits for
 * typing), and so is the input of a program that never reads stdin (READS_STDIN), which a real process
 * would not read either: a caller that leaves a pipe open does not make the run wait.
 */
async function pipedInput(source: string): Promise<string | null> {
  if (process.stdin.isTTY || !READS_STDIN.test(source)) return null
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('latin1')
}

/** The exit status of a process killed by SIGPIPE (signal 13), as a shell reports it. */
const KILLED_BY_SIGPIPE = 128 + 13

/** Reports nothing: a failed write is reported to its callback, so the stream's 'error' event need not throw too. */
function ignoreStreamError(): void {}

/**
 * Writes `bytes` and waits until the stream has taken them (stdout may be a slow pipe). False
 * when the reader has closed the pipe (EPIPE): what a real process would be killed for.
 */
function writeAll(stream: NodeJS.WriteStream, bytes: Buffer): Promise<boolean> {
  return new Promise((resolve, reject) => {
    if (bytes.length === 0) return resolve(true)
    if (!stream.listeners('error').includes(ignoreStreamError))
      stream.on('error', ignoreStreamError)
    stream.write(bytes, (error) => {
      if (!error) resolve(true)
      else if ((error as NodeJS.ErrnoException).code === 'EPIPE') resolve(false)
      else reject(error)
    })
  })
}
