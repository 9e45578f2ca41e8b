/**
 * `memory-lane heap replay` — replays allocations outside a C program:
 *
 *   memory-lane heap replay [OSTEP flags] [--json]     OSTEP's malloc.py, same flags, same output
 *   memory-lane heap replay --ops-json FILE [--json]   the same parameters as a JSON document
 *   memory-lane heap replay TRACE.rep --allocator NAME [--json]   a CS:APP malloc-lab trace
 *
 * Flags are read as malloc.py's optparse reads them: an option that takes a value takes the next
 * argument whatever it looks like (`-a -1`, `-A -0,+5`), numbers may be written 0x.., 0b.. or
 * with a leading 0 for octal, and the long names are malloc.py's own (`--headerSize`).
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { allocatorNames, type AllocatorOptions } from '../../shared/sim/allocators/index'
import { Machine } from '../../shared/sim/machine'
import {
  packReason,
  type PackMessageKey,
  type PackParam,
  type PackReason
} from '../../shared/lessons/messages'
import { packLanguage, sayIn, type PackLanguage } from './pack-language'
import { TraceError, replayTrace, type ReplayResult } from '../../shared/sim/trace'
import { unknownSimulatorName } from './simulator-names'
import { optionsProblem, readAllocatorOptions } from './allocator-options'
import {
  OSTEP_DEFAULTS,
  OstepInputError,
  formatOpList,
  opsForJson,
  runOstep,
  type OstepListOrder,
  type OstepOp,
  type OstepParams,
  type OstepPolicy
} from '../../shared/sim/ostep/index'

/**
 * A message for the user, printed as one line in the shell's language (cli.heap* in
 * shared/lessons/messages.ts, zh-CN in packProblems.json), with exit status 2.
 */
class UsageError extends Error {
  readonly reason: PackReason
  constructor(key: PackMessageKey, params: Record<string, PackParam> = {}) {
    super(sayIn('en', key, params))
    this.reason = packReason(key, params)
  }
}

/** Examples the refusals show, in JSON: written here, not in a message template. */
const PARAMETERS_EXAMPLE = '{"policy": "BEST", "ops": ["+10", "-0"]}'
const OPS_EXAMPLE = '["+10", "-0"]'
const OPTIONS_EXAMPLE = '{"classes": [32, 64, 128]}'

type NumericParam =
  'seed' | 'size' | 'baseAddr' | 'headerSize' | 'alignment' | 'numOps' | 'range' | 'percentAlloc'

interface FlagSpec {
  short?: string
  /** malloc.py's parameter this flag sets, if it is one of malloc.py's. */
  param?: keyof OstepParams
  takesValue: boolean
  /** What it does, said in the shell's language (cli.heap*). */
  help: PackMessageKey
}

/** malloc.py's flags (with their long names) and this command's own. */
const FLAGS: Record<string, FlagSpec> = {
  seed: { short: 's', param: 'seed', takesValue: true, help: 'cli.heapSeed' },
  size: { short: 'S', param: 'size', takesValue: true, help: 'cli.heapSize' },
  baseAddr: { short: 'b', param: 'baseAddr', takesValue: true, help: 'cli.heapBaseAddr' },
  headerSize: { short: 'H', param: 'headerSize', takesValue: true, help: 'cli.heapHeaderSize' },
  alignment: {
    short: 'a',
    param: 'alignment',
    takesValue: true,
    help: 'cli.heapAlignment'
  },
  policy: {
    short: 'p',
    param: 'policy',
    takesValue: true,
    help: 'cli.heapPolicy'
  },
  listOrder: {
    short: 'l',
    param: 'listOrder',
    takesValue: true,
    help: 'cli.heapListOrder'
  },
  coalesce: { short: 'C', param: 'coalesce', takesValue: false, help: 'cli.heapCoalesce' },
  numOps: {
    short: 'n',
    param: 'numOps',
    takesValue: true,
    help: 'cli.heapNumOps'
  },
  range: { short: 'r', param: 'range', takesValue: true, help: 'cli.heapRange' },
  percentAlloc: {
    short: 'P',
    param: 'percentAlloc',
    takesValue: true,
    help: 'cli.heapPercentAlloc'
  },
  allocList: {
    short: 'A',
    param: 'allocList',
    takesValue: true,
    help: 'cli.heapAllocList'
  },
  compute: { short: 'c', param: 'compute', takesValue: false, help: 'cli.heapCompute' },
  json: { takesValue: false, help: 'cli.heapJson' },
  'ops-json': { takesValue: true, help: 'cli.heapOpsJson' },
  allocator: {
    takesValue: true,
    help: 'cli.heapAllocator'
  },
  'allocator-options': { takesValue: true, help: 'cli.heapAllocatorOptions' },
  layout: { takesValue: true, help: 'cli.heapLayout' },
  checked: {
    takesValue: false,
    help: 'cli.heapChecked'
  },
  list: { takesValue: false, help: 'cli.heapList' },
  help: { short: 'h', takesValue: false, help: 'cli.heapHelp' }
}

const NUMERIC: readonly NumericParam[] = [
  'seed',
  'size',
  'baseAddr',
  'headerSize',
  'alignment',
  'numOps',
  'range',
  'percentAlloc'
]

/**
 * `memory-lane heap --help` in the shell's language (as `memory-lane --help`): commands and
 * flags as typed, what each flag does from the cli.heap* sentences.
 */
export function heapUsage(language: PackLanguage = packLanguage(undefined)): string {
  const lines = Object.entries(FLAGS).map(([long, spec]) => {
    const names = `${spec.short ? `-${spec.short}, ` : '    '}--${long}${spec.takesValue ? ' VALUE' : ''}`
    // The JSON example holds braces, which the message syntax would read as a parameter.
    return `  ${names.padEnd(28)} ${sayIn(language, spec.help, { example: '{"ops": [...]}' })}`
  })
  return [
    sayIn(language, 'cli.usage'),
    '  memory-lane heap replay [OSTEP malloc.py flags] [--json]',
    '  memory-lane heap replay --ops-json FILE [--json]',
    '  memory-lane heap replay TRACE.rep --allocator NAME [--allocator-options JSON] [--layout NAME] [--checked] [--json]',
    '  memory-lane heap replay --list',
    '',
    ...lines
  ].join('\n')
}

/** The built-in allocators' one-line descriptions as sentences to translate (cli.heapAbout*). */
const ALLOCATOR_ABOUT: Readonly<Record<string, PackMessageKey>> = {
  'first-fit': 'cli.heapAboutFirstFit',
  'next-fit': 'cli.heapAboutNextFit',
  'best-fit': 'cli.heapAboutBestFit',
  'worst-fit': 'cli.heapAboutWorstFit',
  segregated: 'cli.heapAboutSegregated',
  glibc: 'cli.heapAboutGlibc',
  buddy: 'cli.heapAboutBuddy',
  pool: 'cli.heapAboutPool',
  compacting: 'cli.heapAboutCompacting'
}

/**
 * `memory-lane heap replay --list`: every registered allocator, one line each, described in the
 * shell's language. An allocator registered without a translated sentence keeps the registry's
 * own (English) description.
 */
export function allocatorList(language: PackLanguage = packLanguage(undefined)): string {
  return allocatorNames()
    .map(({ name, description }) => {
      const about = Object.hasOwn(ALLOCATOR_ABOUT, name) ? ALLOCATOR_ABOUT[name] : undefined
      return `${name.padEnd(12)} ${about ? sayIn(language, about) : description}`
    })
    .join('\n')
}

/**
 * optparse gives a value-taking option the next argument even when it starts with '-';
 * node's parseArgs does not, so such pairs are joined into `--name=value` first.
 */
function joinOptionValues(args: readonly string[]): string[] {
  const byShort = new Map(
    Object.entries(FLAGS).flatMap(([long, s]) => (s.short ? [[s.short, long] as const] : []))
  )
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    let long: string | undefined
    if (/^--[^=]+$/.test(arg)) long = arg.slice(2)
    else if (/^-[A-Za-z]$/.test(arg)) long = byShort.get(arg[1]!)
    const spec = long === undefined ? undefined : FLAGS[long]
    if (spec?.takesValue) {
      if (i + 1 >= args.length) throw new UsageError('cli.heapNeedsValue', { flag: arg })
      out.push(`--${long}=${args[++i]!}`)
    } else {
      out.push(arg)
    }
  }
  return out
}

/** optparse's integer syntax: 0x.. hex, 0b.. binary, a leading 0 octal, else decimal. */
export function parseOptparseInt(text: string): number | undefined {
  let value: number
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) value = parseInt(text.slice(2), 16)
  else if (/^0[bB][01]*$/.test(text)) value = text.length === 2 ? 0 : parseInt(text.slice(2), 2)
  else if (/^0[0-7]*$/.test(text)) value = parseInt(text, 8)
  else if (/^[+-]?[1-9]\d*$/.test(text) || /^[+-]0+$/.test(text)) value = Number(text)
  else return undefined
  return Number.isSafeInteger(value) ? value : undefined
}

function flagName(param: keyof OstepParams): string {
  const spec = FLAGS[param]!
  return `-${spec.short} (--${param})`
}

/** Parameters from a `--ops-json` document: malloc.py's long names, plus `ops` as a list. */
function paramsFromDocument(document: unknown, file: string): Partial<OstepParams> {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new UsageError('cli.heapJsonNotObject', { file, example: PARAMETERS_EXAMPLE })
  }
  const params: Partial<OstepParams> = {}
  let ops: OstepOp[] | undefined
  for (const [key, value] of Object.entries(document as Record<string, unknown>)) {
    if ((NUMERIC as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new UsageError('cli.heapJsonNotWhole', { file, key, value: JSON.stringify(value) })
      }
      params[key as NumericParam] = value
    } else if (key === 'coalesce' || key === 'compute') {
      if (typeof value !== 'boolean')
        throw new UsageError('cli.heapJsonNotBoolean', { file, key, value: JSON.stringify(value) })
      params[key] = value
    } else if (key === 'policy' || key === 'listOrder' || key === 'allocList') {
      if (typeof value !== 'string')
        throw new UsageError('cli.heapJsonNotString', { file, key, value: JSON.stringify(value) })
      if (key === 'policy') params.policy = value as OstepPolicy
      else if (key === 'listOrder') params.listOrder = value as OstepListOrder
      else params.allocList = value
    } else if (key === 'ops') {
      if (!Array.isArray(value))
        throw new UsageError('cli.heapJsonNotList', { file, key, example: OPS_EXAMPLE })
      ops = value.map((item: unknown, i): OstepOp => {
        if (typeof item === 'string') {
          const alloc = /^\s*\+(\d+)\s*$/.exec(item)
          if (alloc) return { op: 'alloc', size: Number(alloc[1]) }
          const free = /^\s*-(\d+)\s*$/.exec(item)
          if (free) return { op: 'free', index: Number(free[1]) }
        }
        if (typeof item === 'object' && item !== null) {
          const o = item as Record<string, unknown>
          if (
            o.op === 'alloc' &&
            typeof o.size === 'number' &&
            Number.isSafeInteger(o.size) &&
            o.size >= 0
          ) {
            return { op: 'alloc', size: o.size }
          }
          if (
            o.op === 'free' &&
            typeof o.index === 'number' &&
            Number.isSafeInteger(o.index) &&
            o.index >= 0
          ) {
            return { op: 'free', index: o.index }
          }
        }
        throw new UsageError('cli.heapJsonBadOp', {
          file,
          index: i,
          item: JSON.stringify(item),
          forms: '"+SIZE", "-INDEX", {"op": "alloc", "size": N}, {"op": "free", "index": K}'
        })
      })
    } else {
      throw new UsageError('cli.heapJsonUnknownKey', {
        file,
        key,
        known: [...NUMERIC, 'policy', 'listOrder', 'coalesce', 'compute', 'allocList', 'ops'].join(
          ', '
        )
      })
    }
  }
  if (ops !== undefined) {
    if (params.allocList !== undefined) throw new UsageError('cli.heapJsonOpsAndList', { file })
    if (ops.length === 0) throw new UsageError('cli.heapJsonOpsEmpty', { file })
    params.allocList = formatOpList(ops)
  }
  return params
}

/** A file's text, or a refusal naming the file and why it cannot be read. */
async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new UsageError('cli.heapNoSuchFile', { file })
    throw new UsageError('cli.heapCannotRead', { file, code: code ?? (error as Error).message })
  }
}

async function readJsonFile(file: string): Promise<unknown> {
  const text = await readText(file)
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new UsageError('cli.heapNotJson', { file, detail: (error as Error).message })
  }
}

async function replay(args: string[]): Promise<number> {
  // Outside the try below: a flag without its value is already said (cli.heapNeedsValue), and
  // the catch would turn it into parseArgs's English.
  const joined = joinOptionValues(args)
  let parsed
  try {
    parsed = parseArgs({
      args: joined,
      options: Object.fromEntries(
        Object.entries(FLAGS).map(([long, spec]) => [
          long,
          {
            type: spec.takesValue ? ('string' as const) : ('boolean' as const),
            ...(spec.short ? { short: spec.short } : {})
          }
        ])
      ),
      allowPositionals: true,
      strict: true
    })
  } catch (error) {
    // parseArgs's own messages name the option ("Unknown option '-x'. To specify ...").
    const { code, message } = error as NodeJS.ErrnoException
    const option = /'([^']+)'/.exec(message)?.[1]
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined)
      throw new UsageError('cli.heapUnknownOption', { option })
    throw new UsageError('cli.heapArguments', { detail: /^[^.]*\./.exec(message)?.[0] ?? message })
  }
  const values = parsed.values as Record<string, string | boolean | undefined>
  if (values.help) {
    console.log(heapUsage())
    return 0
  }
  if (values.list) {
    console.log(allocatorList())
    return 0
  }
  const json = values.json === true

  const traceFlags = ['allocator', 'allocator-options', 'layout', 'checked']
  if (parsed.positionals.length > 0 || traceFlags.some((f) => values[f] !== undefined)) {
    return replayTraceFile(parsed.positionals, values, json)
  }

  let params: OstepParams = { ...OSTEP_DEFAULTS }
  const opsJson = values['ops-json']
  if (typeof opsJson === 'string') {
    params = { ...params, ...paramsFromDocument(await readJsonFile(opsJson), opsJson) }
  }
  for (const [long, spec] of Object.entries(FLAGS)) {
    const value = values[long]
    if (spec.param === undefined || value === undefined) continue
    if (typeof value === 'boolean') {
      ;(params as unknown as Record<string, unknown>)[spec.param] = value
    } else if ((NUMERIC as readonly string[]).includes(spec.param)) {
      const number = parseOptparseInt(value)
      if (number === undefined)
        throw new UsageError('cli.heapNotWhole', { flag: flagName(spec.param), value })
      params[spec.param as NumericParam] = number
    } else {
      ;(params as unknown as Record<string, unknown>)[spec.param] = value
    }
  }

  const run = runOstep(params)
  if (json) {
    const ops = opsForJson(run.ops)
    process.stdout.write(
      `{"ops":[${ops.length ? '\n' : ''}${ops.map((o) => JSON.stringify(o)).join(',\n')}${ops.length ? '\n' : ''}]}\n`
    )
  } else {
    process.stdout.write(run.text)
  }
  return 0
}

const number = (n: number): string => Math.round(n).toLocaleString('en-US')

/** `text` padded to `columns` terminal columns: a CJK character takes two. */
function padColumns(text: string, columns: number): string {
  const width = [...text].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0)
  return text + ' '.repeat(Math.max(1, columns - width))
}

async function replayTraceFile(
  positionals: readonly string[],
  values: Record<string, string | boolean | undefined>,
  json: boolean
): Promise<number> {
  if (positionals.length !== 1) {
    if (positionals.length === 0) throw new UsageError('cli.heapNeedsTrace')
    throw new UsageError('cli.heapOneTrace', {
      count: positionals.length,
      files: positionals.join(', ')
    })
  }
  const ostepFlags = Object.entries(FLAGS)
    .filter(([long, spec]) => spec.param !== undefined && values[long] !== undefined)
    .map(([long, spec]) => `-${spec.short} (--${long})`)
  if (values['ops-json'] !== undefined) ostepFlags.push('--ops-json')
  if (ostepFlags.length > 0) {
    throw new UsageError(
      ostepFlags.length === 1 ? 'cli.heapOstepOnlyOne' : 'cli.heapOstepOnlyMany',
      {
        flags: ostepFlags.join(', ')
      }
    )
  }
  const file = positionals[0]!
  const allocator = typeof values.allocator === 'string' ? values.allocator : 'first-fit'
  const unknownAllocator = unknownSimulatorName('allocator', allocator)
  if (unknownAllocator) throw new UsageError('cli.heapUnknownAllocator', unknownAllocator)
  let allocatorOptions: AllocatorOptions = {}
  const optionsText = values['allocator-options']
  if (typeof optionsText === 'string') {
    const read = readAllocatorOptions(optionsText, OPTIONS_EXAMPLE)
    if ('refusal' in read) throw new UsageError(read.refusal, read.params)
    allocatorOptions = read.options
  }
  const layout = typeof values.layout === 'string' ? values.layout : 'linux-x86_64'
  const unknownLayout = unknownSimulatorName('layout', layout)
  if (unknownLayout) throw new UsageError('cli.heapUnknownLayout', unknownLayout)
  const refused = optionsProblem(allocator, allocatorOptions)
  if (refused) throw new UsageError('cli.heapOptions', { detail: refused })
  try {
    // Build one machine first so that a bad option or layout is reported as such.
    new Machine({ layout, allocator, allocatorOptions, checked: false })
  } catch (error) {
    // the simulator's own sentence (a bad option or layout), in English
    throw new UsageError('cli.heapArguments', { detail: (error as Error).message })
  }
  const text = await readText(file)
  // A trace that does not parse throws TraceError, said by heap() in the shell's language.
  const result: ReplayResult = replayTrace(text, allocator, {
    name: basename(file),
    layout,
    allocatorOptions,
    checked: values.checked === true
  })
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    return 0
  }
  // The report in the shell's language; names and figures as typed, the misuse reports as the
  // app says them (English is the simulator's own).
  const language = packLanguage(undefined)
  const said =
    language === 'en'
      ? undefined
      : (await import('./simulator-language')).simulatorSentences(language)
  const say = (key: PackMessageKey, params: Record<string, PackParam> = {}): string =>
    sayIn(language, key, params)
  const bytes = (n: number): string => say('cli.heapReportBytes', { n: number(n) })
  const rows: Array<[PackMessageKey, string]> = [
    [
      'cli.heapReportTrace',
      say('cli.heapReportOperations', { trace: result.trace, n: number(result.operations) })
    ],
    ['cli.heapReportAllocator', result.allocator],
    ['cli.heapReportPeakUtilization', `${(result.peakUtilization * 100).toFixed(1)}%`],
    ['cli.heapReportFinalHeap', bytes(result.finalHeapSize)],
    ['cli.heapReportPeakHeap', bytes(result.peakHeapSize)],
    ['cli.heapReportOpsPerSecond', number(result.opsPerSecond)],
    ['cli.heapReportFailed', number(result.failedAllocations)],
    [
      'cli.heapReportMisuse',
      result.events.length === 0 ? say('cli.heapReportNone') : String(result.events.length)
    ]
  ]
  const lines = [
    ...rows.map(([label, value]) => `${padColumns(say(label), 20)}${value}`),
    ...result.events.map(
      (e) =>
        `  ${say('cli.heapReportEvent', { step: e.step, kind: e.kind, message: said?.misuse(e) ?? e.message })}`
    )
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
  return 0
}

/**
 * The simulator's refusal of its input (an OSTEP op list or parameter, a malloc-lab trace that
 * does not parse) in `language`, said from its reason as the app says it; English is the
 * simulator's own sentence. A trace's file and line stay as typed, as a compiler's do.
 */
async function inputErrorIn(
  language: PackLanguage,
  error: OstepInputError | TraceError
): Promise<string> {
  if (language === 'en' || error.reason === undefined) return error.message
  const said = (await import('./simulator-language')).simulatorSentences(language)
  if (error instanceof OstepInputError) return said.reason(error.reason, error.message)
  return `${error.traceName}:${error.line}: ${said.reason(error.reason, error.detail)}`
}

/** `memory-lane heap SUBCOMMAND ...` */
export async function heap(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  try {
    if (sub === 'replay') return await replay(rest)
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      console.log(heapUsage())
      return sub === undefined ? 2 : 0
    }
    throw new UsageError('cli.heapUnknownSubcommand', { name: sub })
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof OstepInputError ||
      error instanceof TraceError
    ) {
      const language = packLanguage(undefined)
      const detail =
        error instanceof UsageError ? error.reason : await inputErrorIn(language, error)
      console.error(sayIn(language, 'cli.heapRefused', { detail }))
      return 2
    }
    throw error
  }
}
