/**
 * Checks the machine a step sets up (its ```` ```setup ```` block, with what it inherits) against
 * what the simulator accepts: the allocator's name, its options and their values, and a stack
 * limit that fits the layout. The JSON Schema checks only the shapes (a string, an integer); a
 * pack naming `allocator: frist-fit` or an option no allocator has must be refused when it is
 * validated or imported, with the place and the fix, not fail when a learner reaches the step.
 *
 * Option values are checked against the rules below, which say in words what each allocator's
 * own check (shared/sim/allocators, `resolve*Options`) accepts; after them the allocator's own
 * check runs too, so a rule this table misses still refuses the pack, in the allocator's English.
 * machine-setup.test.ts holds the two to the same answers.
 */
import { allocatorNames, checkAllocatorOptions, isAllocatorName } from '../sim/allocators/index'
import { readTunables, UnsimulatedTunableError } from '../sim/allocators/glibc/index'
import { LAYOUT_PROFILES } from '../sim/layout'
import { MAX_OPTION_STRING } from '../api'
import { HIGHLIGHTABLE_MARKS, HIGHLIGHTABLE_VIEWS, type StepSetup } from './format'
import { packReason, say, type PackReason } from './messages'
import { nearestName } from './nearest-name'

/** The allocator a run uses when the pack names none (as shared/lang/vm.ts's defaultAllocator). */
export function layoutAllocator(layout: string): string {
  return layout === 'linux-x86_64' ? 'glibc' : 'first-fit'
}

/** What an option's value must be, in the words the messages use. */
type OptionRule =
  | { kind: 'choice'; values: ReadonlyArray<string | number> }
  | { kind: 'whole'; min: number; max: number; powerOfTwo?: boolean }
  | { kind: 'boolean' }
  /** At most `maxLength` characters: the longest option value a run request carries (shared/api.ts). */
  | { kind: 'string'; maxLength: number }
  /** A list (the segregated size classes): a pack's allocator-options hold single values only. */
  | { kind: 'list' }

const GiB = 1024 * 1024 * 1024
const alignment: OptionRule = { kind: 'choice', values: [1, 2, 4, 8, 16] }
const headerSize: OptionRule = { kind: 'whole', min: 4, max: 64 }
const bytes = (min: number): OptionRule => ({ kind: 'whole', min, max: 2 ** 40 })

const freeList: Record<string, OptionRule> = {
  placement: { kind: 'choice', values: ['first', 'next', 'best', 'worst'] },
  order: {
    kind: 'choice',
    values: ['address', 'lifo', 'fifo', 'size-ascending', 'size-descending']
  },
  coalescing: { kind: 'choice', values: ['immediate', 'deferred', 'none'] },
  headerSize,
  footer: { kind: 'boolean' },
  alignment,
  minBlockSize: bytes(1),
  split: { kind: 'boolean' },
  growBy: bytes(0),
  mmapThreshold: bytes(1)
}

/** Each allocator's options (keys as the simulator spells them) and what their values must be. */
export const ALLOCATOR_OPTION_RULES: Readonly<Record<string, Record<string, OptionRule>>> = {
  'first-fit': freeList,
  'next-fit': freeList,
  'best-fit': freeList,
  'worst-fit': freeList,
  segregated: {
    classes: { kind: 'list' },
    headerSize,
    footer: { kind: 'boolean' },
    alignment,
    coalescing: { kind: 'choice', values: ['immediate', 'none'] },
    searchLimit: { kind: 'whole', min: 1, max: 2 ** 31 },
    growBy: bytes(0),
    mmapThreshold: bytes(1)
  },
  glibc: { tunables: { kind: 'string', maxLength: MAX_OPTION_STRING } },
  buddy: {
    minBlock: { kind: 'whole', min: 8, max: GiB, powerOfTwo: true },
    headerSize,
    alignment,
    mmapThreshold: bytes(1)
  },
  pool: {
    objectSize: { kind: 'whole', min: 1, max: 1024 * 1024 },
    alignment,
    slotsPerChunk: { kind: 'whole', min: 1, max: 65536 },
    mmapThreshold: bytes(1)
  },
  compacting: {
    compactOn: { kind: 'choice', values: ['never', 'failure'] },
    mmapThreshold: bytes(1)
  }
}

/**
 * The largest stack a layout holds: from the stack's top down to the mmap area, which the
 * simulator does not move (Linux would place mmap_base lower under a larger `ulimit -s`).
 */
export function maxStackLimit(layout: keyof typeof LAYOUT_PROFILES): number {
  const profile = LAYOUT_PROFILES[layout]
  return profile.stackTop - profile.mmapBase
}

const list = (names: readonly string[]): string => names.join(', ')
const shown = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : String(value)

/** Why `value` does not meet `rule`, as the phrase "what it must be", or undefined if it does. */
function ruleProblem(rule: OptionRule, value: unknown): PackReason | undefined {
  switch (rule.kind) {
    case 'choice':
      return rule.values.includes(value as string | number)
        ? undefined
        : packReason('phrase.oneOf', { values: list(rule.values.map(shown)) })
    case 'boolean':
      return typeof value === 'boolean' ? undefined : packReason('phrase.trueOrFalse')
    case 'string':
      return typeof value === 'string' && value.length <= rule.maxLength
        ? undefined
        : packReason('phrase.stringUpTo', { length: rule.maxLength })
    case 'list':
      return packReason('phrase.listNotInPack')
    case 'whole': {
      const whole = typeof value === 'number' && Number.isInteger(value)
      const inRange = whole && value >= rule.min && value <= rule.max
      const power = !rule.powerOfTwo || (whole && (value & (value - 1)) === 0)
      if (inRange && power) return undefined
      return rule.powerOfTwo
        ? packReason('phrase.powerOfTwoFrom', { min: rule.min, max: rule.max })
        : packReason('phrase.wholeFrom', { min: rule.min, max: rule.max })
    }
  }
}

/** Which keys of the step's own setup block are there, and where each one is. */
export interface SetupBlockKeys {
  has(key: 'layout' | 'allocator' | 'allocator-options' | 'stack-limit' | 'highlight'): boolean
  /** Where the key (or its value, `valueOf`, e.g. one option) is in the lesson file. */
  at(path: ReadonlyArray<string | number>, key?: boolean): { line: number; column: number }
  /** Line of the block's opening fence, for a problem no key of this block holds. */
  fenceLine: number
}

/** Everything a step's `highlight` may name. */
const HIGHLIGHTABLE: readonly string[] = [...HIGHLIGHTABLE_VIEWS, ...HIGHLIGHTABLE_MARKS]

/** A problem of a step's machine, placed in its setup block. */
export interface SetupProblem {
  line: number
  column: number
  message: string
  reason: PackReason
  severity?: 'warning'
}

/**
 * Checks the machine `setup` describes, the step's own setup block being `block`, and
 * `optionsLine` the line where the options it inherits were set. Only what this block sets or
 * changes is reported: an earlier step's mistake was reported there.
 */
export function checkMachineSetup(
  setup: StepSetup,
  block: SetupBlockKeys,
  optionsLine: number | undefined
): SetupProblem[] {
  const problems: SetupProblem[] = []
  const layout = setup.layout ?? 'linux-x86_64'
  const allocator = setup.allocator ?? layoutAllocator(layout)

  if (block.has('stack-limit') || (block.has('layout') && setup.stackLimit !== undefined)) {
    const max = maxStackLimit(layout)
    if (setup.stackLimit !== undefined && setup.stackLimit > max)
      problems.push({
        ...(block.has('stack-limit') ? block.at(['stack-limit']) : block.at(['layout'])),
        ...say('setup.stackLimitTooBig', {
          limit: setup.stackLimit,
          layout,
          max,
          kib: max / 1024
        })
      })
  }

  // A name the app cannot highlight would leave the learner looking at nothing in particular
  // while the prose says "look at the highlighted ...": a warning, so packs written before the
  // names were checked still load.
  if (block.has('highlight') && Array.isArray(setup.highlight))
    setup.highlight.forEach((name, index) => {
      if (typeof name !== 'string' || HIGHLIGHTABLE.includes(name)) return
      const nearest = nearestName(name, HIGHLIGHTABLE)
      problems.push({
        ...block.at(['highlight', index]),
        severity: 'warning',
        ...(nearest
          ? say('setup.unknownHighlightNear', { name, nearest, known: HIGHLIGHTABLE.join(', ') })
          : say('setup.unknownHighlight', { name, known: HIGHLIGHTABLE.join(', ') }))
      })
    })

  // The allocator (named here, or the layout's own when this block changes the layout).
  const allocatorChanged =
    block.has('allocator') || (setup.allocator === undefined && block.has('layout'))
  if (!block.has('allocator-options') && !allocatorChanged) return problems
  const known = allocatorNames().map((a) => a.name)
  if (!isAllocatorName(allocator)) {
    if (block.has('allocator')) {
      const nearest = nearestName(allocator, known)
      problems.push({
        ...block.at(['allocator']),
        ...(nearest
          ? say('setup.unknownAllocatorNear', { name: allocator, nearest, known: list(known) })
          : say('setup.unknownAllocator', { name: allocator, known: list(known) }))
      })
    }
    return problems
  }

  const options = setup.allocatorOptions ?? {}
  const rules = ALLOCATOR_OPTION_RULES[allocator]
  const ownOptions = block.has('allocator-options')
  const optionAt = (option: string): { line: number; column: number } =>
    ownOptions ? block.at(['allocator-options', option], true) : block.at(['allocator'])
  let valuesChecked = true
  if (rules) {
    const names = Object.keys(rules)
    for (const [option, value] of Object.entries(options)) {
      const rule = Object.hasOwn(rules, option) ? rules[option] : undefined
      if (rule === undefined) {
        valuesChecked = false
        const nearest = nearestName(option, names)
        problems.push({
          ...optionAt(option),
          ...(!ownOptions && optionsLine !== undefined
            ? say('setup.inheritedOption', { allocator, option, line: optionsLine, known: list(names) })
            : nearest
              ? say('setup.unknownOptionNear', { allocator, option, nearest, known: list(names) })
              : say('setup.unknownOption', { allocator, option, known: list(names) }))
        })
        continue
      }
      const wanted = ruleProblem(rule, value)
      if (wanted) {
        valuesChecked = false
        problems.push({
          ...(ownOptions ? block.at(['allocator-options', option]) : block.at(['allocator'])),
          ...say('setup.optionValue', { allocator, option, value: shown(value), wanted })
        })
      }
    }
  }
  if (!valuesChecked) return problems
  // The buddy system's smallest block holds two headers, each rounded up to the alignment.
  if (allocator === 'buddy') {
    const header = (options.headerSize as number | undefined) ?? 8
    const align = (options.alignment as number | undefined) ?? 16
    const min = 2 * Math.ceil(header / align) * align
    const minBlock = (options.minBlock as number | undefined) ?? 32
    if (minBlock < min) {
      problems.push({
        ...(ownOptions ? block.at(['allocator-options', ...('minBlock' in options ? ['minBlock'] : [])]) : block.at(['allocator'])),
        ...say('setup.buddyMinBlock', { minBlock, min, header, alignment: align })
      })
      return problems
    }
  }
  // What the rules cannot say alone (buddy's smallest block against its header), or an
  // allocator registered without rules: the allocator's own check, in its words.
  try {
    checkAllocatorOptions(allocator, options)
  } catch (error) {
    problems.push({
      ...(ownOptions ? block.at(['allocator-options']) : block.at(['allocator'])),
      ...say('setup.optionsRefused', {
        allocator,
        // The allocator's own words are English; the one refusal a pack can reach through
        // the rules above (glibc.malloc.hugetlb=1) is said in the reader's language.
        detail:
          error instanceof UnsimulatedTunableError
            ? packReason('tunable.hugetlb', error.why.params)
            : (error instanceof Error ? error.message : String(error)).replace(/\.$/, '')
      })
    })
    return problems
  }
  // glibc ignores a tunable it does not know or whose value is out of range, and so does the
  // simulator; in a pack that is a mistake the author wants to hear about.
  if (allocator === 'glibc' && typeof options.tunables === 'string' && ownOptions)
    for (const ignored of readTunables(options.tunables).ignored)
      problems.push({
        ...block.at(['allocator-options', 'tunables']),
        severity: 'warning',
        ...say('setup.tunableIgnored', {
          entry: ignored.entry,
          detail: packReason(`tunable.${ignored.why.key}`, ignored.why.params)
        })
      })
  return problems
}
