/**
 * glibc's malloc tunables, read from a `GLIBC_TUNABLES`-style string such as
 * `glibc.malloc.tcache_count=0:glibc.malloc.mmap_threshold=65536`.
 *
 * Defaults are glibc 2.36's on x86-64. Setting `mmap_threshold`, `trim_threshold`, `top_pad` or `mmap_max`
 * turns off the dynamic mmap threshold, exactly as glibc's `do_set_*` functions do.
 */

/** The malloc parameters (glibc's `mp_`) a run can set. Sizes in bytes. */
export interface GlibcTunables {
  /** Chunks each tcache bin holds (glibc.malloc.tcache_count); 0 disables the tcache. */
  tcacheCount: number
  /** Largest request the tcache serves (glibc.malloc.tcache_max), in user bytes. */
  tcacheMax: number
  /** Requests at least this large (chunk size) are mmapped when nothing else serves them. */
  mmapThreshold: number
  /** The top chunk is given back with sbrk when it grows past this. */
  trimThreshold: number
  /** Extra bytes asked of sbrk on every growth (and kept on every trim). */
  topPad: number
  /** Most mmapped chunks at once (glibc.malloc.mmap_max); 0 disables mmap for malloc. */
  mmapMax: number
  /** Largest request served from the fast bins (glibc.malloc.mxfast). */
  mxfast: number
  /** Fill byte for freed memory and (inverted) fresh memory (glibc.malloc.perturb); 0 = off. */
  perturb: number
  /** Unsorted chunks processed before a tcache hit is returned (0 = no limit). */
  tcacheUnsortedLimit: number
  /** True once any of mmap_threshold, trim_threshold, top_pad, mmap_max was set: no dynamic threshold. */
  noDynamicThreshold: boolean
}

/** glibc 2.36 x86-64 defaults (malloc.c, malloc/arena.c). */
export const DEFAULT_TUNABLES: Readonly<GlibcTunables> = {
  tcacheCount: 7,
  tcacheMax: 1032,
  mmapThreshold: 128 * 1024,
  trimThreshold: 128 * 1024,
  topPad: 128 * 1024,
  mmapMax: 65536,
  mxfast: 128,
  perturb: 0,
  tcacheUnsortedLimit: 0,
  noDynamicThreshold: false
}

/** DEFAULT_MMAP_THRESHOLD_MAX on 64-bit: 4 MiB × sizeof(long). */
export const MMAP_THRESHOLD_MAX = 32 * 1024 * 1024

/**
 * How glibc 2.36 takes one malloc tunable. `type` is its type in elf/dl-tunables.list (the
 * tunables layer drops a value outside the type's range, an int32 compared signed); `accepts`
 * is the further check of malloc's own `do_set_*` function, which also drops the value.
 */
interface TunableRule {
  key: keyof Omit<GlibcTunables, 'noDynamicThreshold'>
  type: 'size' | 'int32'
  min?: number
  max?: number
  /** malloc's own limit (do_set_tcache_count, do_set_tcache_max, do_set_mxfast). */
  mallocMax?: number
  /** Setting it switches the dynamic mmap threshold off. */
  fixesThreshold?: boolean
}

const RULES: Record<string, TunableRule> = {
  tcache_count: { key: 'tcacheCount', type: 'size', mallocMax: 65535 },
  tcache_max: { key: 'tcacheMax', type: 'size', mallocMax: 1032 },
  // glibc 2.36 takes any size here (only the dynamic threshold stops at 32 MiB): measured,
  // 33554433 and 0x100000000 both hold.
  mmap_threshold: { key: 'mmapThreshold', type: 'size', fixesThreshold: true },
  trim_threshold: { key: 'trimThreshold', type: 'size', fixesThreshold: true },
  top_pad: { key: 'topPad', type: 'size', fixesThreshold: true },
  mmap_max: { key: 'mmapMax', type: 'int32', min: 0, fixesThreshold: true },
  mxfast: { key: 'mxfast', type: 'size', mallocMax: 160 },
  perturb: { key: 'perturb', type: 'int32', min: 0, max: 255 },
  tcache_unsorted_limit: { key: 'tcacheUnsortedLimit', type: 'size' }
}

/**
 * Malloc tunables glibc 2.36 has that change nothing for one thread without
 * libc_malloc_debug.so preloaded (arena_max, arena_test, check): read and left alone.
 */
const WITHOUT_EFFECT = new Set(['arena_max', 'arena_test', 'check'])

/** The malloc tunables this simulator understands, as glibc names them. */
export const TUNABLE_NAMES: readonly string[] = Object.keys(RULES).map((n) => `glibc.malloc.${n}`)

/**
 * Why glibc ignores an entry, in English: `{name}` parameters are the entry's own names and
 * numbers. shared/lessons/messages.ts says them under `packProblems.tunable.<key>` so that the
 * authoring panel says them in the instructor's language.
 */
export const IGNORED_TUNABLE_REASONS = {
  notNameValue: 'glibc skips an entry that is not of the form name=value',
  unknownName: 'glibc has no tunable named "{name}"',
  withoutEffect: 'glibc takes it, but it changes nothing in a single-threaded program',
  unknownMallocName: 'glibc has no malloc tunable named "{name}" (known: {known})',
  outOfRange: '{value} is outside {lowest}..{highest}, so glibc keeps the value {kept}',
  overMallocMax: 'malloc takes at most {max}, so glibc keeps the value {kept}',
  hugetlb: 'Tunable "{name}" (huge pages) is not simulated; only glibc.malloc.hugetlb=0 is accepted'
} as const

export type IgnoredTunableReason = keyof typeof IGNORED_TUNABLE_REASONS

/** An entry of the string that glibc reads but does not act on, and why. */
export interface IgnoredTunable {
  entry: string
  /** Why, in English. */
  reason: string
  /** Why, as a key of IGNORED_TUNABLE_REASONS and its parameters. */
  why: { key: IgnoredTunableReason; params: Record<string, string> }
}

/** A tunable glibc acts on that this simulator does not model (glibc.malloc.hugetlb=1). */
export class UnsimulatedTunableError extends Error {
  readonly why: { key: 'hugetlb'; params: { name: string } }
  constructor(name: string) {
    super(`${reasonText('hugetlb', { name })}.`)
    this.name = 'UnsimulatedTunableError'
    this.why = { key: 'hugetlb', params: { name } }
  }
}

function reasonText(key: IgnoredTunableReason, params: Record<string, string>): string {
  return IGNORED_TUNABLE_REASONS[key].replace(/\{(\w+)\}/g, (_, name: string) => params[name])
}

function ignoredEntry(
  entry: string,
  key: IgnoredTunableReason,
  params: Record<string, string> = {}
): IgnoredTunable {
  return { entry, reason: reasonText(key, params), why: { key, params } }
}

/** What `readTunables` made of a string: the tunables, and the entries glibc would ignore. */
export interface TunablesReading {
  tunables: GlibcTunables
  ignored: IgnoredTunable[]
}

const TWO_64 = 2n ** 64n
const INT32_MIN = -(2n ** 31n)
const INT32_MAX = 2n ** 31n - 1n

/**
 * Parse `name=value[:name=value...]` as glibc 2.36 reads `GLIBC_TUNABLES` (elf/dl-tunables.c):
 * an entry without `=` is skipped, a name glibc does not know is skipped, a value outside the
 * tunable's type range is dropped (an earlier entry of the name stays), and malloc, when it
 * starts, takes the last value kept unless its own limit refuses it (then the default stays:
 * `tcache_count=2:tcache_count=70000` leaves 7, measured). Values are read by _dl_strtoul: leading blanks, an optional sign (`-1` is the largest
 * size), decimal, `0x` hex or `0` octal, and reading stops at the first character that is not
 * a digit (2.36 does not check what follows: `7x` is 7 and `seven` is 0). glibc says nothing
 * about what it ignored; `ignored` says it, so a typo on the command line does not go unnoticed.
 * Throws only for `glibc.malloc.hugetlb` other than 0, which this simulator does not model.
 */
export function readTunables(
  text: string,
  base: GlibcTunables = DEFAULT_TUNABLES
): TunablesReading {
  const tunables: GlibcTunables = { ...base }
  const ignored: IgnoredTunable[] = []
  const accepted = new Map<TunableRule, { entry: string; value: bigint }>()
  const entries = text.split(':')
  for (const entry of entries) {
    if (entry === '') continue
    const equals = entry.indexOf('=')
    if (equals < 0) {
      ignored.push(ignoredEntry(entry, 'notNameValue'))
      continue
    }
    const name = entry.slice(0, equals)
    const valueText = entry.slice(equals + 1)
    if (!name.startsWith('glibc.malloc.')) {
      // Other namespaces (glibc.cpu, glibc.rtld, ...) are glibc's, but do not concern malloc.
      if (!name.startsWith('glibc.')) {
        ignored.push(ignoredEntry(entry, 'unknownName', { name }))
      }
      continue
    }
    const short = name.slice('glibc.malloc.'.length)
    const value = dlStrtoul(valueText)
    if (short === 'hugetlb') {
      if (value !== 0n) {
        throw new UnsimulatedTunableError(name)
      }
      continue
    }
    if (WITHOUT_EFFECT.has(short)) {
      ignored.push(ignoredEntry(entry, 'withoutEffect'))
      continue
    }
    const rule = RULES[short]
    if (rule === undefined) {
      ignored.push(
        ignoredEntry(entry, 'unknownMallocName', { name, known: TUNABLE_NAMES.join(', ') })
      )
      continue
    }
    // The tunables layer keeps a value as int64 and compares it with the type's bounds.
    let typed: bigint
    let lowest: bigint
    let highest: bigint
    if (rule.type === 'size') {
      typed = value
      lowest = BigInt(rule.min ?? 0)
      highest = rule.max === undefined ? TWO_64 - 1n : BigInt(rule.max)
    } else {
      typed = BigInt.asIntN(64, value)
      lowest = rule.min === undefined ? INT32_MIN : BigInt(rule.min)
      highest = rule.max === undefined ? INT32_MAX : BigInt(rule.max)
    }
    if (typed < lowest || typed > highest) {
      ignored.push(
        ignoredEntry(entry, 'outOfRange', {
          value: typed.toString(),
          lowest: lowest.toString(),
          highest: highest.toString(),
          kept: tunables[rule.key].toString()
        })
      )
      continue
    }
    // The tunables layer keeps the last value it accepted; malloc reads it once, at its start.
    accepted.set(rule, { entry, value: typed })
  }
  for (const [rule, { entry, value }] of accepted) {
    if (rule.mallocMax !== undefined && value > BigInt(rule.mallocMax)) {
      ignored.push(
        ignoredEntry(entry, 'overMallocMax', {
          max: rule.mallocMax.toString(),
          kept: tunables[rule.key].toString()
        })
      )
      continue
    }
    tunables[rule.key] = Number(value)
    if (rule.fixesThreshold) tunables.noDynamicThreshold = true
  }
  // In the order they were written (malloc's own limits are applied after the whole string).
  ignored.sort((a, b) => entries.indexOf(a.entry) - entries.indexOf(b.entry))
  return { tunables, ignored }
}

/** The tunables a string sets, as glibc reads them (see readTunables; what it ignores is dropped). */
export function parseTunables(text: string, base: GlibcTunables = DEFAULT_TUNABLES): GlibcTunables {
  return readTunables(text, base).tunables
}

/**
 * glibc 2.36's _dl_strtoul (elf/dl-misc.c) as tunable_initialize calls it, without looking at
 * where it stopped: the value modulo 2^64, UINT64_MAX when it would overflow.
 */
function dlStrtoul(text: string): bigint {
  let i = 0
  while (text[i] === ' ' || text[i] === '\t') i++
  let positive = true
  if (text[i] === '-') {
    positive = false
    i++
  } else if (text[i] === '+') i++
  const digit = (c: string | undefined, base: number): number => {
    if (c === undefined) return -1
    const d = parseInt(c, 16)
    return Number.isNaN(d) || d >= base ? -1 : d
  }
  if (digit(text[i], 10) < 0) return 0n
  let base = 10
  if (text[i] === '0') {
    if (text[i + 1] === 'x' || text[i + 1] === 'X') {
      base = 16
      i += 2
    } else base = 8
  }
  const max = TWO_64 - 1n
  let result = 0n
  for (; ; i++) {
    const d = digit(text[i], base)
    if (d < 0) break
    if (result >= (max - BigInt(d)) / BigInt(base)) return max
    result = result * BigInt(base) + BigInt(d)
  }
  return positive ? result : (TWO_64 - result) % TWO_64
}
