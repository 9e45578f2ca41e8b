/**
 * How the memory views print numbers: addresses in hex (always), values and sizes in hex or
 * decimal as the learner prefers, and byte counts with KiB/MiB once they get large.
 * Pure functions, so every view prints the same fact the same way.
 */

/** The learner's preference for numbers that are not addresses. */
export type NumberBase = 'hex' | 'decimal'

/** `0x5555555592a0`: lower-case hex with the 0x prefix, as gdb and printf("%p") print it. */
export function formatAddress(address: number): string {
  if (!Number.isFinite(address) || address < 0) return String(address)
  return '0x' + Math.trunc(address).toString(16)
}

const formatters = new Map<string, Intl.NumberFormat>()

/** Intl.NumberFormat objects are costly to create (a 10,000-block heap prints thousands of numbers), so each is made once. */
function numberFormat(
  locale: string,
  style: 'integer' | 'decimal1' | 'percent'
): Intl.NumberFormat {
  const key = `${locale}|${style}`
  let formatter = formatters.get(key)
  if (!formatter) {
    const options: Intl.NumberFormatOptions =
      style === 'integer'
        ? { maximumFractionDigits: 0 }
        : style === 'decimal1'
          ? { maximumFractionDigits: 1 }
          : { style: 'percent', maximumFractionDigits: 1 }
    formatter = new Intl.NumberFormat(locale, options)
    formatters.set(key, formatter)
  }
  return formatter
}

/** A plain count with digit grouping for the locale: 9812 → "9,812". */
export function formatCount(value: number, locale = 'en'): string {
  return numberFormat(locale, 'integer').format(value)
}

/** An integer in the preferred base: 48 → "48" or "0x30". */
export function formatNumber(value: number, base: NumberBase, locale = 'en'): string {
  if (base === 'hex' && Number.isInteger(value)) {
    return value < 0 ? '-0x' + (-value).toString(16) : '0x' + value.toString(16)
  }
  return formatCount(value, locale)
}

const KIB = 1024
const MIB = 1024 * 1024
const GIB = 1024 * 1024 * 1024
const TIB = 1024 * GIB

/**
 * A size in bytes, switching to KiB/MiB/GiB/TiB at 1 KiB and keeping at most one decimal:
 * 32 → "32 B", 4096 → "4 KiB", 135168 → "132 KiB", 8388608 → "8 MiB", 1536 → "1.5 KiB".
 * Below 1 KiB the preferred base applies ("0x20 B").
 */
export function formatSize(bytes: number, base: NumberBase = 'decimal', locale = 'en'): string {
  const magnitude = Math.abs(bytes)
  if (magnitude < KIB) return `${formatNumber(bytes, base, locale)} B`
  const [unit, divisor] =
    magnitude < MIB
      ? ['KiB', KIB]
      : magnitude < GIB
        ? ['MiB', MIB]
        : magnitude < TIB
          ? ['GiB', GIB]
          : ['TiB', TIB]
  const scaled = bytes / divisor
  const text = numberFormat(locale, 'decimal1').format(scaled)
  return `${text} ${unit}`
}

/** A fraction 0..1 as a percentage with one decimal at most: 0.4375 → "43.8%". */
export function formatPercent(fraction: number, locale = 'en'): string {
  return numberFormat(locale, 'percent').format(fraction)
}

/** Two hex digits for one byte: 10 → "0a". */
export function formatByte(value: number): string {
  return value.toString(16).padStart(2, '0')
}

/** The printable ASCII character for a byte, or "." for anything else (as `xxd` does). */
export function asciiOf(value: number): string {
  return value >= 0x20 && value < 0x7f ? String.fromCharCode(value) : '.'
}

/**
 * Parse an address the learner typed: "0x5555555592a0", "5555555592a0" (hex without prefix
 * when it has a hex letter), or decimal digits. Returns null when it is not an address.
 */
export function parseAddress(text: string): number | null {
  const trimmed = text.trim().toLowerCase()
  let value: number
  if (/^0x[0-9a-f]+$/.test(trimmed)) value = parseInt(trimmed.slice(2), 16)
  else if (/^[0-9]+$/.test(trimmed)) value = parseInt(trimmed, 10)
  else if (/^[0-9a-f]+$/.test(trimmed)) value = parseInt(trimmed, 16)
  else return null
  return Number.isSafeInteger(value) ? value : null
}
