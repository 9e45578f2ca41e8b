/**
 * The one contract between the renderer and the main side. Every request, its parameters, its
 * result and every event is described here once; both transports (Electron IPC and the browser
 * edition's WebSocket) carry exactly these messages.
 *
 * Parameters are described with the small schema builders below, from which both the
 * TypeScript types and the run-time checks are derived. The main side validates every request
 * with `validateRequest` before anything runs: a malformed request is answered with an
 * `ApiError` of code `invalid-request` and is never executed.
 *
 * Pure TypeScript: no Node, DOM or Electron import, no `eval` (the page's CSP forbids it).
 */
import type { MemoryDump, ProcessState, Timeline } from './state'
import type { StepDetail } from './lessons/view'
import { fillTemplate, type DiagnosticReason } from './lang/diagnostics'
import { reservedIds } from './lessons/messages'
import type { Problem } from './lessons/problems'

// ---------------------------------------------------------------------------------------------
// Schema builders: a description of a JSON value that can check an unknown value against itself.
// ---------------------------------------------------------------------------------------------

/**
 * What is wrong with a request, as a sentence the page translates: a key of REQUEST_REFUSALS
 * (under `app.main.request.` in the renderer's message files) and its parameters. Paths and
 * values are said as the request spells them, in every language.
 */
export interface Refusal {
  key: RefusalKey
  params: Record<string, string | number>
}

/**
 * The English sentences of a refused request, said as `Request "{channel}" refused: …`. The
 * renderer's en/app.json repeats them under `main.request` (renderer/src/api/sentences.test.ts
 * holds the two to the same words); zh-CN/app.json translates them.
 */
export const REQUEST_REFUSALS = {
  unknownChannel: 'There is no request named {channel}.',
  notString: 'Request "{channel}" refused: {path} must be a string, not {value}.',
  tooLong:
    'Request "{channel}" refused: {path} is {length} characters long; at most {max} are allowed.',
  tooShort: 'Request "{channel}" refused: {path} must have at least {min} characters.',
  notWhole: 'Request "{channel}" refused: {path} must be a whole number, not {value}.',
  outOfRange: 'Request "{channel}" refused: {path} must be between {min} and {max}, not {value}.',
  notFinite: 'Request "{channel}" refused: {path} must be a finite number, not {value}.',
  notBoolean: 'Request "{channel}" refused: {path} must be true or false, not {value}.',
  notOneOf: 'Request "{channel}" refused: {path} must be one of {values}, not {value}.',
  notArray: 'Request "{channel}" refused: {path} must be an array, not {value}.',
  tooManyItems: 'Request "{channel}" refused: {path} has {count} items; at most {max} are allowed.',
  notObject: 'Request "{channel}" refused: {path} must be an object, not {value}.',
  tooManyFields:
    'Request "{channel}" refused: {path} has {count} fields; at most {max} are allowed.',
  longFieldName:
    'Request "{channel}" refused: {path} has a field name longer than {max} characters.',
  notScalar:
    'Request "{channel}" refused: {path} must be a string of at most {max} characters, a number or a boolean, not {value}.',
  unknownField: 'Request "{channel}" refused: {path} has an unknown field "{field}".',
  missing: 'Request "{channel}" refused: {path} is missing.',
  notId:
    'Request "{channel}" refused: {path} must be an id (letters, digits, ".", "_" and "-", starting with a letter or digit), not {value}.',
  reservedId: 'Request "{channel}" refused: {path} must not be {value}.'
} as const

export type RefusalKey = keyof typeof REQUEST_REFUSALS

function refuse(key: RefusalKey, params: Record<string, string | number>): Refusal {
  return { key, params }
}

/** A refusal's English sentence, for the request `channel`. */
export function refusalSentence(refusal: Refusal, channel: string): string {
  return fillTemplate(REQUEST_REFUSALS[refusal.key], { channel, ...refusal.params })
}

/** A description of a JSON value of type `T`. `check` returns null or what is wrong. */
export interface Schema<T> {
  readonly kind: string
  readonly optional?: boolean
  check(value: unknown, path: string): Refusal | null
  /** Phantom field carrying the described type; never set at run time. */
  readonly __type?: T
}

/** The TypeScript type a schema describes. */
export type Infer<S> = S extends Schema<infer T> ? T : never

/** A value as a request spells it, short, in no language: 7, "win32", null, [...], {...}. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return '[...]'
  if (typeof value === 'object') return '{...}'
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value)
  return String(value)
}

/** A string of at most `maxLength` characters (and at least `minLength`). */
export function string(limits: { minLength?: number; maxLength: number }): Schema<string> {
  return {
    kind: 'string',
    check(value, path) {
      if (typeof value !== 'string') return refuse('notString', { path, value: describe(value) })
      if (value.length > limits.maxLength)
        return refuse('tooLong', { path, length: value.length, max: limits.maxLength })
      if (value.length < (limits.minLength ?? 0))
        return refuse('tooShort', { path, min: limits.minLength ?? 0 })
      return null
    }
  }
}

/** A whole number in [min, max]. */
export function integer(limits: { min: number; max: number }): Schema<number> {
  return {
    kind: 'integer',
    check(value, path) {
      if (typeof value !== 'number' || !Number.isInteger(value))
        return refuse('notWhole', { path, value: describe(value) })
      if (value < limits.min || value > limits.max)
        return refuse('outOfRange', { path, min: limits.min, max: limits.max, value })
      return null
    }
  }
}

/** A finite number. */
export function number(): Schema<number> {
  return {
    kind: 'number',
    check: (value, path) =>
      typeof value === 'number' && Number.isFinite(value)
        ? null
        : refuse('notFinite', { path, value: describe(value) })
  }
}

export function boolean(): Schema<boolean> {
  return {
    kind: 'boolean',
    check: (value, path) =>
      typeof value === 'boolean' ? null : refuse('notBoolean', { path, value: describe(value) })
  }
}

/** One of a fixed set of strings. */
export function oneOf<const T extends readonly string[]>(...values: T): Schema<T[number]> {
  return {
    kind: 'enum',
    check: (value, path) =>
      typeof value === 'string' && values.includes(value)
        ? null
        : refuse('notOneOf', {
            path,
            values: values.map((v) => `"${v}"`).join(', '),
            value: describe(value)
          })
  }
}

/** Marks an object field as optional (it may be absent; `undefined` counts as absent). */
export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  return {
    kind: schema.kind,
    optional: true,
    check: (value, path) => (value === undefined ? null : schema.check(value, path))
  }
}

export function array<T>(item: Schema<T>, limits: { maxItems: number }): Schema<T[]> {
  return {
    kind: 'array',
    check(value, path) {
      if (!Array.isArray(value)) return refuse('notArray', { path, value: describe(value) })
      if (value.length > limits.maxItems)
        return refuse('tooManyItems', { path, count: value.length, max: limits.maxItems })
      for (let i = 0; i < value.length; i++) {
        const problem = item.check(value[i], `${path}[${i}]`)
        if (problem) return problem
      }
      return null
    }
  }
}

/** An object of named strings, numbers and booleans (at most `maxKeys` of them). */
export function scalarRecord(limits: {
  maxKeys: number
}): Schema<Record<string, string | number | boolean>> {
  return {
    kind: 'object',
    check(value, path) {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return refuse('notObject', { path, value: describe(value) })
      const entries = Object.entries(value as Record<string, unknown>)
      if (entries.length > limits.maxKeys)
        return refuse('tooManyFields', { path, count: entries.length, max: limits.maxKeys })
      for (const [key, field] of entries) {
        if (key.length > 64) return refuse('longFieldName', { path, max: 64 })
        if (
          typeof field === 'string'
            ? field.length > MAX_OPTION_STRING
            : !['number', 'boolean'].includes(typeof field)
        )
          return refuse('notScalar', {
            path: `${path}.${key}`,
            max: MAX_OPTION_STRING,
            value: describe(field)
          })
      }
      return null
    }
  }
}

type Shape = Record<string, Schema<unknown>>
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: undefined extends Infer<S[K]> ? K : never
}[keyof S]
type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Infer<S[K]>
}
type Flatten<T> = { [K in keyof T]: T[K] }

/** A plain object with exactly these fields; unknown fields are an error, not ignored. */
export function object<S extends Shape>(shape: S): Schema<Flatten<ObjectOf<S>>> {
  return {
    kind: 'object',
    check(value, path) {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return refuse('notObject', { path, value: describe(value) })
      const record = value as Record<string, unknown>
      for (const key of Object.keys(record)) {
        if (!Object.hasOwn(shape, key))
          return refuse('unknownField', { path, field: key.slice(0, 80) })
      }
      for (const [key, schema] of Object.entries(shape)) {
        const field = record[key]
        if (field === undefined && !schema.optional)
          return refuse('missing', { path: `${path}.${key}` })
        const problem = schema.check(field, `${path}.${key}`)
        if (problem) return problem
      }
      return null
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Shared pieces of parameters
// ---------------------------------------------------------------------------------------------

/**
 * An id (a session, a profile, a pack, a lesson, a checkpoint): letters, digits, `.`, `_` and
 * `-`, starting with a letter or digit. Ids become keys of the progress store's records, so a
 * name such as `__proto__` or `constructor` must never reach it.
 */
export function identifier(maxLength: number): Schema<string> {
  const text = string({ minLength: 1, maxLength })
  return {
    kind: 'string',
    check(value, path) {
      const problem = text.check(value, path)
      if (problem) return problem
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value as string))
        return refuse('notId', { path, value: describe(value) })
      // `constructor` and `prototype` pass the pattern but name the object machinery too: a
      // record keyed by one reads Object's own function, and the progress file refuses them.
      if (reservedIds.has(value as string))
        return refuse('reservedId', { path, value: describe(value) })
      return null
    }
  }
}

const id = identifier(200)
const sessionId = id
const language = oneOf('en', 'zh-CN')
/** Largest C program the editor accepts (characters). */
export const MAX_SOURCE_LENGTH = 200_000
/** Largest standard input a run is given (characters). */
export const MAX_STDIN_LENGTH = 100_000
/** Largest range the byte inspector may read at once. */
export const MAX_MEMORY_READ = 65_536
/** Largest lesson pack accepted for import, base64-encoded (≈ 75 MB of zip). */
export const MAX_PACK_BASE64 = 100_000_000
/** The longest string an allocator option may be (a lesson step's `allocator-options`). */
export const MAX_OPTION_STRING = 200

/** Options of a run, as `memory-lane run` takes them on the command line. */
export const runOptions = object({
  layout: optional(oneOf('linux-x86_64', 'classroom')),
  allocator: optional(string({ minLength: 1, maxLength: 64 })),
  /** The allocator's options, as a lesson step's `allocator-options` gives them. */
  allocatorOptions: optional(scalarRecord({ maxKeys: 16 })),
  stackLimit: optional(integer({ min: 4096, max: 1 << 30 })),
  stepBudget: optional(integer({ min: 1, max: 100_000_000 })),
  /** glibc tunables as `GLIBC_TUNABLES` spells them, e.g. `glibc.malloc.tcache_count=0`. */
  tunables: optional(string({ maxLength: 1000 })),
  /** The program's arguments, argv[1] onwards (argv[0] is `./prog`). */
  args: optional(array(string({ maxLength: 1000 }), { maxItems: 64 })),
  /** What the program reads from standard input (getchar, fgets), as the CLI reads it piped in. */
  stdin: optional(string({ maxLength: MAX_STDIN_LENGTH })),
  /**
   * The checked mode (`memory-lane run --uninitialized`): each read of memory never written is
   * a misuse report.
   */
  reportUninitializedReads: optional(boolean())
})
export type RunOptions = Infer<typeof runOptions>

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/** A compile error or warning, with where it is. */
export interface Diagnostic {
  severity: 'error' | 'warning'
  message: string
  line: number
  column: number
  /** The caret-style excerpt, when the compiler gives one. */
  excerpt?: string
  /** 1-based, exclusive: where the offending text ends on the same line, when known. */
  endColumn?: number
  /** The explanation as a message key (under `diagnostics.`) and parameters, for translation. */
  reason?: DiagnosticReason
}

/** Where a run stands after a request that moves it. */
export interface RunView {
  sessionId: string
  state: ProcessState
  /** Steps recorded so far; the run is finished when `finished` is true. */
  totalSteps: number
  finished: boolean
}

/** How far a piece of a recording got (`run.record`): the run is at `step`, its newest step. */
export interface RunProgress {
  step: number
  /** Steps recorded so far; the run is finished when `finished` is true. */
  totalSteps: number
  finished: boolean
}

/** Answer to `run.start`: either a run at step 0, or the reasons the program did not compile. */
export type RunStarted =
  | ({ compiled: true; diagnostics: Diagnostic[] } & RunView)
  | { compiled: false; diagnostics: Diagnostic[] }

export interface AppInfo {
  name: string
  version: string
  edition: 'electron' | 'browser'
  /** Allocators the simulator offers, by name. */
  allocators: string[]
  layouts: string[]
  /** Sentences the learner should read once, e.g. that progress was restored from a copy. */
  notices?: Notice[]
}

/**
 * A sentence of the main side in a form the page translates: a message key under `app.main.`
 * in the renderer's message files, with its parameters (file names, counts: never translated).
 * The English `message` beside it is for the command line, logs, and a key the page does not
 * know.
 */
export interface Sentence {
  key: string
  params?: Record<string, string | number>
  /**
   * The lesson-pack problems a refusal quotes (its `problems` parameter in English), each with
   * its own message key, so the page says them in its language too.
   */
  problems?: Problem[]
}

/** Something to read once, in English and as a translatable sentence. */
export interface Notice {
  message: string
  reason?: Sentence
}

/** One lesson in the library, as the lesson list shows it. */
export interface LessonSummary {
  packId: string
  lessonId: string
  title: string
  summary?: string
  /** Languages the lesson is written in. */
  languages: string[]
  builtIn: boolean
  stepCount: number
  status?: 'not-started' | 'attempted' | 'passed'
}

/** A checkpoint as the renderer shows it (lesson engine's detail may add fields). */
export interface CheckpointView {
  id: string
  kind: 'choice' | 'number' | 'predict' | 'task'
  prompt: string
  options?: Array<{ id: string; text: string }>
  multiple?: boolean
  unit?: string
  hints?: string[]
}

/** One step of an opened lesson. */
export interface LessonStepView {
  index: number
  title?: string
  /** Sanitized HTML rendered from the step's Markdown by the lesson engine. */
  html: string
  program?: {
    source: string
    readOnly?: boolean
    options?: RunOptions
    runToLine?: number
  }
  views?: string[]
  checkpoint?: CheckpointView
  /** The lesson engine's full step: setup, editable lines, every checkpoint with its HTML. */
  detail?: StepDetail
}

export interface LessonDocument {
  packId: string
  lessonId: string
  language: string
  title: string
  steps: LessonStepView[]
  /** Where the active learner stopped last time, if anywhere. */
  resume?: { step: number; program?: string; simulatorStep?: number }
}

export interface Profile {
  id: string
  name: string
  colour?: string
  createdAt: string
}

export interface ProfileList {
  profiles: Profile[]
  activeId: string | null
}

export interface CheckpointRecord {
  profileId: string
  packId: string
  lessonId: string
  checkpointId: string
  status: 'not-started' | 'attempted' | 'passed'
  attempts: number
  hintsUsed: number
  updatedAt: string
  secondsSpent?: number
  /** The learner's last answer or program. */
  lastAnswer?: string
  /** The learner asked to see the answer (after trying); it is not a pass. */
  answerRevealed?: boolean
}

export interface PackImportResult {
  packId: string
  title: string
  lessons: number
  /** True when an installed pack with the same id was replaced. */
  replaced: boolean
  /**
   * True when a pack with this id is already installed and `replace` was not given: nothing was
   * written; ask the learner, then import again with `replace: true`.
   */
  needsConfirmation?: boolean
  /** Version of the pack in the file, and of the installed one it would replace. */
  version?: string
  installedVersion?: string
}

/** The state of the pack being authored: its id when it could be read, and every problem. */
export interface AuthoringReport {
  folder: string
  packId?: string
  /** `file:line:column: message` lines; empty when the pack is clean. */
  problems: string[]
  /**
   * The validator's problems behind the first of those lines, each with its message key, so
   * the page says them in its language; the lines after them (none, or the app's own) are in
   * `said`.
   */
  found?: Problem[]
  /**
   * The app's own lines after the validator's (a folder that cannot be read, an id that is a
   * built-in pack's), each as a sentence the page translates, in the same order.
   */
  said?: Sentence[]
  /** False when nothing is watched (the path is not a folder); otherwise every save reports. */
  watching?: boolean
  /** True when the pack is valid and its lessons are in the library. */
  valid: boolean
}

export interface ProgressExport {
  fileName: string
  mimeType: string
  content: string
}

// ---------------------------------------------------------------------------------------------
// The requests
// ---------------------------------------------------------------------------------------------

/** Every request by channel name: the schema of its parameters. Results are in `Results`. */
export const requestSchemas = {
  'app.info': object({}),

  'run.start': object({
    source: string({ maxLength: MAX_SOURCE_LENGTH }),
    options: optional(runOptions)
  }),
  /** Forward by `count` statements, or over / out of the current call. */
  'run.step': object({
    sessionId,
    count: optional(integer({ min: 1, max: 100_000_000 })),
    kind: optional(oneOf('statement', 'over', 'out'))
  }),
  /** Forward until the given source line is about to execute (or the program ends). */
  'run.runToLine': object({ sessionId, line: integer({ min: 1, max: 1_000_000 }) }),
  'run.stepBack': object({ sessionId, count: optional(integer({ min: 1, max: 100_000_000 })) }),
  'run.jumpTo': object({ sessionId, step: integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) }),
  'run.runToEnd': object({ sessionId }),
  /**
   * Runs the program on towards its end for about `sliceMs` and answers how far it got, without
   * a state: a long recording is asked for piece by piece, so the learner sees it advance and
   * can stop it. `continued`: this piece goes on from the last one, whose time counts towards
   * the run's time budget (a run cut in pieces is ended where one in a single piece would be).
   */
  'run.record': object({
    sessionId,
    sliceMs: integer({ min: 10, max: 60_000 }),
    continued: optional(boolean())
  }),
  /**
   * The state at a step without moving the run (the current step when `step` is absent).
   * `blocksFrom`: which part of a heap too big for one state (ProcessState.blockWindow) this
   * state and the next ones carry, by the position of its first block; -1, the heap's last
   * blocks, following its end as it grows (what a run starts with). `blocksAt`: instead, the
   * part around the block that holds this address (the byte inspector looking there).
   */
  'run.state': object({
    sessionId,
    step: optional(integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
    blocksFrom: optional(integer({ min: -1, max: Number.MAX_SAFE_INTEGER })),
    blocksAt: optional(integer({ min: 0, max: Number.MAX_SAFE_INTEGER }))
  }),
  'run.timeline': object({ sessionId }),
  'run.readMemory': object({
    sessionId,
    address: integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    length: integer({ min: 1, max: MAX_MEMORY_READ }),
    step: optional(integer({ min: 0, max: Number.MAX_SAFE_INTEGER }))
  }),
  'run.close': object({ sessionId }),

  'lessons.list': object({ language: optional(language) }),
  'lessons.open': object({ packId: id, lessonId: id, language }),
  'packs.import': object({
    fileName: string({ minLength: 1, maxLength: 255 }),
    contentBase64: string({ maxLength: MAX_PACK_BASE64 }),
    /** Replace an installed pack with the same id (after the learner confirmed). */
    replace: optional(boolean()),
    /** The language the answer's pack title is said in (the pack's first language without). */
    language: optional(language)
  }),
  'packs.remove': object({ packId: id }),
  /**
   * Cancels the caller's `packs.import` still being checked: that import then fails with
   * `pack.checkCancelled` and installs nothing.
   */
  'packs.cancelCheck': object({}),
  /**
   * Authoring mode: use the pack in `folder` (read in place, never copied) and watch it; every
   * save re-validates it and sends `packs.authoring` with its problems.
   */
  'packs.author': object({ folder: string({ minLength: 1, maxLength: 4096 }) }),

  'profiles.list': object({}),
  'profiles.create': object({
    name: string({ minLength: 1, maxLength: 80 }),
    colour: optional(string({ maxLength: 32 }))
  }),
  'profiles.switch': object({ profileId: id }),

  'progress.saveCheckpoint': object({
    packId: id,
    lessonId: id,
    checkpointId: id,
    passed: boolean(),
    /** The learner's answer or program, as text. */
    answer: optional(string({ maxLength: MAX_SOURCE_LENGTH })),
    hintsUsed: optional(integer({ min: 0, max: 1000 })),
    secondsSpent: optional(integer({ min: 0, max: 1_000_000 }))
  }),
  'progress.savePosition': object({
    packId: id,
    lessonId: id,
    step: integer({ min: 0, max: 10_000 }),
    program: optional(string({ maxLength: MAX_SOURCE_LENGTH })),
    simulatorStep: optional(integer({ min: 0, max: Number.MAX_SAFE_INTEGER }))
  }),
  'progress.lesson': object({ packId: id, lessonId: id }),
  /**
   * A report of the learner's progress. `language`: the words of the printable (html) report;
   * json and csv are data, with stable column names and statuses in every language.
   */
  'progress.export': object({ format: oneOf('json', 'csv', 'html'), language: optional(language) }),
  /** Hints revealed so far on a checkpoint, saved before any answer is given. */
  'progress.saveHints': object({
    packId: id,
    lessonId: id,
    checkpointId: id,
    hintsUsed: integer({ min: 0, max: 1000 })
  }),
  /** The learner, after trying, asked to see a checkpoint's answer and its explanation. */
  'progress.revealAnswer': object({ packId: id, lessonId: id, checkpointId: id }),
  /** Merges a JSON progress export back in; newer results are never overwritten. */
  'progress.import': object({ content: string({ maxLength: 20_000_000 }) })
} as const

/** What each request answers with. */
export interface Results {
  'app.info': AppInfo
  'run.start': RunStarted
  'run.step': RunView
  'run.stepBack': RunView
  'run.jumpTo': RunView
  'run.runToEnd': RunView
  'run.record': RunProgress
  'run.runToLine': RunView
  'run.state': RunView
  'run.timeline': Timeline
  'run.readMemory': MemoryDump
  'run.close': { closed: boolean }
  'lessons.list': LessonSummary[]
  'lessons.open': LessonDocument
  'packs.import': PackImportResult
  'packs.remove': { removed: boolean }
  'packs.cancelCheck': { cancelled: boolean }
  'packs.author': AuthoringReport
  'profiles.list': ProfileList
  'profiles.create': Profile
  'profiles.switch': ProfileList
  'progress.saveCheckpoint': CheckpointRecord
  'progress.savePosition': { saved: boolean }
  'progress.lesson': CheckpointRecord[]
  'progress.export': ProgressExport
  'progress.saveHints': { saved: boolean }
  'progress.revealAnswer': { saved: boolean }
  'progress.import': { profileId: string; created: boolean; updated: number }
}

export type Channel = keyof typeof requestSchemas
export type Params<C extends Channel> = Infer<(typeof requestSchemas)[C]>
export type Result<C extends Channel> = Results[C]

export const CHANNELS = Object.keys(requestSchemas) as Channel[]

// ---------------------------------------------------------------------------------------------
// Events (main side → renderer, unasked)
// ---------------------------------------------------------------------------------------------

export interface Events {
  /**
   * The worker running a session was stopped and replaced, because the run exceeded its time or
   * memory budget or the worker crashed. The session is gone; `message` says why, in words.
   */
  'run.restarted': {
    sessionId: string
    reason: 'time' | 'memory' | 'crash'
    message: string
    /** The budget that was exceeded (seconds of running, or megabytes), for a translated sentence. */
    budget?: number
  }
  /** Something the learner should read once (e.g. progress restored from the last good copy). */
  notice: {
    level: 'info' | 'warning' | 'error'
    message: string
    /** A message of the renderer's own (key in its app.json), shown instead of `message`. */
    key?: string
    /** The main side's sentence, translated by the page (see Sentence). */
    reason?: Sentence
  }
  /** The pack in authoring mode changed on disk and was validated again. */
  'packs.authoring': AuthoringReport
  /**
   * How far the check of the caller's `packs.import` has got (the validator, then each step's
   * programs): steps checked of all steps of all lessons, and the lesson file being checked.
   */
  'packs.checking': { fileName: string; done: number; total: number; file: string }
}
export type EventName = keyof Events

// ---------------------------------------------------------------------------------------------
// Errors and the envelope both transports carry
// ---------------------------------------------------------------------------------------------

export type ApiErrorCode =
  | 'invalid-request'
  | 'unknown-channel'
  | 'unknown-session'
  | 'budget-exceeded'
  | 'worker-crashed'
  | 'unavailable'
  | 'failed'

/** A request that did not succeed, said in words. Plain data: it crosses the boundary. */
export interface ApiError {
  code: ApiErrorCode
  message: string
  /** The same sentence for the page to translate (see Sentence). */
  reason?: Sentence
}

export type Response<C extends Channel> =
  { ok: true; result: Result<C> } | { ok: false; error: ApiError }

/** Thrown by services to answer with a specific code; anything else becomes `failed`. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly reason?: Sentence
  ) {
    super(message)
    this.name = 'ApiFailure'
  }
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(requestSchemas, value)
}

/**
 * Checks an incoming request. Returns the typed request, or the error to answer with.
 * Parameters may be absent for requests that take none.
 */
export function validateRequest(
  channel: unknown,
  params: unknown
): { ok: true; channel: Channel; params: Params<Channel> } | { ok: false; error: ApiError } {
  if (!isChannel(channel)) {
    const shown = typeof channel === 'string' ? `"${channel.slice(0, 80)}"` : describe(channel)
    const refusal = refuse('unknownChannel', {})
    return {
      ok: false,
      error: {
        code: 'unknown-channel',
        message: refusalSentence(refusal, shown),
        reason: { key: `request.${refusal.key}`, params: { channel: shown } }
      }
    }
  }
  const schema: Schema<unknown> = requestSchemas[channel]
  const problem = schema.check(params === undefined ? {} : params, 'params')
  if (problem)
    return {
      ok: false,
      error: {
        code: 'invalid-request',
        message: refusalSentence(problem, channel),
        reason: { key: `request.${problem.key}`, params: { channel, ...problem.params } }
      }
    }
  return { ok: true, channel, params: (params ?? {}) as Params<Channel> }
}

// ---------------------------------------------------------------------------------------------
// The services behind the contract, and the dispatcher both transports use
// ---------------------------------------------------------------------------------------------

/** Who sent a request: one window (Electron) or one WebSocket connection (browser edition). */
export interface Caller {
  /** Stable for the caller's lifetime; sessions belong to the caller that started them. */
  id: string
  /** Delivers an event to this caller only. */
  emit<E extends EventName>(event: E, payload: Events[E]): void
}

/** Runs C programs in the simulator (electron/services/simulator-host). */
export interface SimulatorService {
  start(caller: Caller, params: Params<'run.start'>): Promise<RunStarted>
  step(caller: Caller, params: Params<'run.step'>): Promise<RunView>
  stepBack(caller: Caller, params: Params<'run.stepBack'>): Promise<RunView>
  jumpTo(caller: Caller, params: Params<'run.jumpTo'>): Promise<RunView>
  runToEnd(caller: Caller, params: Params<'run.runToEnd'>): Promise<RunView>
  record(caller: Caller, params: Params<'run.record'>): Promise<RunProgress>
  runToLine(caller: Caller, params: Params<'run.runToLine'>): Promise<RunView>
  state(caller: Caller, params: Params<'run.state'>): Promise<RunView>
  timeline(caller: Caller, params: Params<'run.timeline'>): Promise<Timeline>
  readMemory(caller: Caller, params: Params<'run.readMemory'>): Promise<MemoryDump>
  close(caller: Caller, params: Params<'run.close'>): Promise<{ closed: boolean }>
  /** The caller went away (window closed, socket dropped): end its sessions. */
  release(caller: Caller): Promise<void>
  allocators(): string[]
  layouts(): string[]
}

/** Built-in and imported lesson packs (electron/services/lesson-library). */
export interface LessonLibraryService {
  /** `callerId`: whose progress to show (see ProgressService). */
  list(params: Params<'lessons.list'>, callerId?: string): Promise<LessonSummary[]>
  open(params: Params<'lessons.open'>, callerId?: string): Promise<LessonDocument>
  /** `caller`: told how far the check has got (`packs.checking`), and may cancel it. */
  importPack(params: Params<'packs.import'>, caller?: Caller): Promise<PackImportResult>
  /** Cancels `caller`'s import still being checked. */
  cancelCheck(caller: Caller): Promise<{ cancelled: boolean }>
  removePack(params: Params<'packs.remove'>): Promise<{ removed: boolean }>
  /** Starts (or moves) authoring mode; changes are reported to `caller` as `packs.authoring`. */
  authorFolder(caller: Caller, params: Params<'packs.author'>): Promise<AuthoringReport>
}

/**
 * Learner profiles and their progress (electron/services/progress). `callerId` is the window
 * or connection asking: each has its own learner (two tabs of the browser edition may be two
 * learners), starting with the one used last.
 */
export interface ProgressService {
  /** Messages from loading the store not yet shown (each returned once). */
  takeNotices?(): Notice[]
  listProfiles(callerId?: string): Promise<ProfileList>
  createProfile(params: Params<'profiles.create'>, callerId?: string): Promise<Profile>
  switchProfile(params: Params<'profiles.switch'>, callerId?: string): Promise<ProfileList>
  saveCheckpoint(
    params: Params<'progress.saveCheckpoint'>,
    callerId?: string
  ): Promise<CheckpointRecord>
  savePosition(
    params: Params<'progress.savePosition'>,
    callerId?: string
  ): Promise<{ saved: boolean }>
  lessonProgress(params: Params<'progress.lesson'>, callerId?: string): Promise<CheckpointRecord[]>
  exportProgress(params: Params<'progress.export'>, callerId?: string): Promise<ProgressExport>
  saveHints(params: Params<'progress.saveHints'>, callerId?: string): Promise<{ saved: boolean }>
  revealAnswer(
    params: Params<'progress.revealAnswer'>,
    callerId?: string
  ): Promise<{ saved: boolean }>
  importProgress(params: Params<'progress.import'>): Promise<Results['progress.import']>
}

export interface Services {
  info: Omit<AppInfo, 'allocators' | 'layouts'>
  simulator: SimulatorService
  /** Absent in a build without the lesson engine: its requests answer `unavailable`. */
  lessons?: LessonLibraryService
  progress?: ProgressService
}

type Handler<C extends Channel> = (
  services: Services,
  caller: Caller,
  params: Params<C>
) => Promise<Result<C>>

function lessons(services: Services): LessonLibraryService {
  if (!services.lessons)
    throw new ApiFailure('unavailable', 'The lesson library is not available in this build.', {
      key: 'service.noLessons'
    })
  return services.lessons
}
function progress(services: Services): ProgressService {
  if (!services.progress)
    throw new ApiFailure('unavailable', 'The progress store is not available in this build.', {
      key: 'service.noProgress'
    })
  return services.progress
}

const handlers: { [C in Channel]: Handler<C> } = {
  'app.info': async (s) => ({
    ...s.info,
    allocators: s.simulator.allocators(),
    layouts: s.simulator.layouts(),
    notices: s.progress?.takeNotices?.() ?? []
  }),
  'run.start': (s, c, p) => s.simulator.start(c, p),
  'run.step': (s, c, p) => s.simulator.step(c, p),
  'run.stepBack': (s, c, p) => s.simulator.stepBack(c, p),
  'run.jumpTo': (s, c, p) => s.simulator.jumpTo(c, p),
  'run.runToEnd': (s, c, p) => s.simulator.runToEnd(c, p),
  'run.record': (s, c, p) => s.simulator.record(c, p),
  'run.runToLine': (s, c, p) => s.simulator.runToLine(c, p),
  'run.state': (s, c, p) => s.simulator.state(c, p),
  'run.timeline': (s, c, p) => s.simulator.timeline(c, p),
  'run.readMemory': (s, c, p) => s.simulator.readMemory(c, p),
  'run.close': (s, c, p) => s.simulator.close(c, p),
  'lessons.list': (s, c, p) => lessons(s).list(p, c.id),
  'lessons.open': (s, c, p) => lessons(s).open(p, c.id),
  'packs.import': (s, c, p) => lessons(s).importPack(p, c),
  'packs.cancelCheck': (s, c) => lessons(s).cancelCheck(c),
  'packs.remove': (s, _c, p) => lessons(s).removePack(p),
  'packs.author': (s, c, p) => lessons(s).authorFolder(c, p),
  'profiles.list': (s, c) => progress(s).listProfiles(c.id),
  'profiles.create': (s, c, p) => progress(s).createProfile(p, c.id),
  'profiles.switch': (s, c, p) => progress(s).switchProfile(p, c.id),
  'progress.saveCheckpoint': (s, c, p) => progress(s).saveCheckpoint(p, c.id),
  'progress.savePosition': (s, c, p) => progress(s).savePosition(p, c.id),
  'progress.lesson': (s, c, p) => progress(s).lessonProgress(p, c.id),
  'progress.export': (s, c, p) => progress(s).exportProgress(p, c.id),
  'progress.saveHints': (s, c, p) => progress(s).saveHints(p, c.id),
  'progress.revealAnswer': (s, c, p) => progress(s).revealAnswer(p, c.id),
  'progress.import': (s, _c, p) => progress(s).importProgress(p)
}

/** What a failure looks like on the wire. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure)
    return {
      code: error.code,
      message: error.message,
      ...(error.reason ? { reason: error.reason } : {})
    }
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'failed', message: message || 'The request failed for an unknown reason.' }
}

/**
 * The single entry point of both transports: validates a raw request and, only when it is
 * valid, runs it. Never throws; every outcome is a `Response`.
 */
export function createDispatcher(services: Services) {
  return async function dispatch(
    caller: Caller,
    channel: unknown,
    params: unknown
  ): Promise<Response<Channel>> {
    const request = validateRequest(channel, params)
    if (!request.ok) return { ok: false, error: request.error }
    try {
      const handler = handlers[request.channel] as Handler<Channel>
      const result = await handler(services, caller, request.params)
      return { ok: true, result }
    } catch (error) {
      return { ok: false, error: toApiError(error) }
    }
  }
}
export type Dispatch = ReturnType<typeof createDispatcher>

// ---------------------------------------------------------------------------------------------
// What the renderer sees of a transport
// ---------------------------------------------------------------------------------------------

/** The narrow object the Electron preload exposes as `window.memoryLane`. */
export interface MemoryLaneBridge {
  readonly edition: 'electron'
  request(channel: Channel, params: unknown): Promise<Response<Channel>>
  /** Subscribes to every event; returns the unsubscribe function. */
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void
}

/** WebSocket frames of the browser edition. */
export type ClientFrame = { id: number; channel: string; params?: unknown }
export type ServerFrame =
  { id: number; response: Response<Channel> } | { event: EventName; payload: Events[EventName] }

/** IPC channel names of the Electron edition. */
export const IPC_REQUEST = 'memory-lane:request'
export const IPC_EVENT = 'memory-lane:event'
