/**
 * The lesson-pack format, as the engine reads it. A pack is a folder (or the same folder
 * zipped as `.mlpack`) holding `pack.yaml` and one Markdown file per lesson per language:
 *
 * ```text
 * my-pack/
 *   pack.yaml
 *   heap-growth.en.md
 *   heap-growth.zh-CN.md
 *   images/break.png
 * ```
 *
 * The YAML and Markdown spellings (kebab-case keys such as `min-app-version`, `run-to`) are
 * documented in docs/pack-format.md and checked by docs/pack.schema.json; the interfaces below
 * are the parsed, camelCase model every other part of the app uses.
 */

/** A BCP 47 language tag as pack files use it, e.g. `en`, `zh-CN`. */
export type LanguageTag = string

/**
 * Text given once or per language. A plain string is used for every language.
 * @example { en: 'Heap growth', 'zh-CN': '堆的增长' }
 */
export type LocalizedText = string | Record<LanguageTag, string>

/** `pack.yaml`: what the pack is and which lessons it holds, in order. */
export interface PackManifest {
  /**
   * Unique, stable identifier: lowercase letters, digits, `.` and `-`. Progress is stored
   * under it, so it must not change between versions of a pack.
   * @example 'memory-basics'
   */
  id: string
  /** @example { en: 'Memory basics', 'zh-CN': '内存基础' } */
  title: LocalizedText
  /** One or two sentences shown in the lesson library. */
  description?: LocalizedText
  /**
   * Semantic version of the pack (`MAJOR.MINOR.PATCH`).
   * @example '1.2.0'
   */
  version: string
  /** @example ['Ada Lovelace <ada@example.org>'] */
  authors: string[]
  /**
   * SPDX licence identifier of the pack's content.
   * @example 'CC-BY-4.0'
   */
  licence: string
  /**
   * Languages every lesson is written in; the first is the fallback.
   * @example ['en', 'zh-CN']
   */
  languages: LanguageTag[]
  /**
   * Oldest Memory Lane version that can open the pack. Written `min-app-version` in YAML.
   * @default '0.0.0'
   * @example '0.1.0'
   */
  minAppVersion: string
  /**
   * Lesson ids in teaching order. Lesson `heap-growth` lives in `heap-growth.<lang>.md`.
   * @example ['address-space', 'heap-growth']
   */
  lessons: string[]
}

/** Layout profiles of the simulator (see shared/sim). */
export type LayoutName = 'linux-x86_64' | 'classroom'

/** Views of the memory pane a step can show or highlight. */
export type ViewName =
  | 'address-space'
  | 'heap'
  | 'stack'
  | 'pointers'
  | 'globals'
  | 'bytes'
  | 'charts'
  | 'output'

/** Where a run pauses. Written `line 12`, `step 40` or `end` in YAML. */
export type RunTarget =
  | { kind: 'line'; line: number }
  | { kind: 'step'; step: number }
  | { kind: 'end' }

/**
 * How a step sets up the machine: a fenced ```` ```setup ```` block of YAML in the step.
 * Anything a step leaves out is inherited from the previous step.
 * @example
 * ```setup
 * layout: classroom
 * allocator: first-fit
 * allocator-options: { alignment: 8, coalescing: immediate }
 * run-to: line 12
 * show: [heap, address-space]
 * highlight: [program-break]
 * ```
 */
export interface StepSetup {
  /** @default 'linux-x86_64' */
  layout?: LayoutName
  /**
   * Allocator name as `memory-lane run --allocator` takes it. Left out, the layout's own is used:
   * the real machine's allocator on `linux-x86_64`, a textbook one on `classroom`.
   * @default 'glibc' on linux-x86_64, 'first-fit' on classroom
   * @example 'glibc'
   */
  allocator?: string
  /** Allocator settings passed to the simulator as they are. Written `allocator-options`. */
  allocatorOptions?: Record<string, string | number | boolean>
  /** Stack limit in bytes. Written `stack-limit`. @default 8388608 */
  stackLimit?: number
  /** Where to pause before the learner takes over. Written `run-to`. @default { kind: 'end' } */
  runTo?: RunTarget
  /** Views to show, in order. @default all views */
  show?: ViewName[]
  /**
   * Things to draw attention to: memory views (`HIGHLIGHTABLE_VIEWS`, whose tabs are marked) and
   * `program-break` (the break's line on the address-space map). Other names are warned about.
   */
  highlight?: string[]
}

/** Views whose tab (or pane) a step's `highlight` marks: every view of `show`. */
export const HIGHLIGHTABLE_VIEWS: readonly ViewName[] = [
  'address-space',
  'heap',
  'stack',
  'pointers',
  'globals',
  'bytes',
  'charts',
  'output'
]

/** Marks a step's `highlight` can name besides views. */
export const HIGHLIGHTABLE_MARKS = ['program-break'] as const

/** Inclusive range of 1-based program lines. */
export interface LineRange {
  from: number
  to: number
}

/**
 * The step's C program: the first fenced ```` ```c ```` block of the step that is not marked
 * `snippet`. Info-string words: `readonly` (the learner cannot edit it) or
 * `editable=3-5,9` (only those lines can be edited).
 * @example
 * ```c editable=4-5
 * #include <stdlib.h>
 * int main(void) {
 *   char *p = malloc(24);
 *   free(p);
 *   return 0;
 * }
 * ```
 */
export interface ProgramSpec {
  source: string
  /** @default false */
  readonly: boolean
  /** Editable lines; empty means the whole program is editable (unless `readonly`). */
  editable: LineRange[]
  /** Line of the program's first source line in the lesson file. */
  fileLine: number
}

/** What every checkpoint has. A checkpoint is a fenced ```` ```checkpoint ```` YAML block. */
export interface CheckpointBase {
  /**
   * Identifier, unique in the lesson and the same in every language: progress is kept by it.
   * @example 'which-segment'
   */
  id: string
  /** The question, in Markdown. */
  prompt: string
  /** Shown once the checkpoint is passed. */
  explanation?: string
  /** Hints, revealed one at a time on request. @default [] */
  hints: string[]
  /** Line of the checkpoint's opening fence in the lesson file. */
  fileLine: number
}

/** One option of a choice or predict checkpoint. */
export interface ChoiceOption {
  /** Markdown text of the option. */
  text: string
  /** Choice: whether this option is right. @default false */
  correct: boolean
  /** Shown when the learner picks this option. */
  feedback?: string
  /**
   * Predict only: a condition over the facts after the run; the option is right when it holds.
   * @example 'heap.break > 0x555555559000'
   */
  when?: string
}

/**
 * `choice`: single or multiple choice with per-option feedback.
 * @example
 * ```checkpoint
 * kind: choice
 * id: where-is-p
 * prompt: Where does `p` point?
 * options:
 *   - text: Into the heap
 *     correct: true
 *     feedback: Yes — malloc returns heap memory.
 *   - text: Into the stack
 *     feedback: "`p` itself is on the stack; what it points at is not."
 * ```
 */
export interface ChoiceCheckpoint extends CheckpointBase {
  kind: 'choice'
  /** Several options may be right and the learner picks all of them. @default false */
  multiple: boolean
  options: ChoiceOption[]
}

/**
 * `number`: a numeric answer within a tolerance. `expected` is a number or an expression over
 * the facts of the paused run, so it stays right when the program changes.
 * @example
 * ```checkpoint
 * kind: number
 * id: internal-bytes
 * prompt: How many bytes of internal fragmentation are there now?
 * expected: heap.internalFragmentation
 * unit: bytes
 * ```
 */
export interface NumberCheckpoint extends CheckpointBase {
  kind: 'number'
  /** A number, or an expression giving a number. @example 'heap.break - heap.start' */
  expected: number | string
  /** Largest accepted distance from the expected value. @default 0 */
  tolerance: number
  /** Shown after the input. `address` makes the input accept and show hexadecimal. */
  unit?: string
}

/**
 * `predict`: the learner predicts what the next run (to `run-to`) will do, the run happens,
 * and the prediction is judged on the state after it. Either `options` with `when`
 * conditions, or `expected` with `tolerance` as in `number`.
 * @example
 * ```checkpoint
 * kind: predict
 * id: break-moves
 * prompt: Will the program break move when line 7 runs?
 * run-to: line 8
 * options:
 *   - text: Yes, up
 *     when: heap.break > 0x555555559000
 *   - text: No
 *     when: heap.break == 0x555555559000
 * ```
 */
export interface PredictCheckpoint extends CheckpointBase {
  kind: 'predict'
  /** How far the run goes after the prediction. Written `run-to`. */
  runTo: RunTarget
  options?: ChoiceOption[]
  expected?: number | string
  /** @default 0 */
  tolerance: number
  unit?: string
}

/**
 * `task`: the learner edits the program until `condition` holds after a full run.
 * @example
 * ```checkpoint
 * kind: task
 * id: fix-the-leak
 * prompt: Free the block so that nothing leaks.
 * condition: leaks.bytes == 0 && exit.status == 0
 * hints:
 *   - Every malloc needs a matching free.
 *   - Call free(p) before main returns.
 * solution: |
 *   #include <stdlib.h>
 *   int main(void) { char *p = malloc(8); free(p); return 0; }
 * ```
 */
export interface TaskCheckpoint extends CheckpointBase {
  kind: 'task'
  /** Condition over the facts after the learner's program has run to its end. */
  condition: string
  /** A reference solution; `memory-lane pack validate` checks that it meets `condition`. */
  solution?: string
}

export type Checkpoint = ChoiceCheckpoint | NumberCheckpoint | PredictCheckpoint | TaskCheckpoint

/** The checkpoint kinds, for messages and the schema. */
export const checkpointKinds = ['choice', 'number', 'predict', 'task'] as const
export type CheckpointKind = (typeof checkpointKinds)[number]

/** One step of a lesson: the text between two `---` lines. */
export interface LessonStep {
  /** 0-based position in the lesson. */
  index: number
  /** Text of the step's first heading, if any. */
  title?: string
  /** The prose, with setup, program and checkpoint blocks taken out. */
  markdown: string
  /** 1-based line in the lesson file where the step starts. */
  fileLine: number
  /** The machine as this step sets it up, with what it leaves out inherited. */
  setup: StepSetup
  /** The program, possibly inherited from an earlier step. */
  program?: ProgramSpec
  /** True when this step gives its own program (the editor resets to it). */
  programChanged: boolean
  checkpoints: Checkpoint[]
}

/** One lesson in one language. */
export interface Lesson {
  id: string
  language: LanguageTag
  /** Path of the Markdown file inside the pack. */
  file: string
  /** Text of the first `# heading`; the lesson id when there is none. */
  title: string
  steps: LessonStep[]
}

/** A pack read and checked: its manifest and every lesson in every language. */
export interface LoadedPack {
  manifest: PackManifest
  /** lessons[lessonId][language] */
  lessons: Record<string, Record<LanguageTag, Lesson>>
}

/** The text for `language`, falling back to the first language given. */
export function localized(text: LocalizedText | undefined, language: LanguageTag): string {
  if (text === undefined) return ''
  if (typeof text === 'string') return text
  return text[language] ?? Object.values(text)[0] ?? ''
}
