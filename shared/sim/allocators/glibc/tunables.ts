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

interface TunableRule {
  key: keyof Omit<GlibcTunables, 'noDynamicThreshold'>
  max: number
  /** Setting it switches the dynamic mmap threshold off. */
  fixesThreshold?: boolean
}

const RULES: Record<string, TunableRule> = {
  tcache_count: { key: 'tcacheCount', max: 65535 },
  tcache_max: { key: 'tcacheMax', max: 1032 },
  // glibc 2.36 takes any size here (only the dynamic threshold stops at 32 MiB): measured,
  // 33554433 and 0x100000000 both hold.
  mmap_threshold: { key: 'mmapThreshold', max: Number.MAX_SAFE_INTEGER, fixesThreshold: true },
  trim_threshold: { key: 'trimThreshold', max: Number.MAX_SAFE_INTEGER, fixesThreshold: true },
  top_pad: { key: 'topPad', max: Number.MAX_SAFE_INTEGER, fixesThreshold: true },
  mmap_max: { key: 'mmapMax', max: 2147483647, fixesThreshold: true },
  mxfast: { key: 'mxfast', max: 160 },
  perturb: { key: 'perturb', max: 255 },
  tcache_unsorted_limit: { key: 'tcacheUnsortedLimit', max: Number.MAX_SAFE_INTEGER }
}

/** The malloc tunables this simulator understands, as glibc names them. */
export const TUNABLE_NAMES: readonly string[] = Object.keys(RULES).map((n) => `glibc.malloc.${n}`)

/**
 * Parse `name=value[:name=value...]` as glibc reads `GLIBC_TUNABLES`. Values are decimal, `0x`
 * hex or `0`-prefixed octal, as glibc's tunables_strtoul accepts. Tunables outside
 * `glibc.malloc.*` are ignored (they do not concern malloc). Unlike glibc, which silently ignores
 * a malformed entry, this throws an Error with a plain sentence saying which entry and why, so a
 * typo on the command line does not go unnoticed.
 */
export function parseTunables(text: string, base: GlibcTunables = DEFAULT_TUNABLES): GlibcTunables {
  const result: GlibcTunables = { ...base }
  for (const entry of text.split(':')) {
    const trimmed = entry.trim()
    if (trimmed === '') continue
    const equals = trimmed.indexOf('=')
    if (equals <= 0) {
      throw new Error(`Tunable "${trimmed}" is not of the form name=value.`)
    }
    const name = trimmed.slice(0, equals)
    const valueText = trimmed.slice(equals + 1)
    if (!name.startsWith('glibc.malloc.')) continue
    const rule = RULES[name.slice('glibc.malloc.'.length)]
    if (rule === undefined) {
      throw new Error(
        `Tunable "${name}" is not a malloc tunable the simulator knows; known: ${TUNABLE_NAMES.join(', ')}.`
      )
    }
    const value = parseTunableNumber(valueText)
    if (value === undefined) {
      throw new Error(`Tunable "${name}" has the value "${valueText}", which is not a number.`)
    }
    if (value > rule.max) {
      throw new Error(`Tunable "${name}" may be at most ${rule.max}; ${value} is too large.`)
    }
    result[rule.key] = value
    if (rule.fixesThreshold) result.noDynamicThreshold = true
  }
  return result
}

function parseTunableNumber(text: string): number | undefined {
  const t = text.trim()
  let digits: string
  let radix: number
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) {
    digits = t.slice(2)
    radix = 16
  } else if (/^0[0-7]+$/.test(t)) {
    digits = t.slice(1)
    radix = 8
  } else if (/^[0-9]+$/.test(t)) {
    digits = t
    radix = 10
  } else {
    return undefined
  }
  const value = parseInt(digits, radix)
  return Number.isSafeInteger(value) ? value : undefined
}
