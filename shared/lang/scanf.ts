/**
 * The conversions of glibc 2.36's `scanf` family (stdio-common/vfscanf-internal.c): what a
 * format reads from a stream of bytes and what it stores, so that `scanf("%d %s", &n, word)`
 * and `sscanf(line, "%x:%c", &v, &c)` answer what they answer in the real process.
 *
 * The scanner reads one byte at a time and gives back at most the one it could not use (glibc
 * pushes back a single character with ungetc), so "12abc" read by `%d` leaves "abc" for the
 * next conversion, and `%f` of "1e+x" has consumed "1e+" when it fails, as glibc has. Pure: the
 * caller (vm.ts) supplies the bytes and stores each value through the program's pointers.
 */

/** The bytes a scan reads: stdin (through its buffer) or a string in memory. */
export interface ScanSource {
  /** The next byte (0–255), or -1 at the end of the input (a string's NUL, stdin's EOF). */
  next(): number
  /** Gives back the byte `next` just returned, so the next read returns it again. */
  unget(): void
}

/** One value a conversion stores, for the argument `argument` (0 = the first after the format). */
export type ScannedValue =
  | { kind: 'integer'; bytes: 1 | 2 | 4 | 8; value: bigint }
  | { kind: 'floating'; bytes: 4 | 8; value: number; text: string }
  | { kind: 'bytes'; text: string; terminate: boolean }
  | { kind: 'pointer'; value: bigint }

export interface ScanStore {
  (argument: number, value: ScannedValue): void
}

/** What a scan answers: scanf's result (assignments made, or -1 for EOF first). */
export interface ScanResult {
  assigned: number
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d])

function isSpace(c: number): boolean {
  return SPACE.has(c)
}

/** The value of digit `c` in `base`, or -1. */
function digitValue(c: number, base: number): number {
  let v = -1
  if (c >= 0x30 && c <= 0x39) v = c - 0x30
  else if (c >= 0x61 && c <= 0x7a) v = c - 0x61 + 10
  else if (c >= 0x41 && c <= 0x5a) v = c - 0x41 + 10
  return v >= 0 && v < base ? v : -1
}

/** Bytes an integer conversion stores for a length modifier (x86-64 LP64). */
function integerBytes(length: string): 1 | 2 | 4 | 8 {
  switch (length) {
    case 'hh':
      return 1
    case 'h':
      return 2
    case 'l':
    case 'll':
    case 'L':
    case 'q':
    case 'j':
    case 'z':
    case 't':
      return 8
    default:
      return 4
  }
}

/**
 * Scans `format` over `source`, storing each assigned value through `store`. The result counts
 * the assignments; it is -1 (EOF) when the input ended before the first conversion finished
 * (an input failure), as C11 7.21.6.2p16 and glibc say.
 */
export function scan(format: string, source: ScanSource, store: ScanStore): ScanResult {
  let assigned = 0
  let argument = 0
  /** Bytes consumed so far, for %n. */
  let consumed = 0
  const read = (): number => {
    const c = source.next()
    if (c >= 0) consumed++
    return c
  }
  const unget = (c: number): void => {
    if (c < 0) return
    source.unget()
    consumed--
  }
  const skipSpace = (): void => {
    for (;;) {
      const c = read()
      if (c < 0) return
      if (!isSpace(c)) {
        unget(c)
        return
      }
    }
  }
  /** A matching failure: the assignments so far. */
  const done = (): ScanResult => ({ assigned })
  /**
   * An input failure — the input ended where a directive starts (glibc's input_error): EOF
   * when nothing was assigned yet. The end met inside a conversion (`-` then nothing) is a
   * matching failure instead.
   */
  const ended = (): ScanResult => ({ assigned: assigned === 0 ? -1 : assigned })
  /** Whether the input has a byte left (read and given back). */
  const more = (): boolean => {
    const c = read()
    unget(c)
    return c >= 0
  }

  let i = 0
  while (i < format.length) {
    const f = format.charCodeAt(i)
    if (isSpace(f)) {
      // Any run of white space in the format matches any amount of it in the input, none too.
      while (i < format.length && isSpace(format.charCodeAt(i))) i++
      skipSpace()
      continue
    }
    if (f !== 0x25 /* % */) {
      const c = read()
      if (c < 0) return ended()
      if (c !== f) {
        unget(c)
        return done()
      }
      i++
      continue
    }
    i++
    if (format[i] === '%') {
      skipSpace()
      const c = read()
      if (c < 0) return ended()
      if (c !== 0x25) {
        unget(c)
        return done()
      }
      i++
      continue
    }
    let suppress = false
    if (format[i] === '*') {
      suppress = true
      i++
    }
    let width = 0
    while (i < format.length && format[i] >= '0' && format[i] <= '9')
      width = width * 10 + (format.charCodeAt(i++) - 0x30)
    const length = lengthModifierAt(format, i)
    i += length.length
    const conversion = format[i++]
    if (conversion === undefined) return done()
    const target = suppress ? -1 : argument++
    const put = (value: ScannedValue): void => {
      if (target >= 0) store(target, value)
    }

    if (conversion === 'n') {
      // Not a conversion: stores what was read so far and counts for nothing.
      put({ kind: 'integer', bytes: integerBytes(length), value: BigInt(consumed) })
      continue
    }
    if (conversion !== 'c' && conversion !== '[') skipSpace()
    if (!more()) return ended()
    const limit = width > 0 ? width : Infinity

    switch (conversion) {
      case 'd':
      case 'i':
      case 'u':
      case 'o':
      case 'x':
      case 'X':
      case 'p': {
        const base =
          conversion === 'd' || conversion === 'u'
            ? 10
            : conversion === 'o'
              ? 8
              : conversion === 'i'
                ? 0
                : 16
        const signed = conversion === 'd' || conversion === 'i'
        const number = scanInteger(read, unget, base, limit, signed)
        if (number === null) return done()
        if (target >= 0) {
          if (conversion === 'p') put({ kind: 'pointer', value: BigInt.asUintN(64, number) })
          else put({ kind: 'integer', bytes: integerBytes(length), value: number })
          assigned++
        }
        break
      }
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G':
      case 'a':
      case 'A': {
        const text = scanFloating(read, unget, limit)
        if (text === null) return done()
        if (target >= 0) {
          const bytes = length === 'l' || length === 'L' ? 8 : 4
          put({ kind: 'floating', bytes, value: parseFloatingText(text), text })
          assigned++
        }
        break
      }
      case 's':
      case 'c':
      case '[': {
        let accept: (c: number) => boolean
        if (conversion === 's') accept = (c) => !isSpace(c)
        else if (conversion === 'c') accept = () => true
        else {
          const set = scanSet(format, i)
          if (set === null) return done()
          i = set.end
          accept = set.accept
        }
        const max = conversion === 'c' && width === 0 ? 1 : limit
        let text = ''
        while (text.length < max) {
          const c = read()
          if (c < 0) break
          if (!accept(c)) {
            unget(c)
            break
          }
          text += String.fromCharCode(c)
        }
        // Nothing matched is a failure; a %5c that meets the end after two bytes stores those
        // two and counts, as glibc's does.
        if (text.length === 0) return done()
        if (target >= 0) {
          put({ kind: 'bytes', text, terminate: conversion !== 'c' })
          assigned++
        }
        break
      }
      default:
        // An unknown conversion ends the scan, as glibc's does.
        return done()
    }
  }
  return done()
}

/**
 * An integer as glibc reads it for a conversion (sign, then `0x` for base 16 or 0, a leading
 * `0` making base 0 octal), at most `limit` bytes; null when no digit was read. The value is
 * what __strtol_internal (`signed`) or __strtoul_internal answers for that text: saturated at
 * LONG_MIN/LONG_MAX, or at ULONG_MAX with a minus sign wrapping the rest; the store then keeps
 * the low bytes the length modifier says.
 */
function scanInteger(
  read: () => number,
  unget: (c: number) => void,
  base: number,
  limit: number,
  signed: boolean
): bigint | null {
  let used = 0
  /** The byte read and not yet used; NOT_READ once the width allows no more. */
  let c = read()
  const advance = (): void => {
    used++
    c = used < limit ? read() : NOT_READ
  }
  let negative = false
  if (c === 0x2b || c === 0x2d) {
    negative = c === 0x2d
    advance()
  }
  let digits = 0
  let value = 0n
  if (c === 0x30) {
    digits++
    advance()
    // (advance() has moved c on: the narrowing from `c === 0x30` no longer holds.)
    const x = c as number
    if ((x === 0x78 || x === 0x58) && (base === 0 || base === 16)) {
      base = 16
      advance()
    } else if (base === 0) base = 8
  } else if (base === 0) base = 10
  while (c !== NOT_READ && digitValue(c, base) >= 0) {
    value = value * BigInt(base) + BigInt(digitValue(c, base))
    digits++
    advance()
  }
  if (c !== NOT_READ) unget(c)
  if (digits === 0) return null
  if (signed) {
    const v = negative ? -value : value
    if (v > 0x7fffffffffffffffn) return 0x7fffffffffffffffn
    if (v < -0x8000000000000000n) return -0x8000000000000000n
    return v
  }
  if (value > 0xffffffffffffffffn) return 0xffffffffffffffffn
  return negative ? BigInt.asUintN(64, -value) : value
}

/** A conversion of a scanf format, for gcc's -Wformat check of its arguments (checker.ts). */
export interface ScanDirective {
  /** `%5ld`, as written. */
  text: string
  /** Where it starts in the format. */
  at: number
  /** `%*d` assigns nothing and takes no argument. */
  suppress: boolean
  length: string
  conversion: string
}

/** The length modifier written at `i` in a format ('' if none): the longest of glibc's first. */
function lengthModifierAt(format: string, i: number): string {
  for (const m of ['hh', 'h', 'll', 'l', 'L', 'q', 'j', 'z', 't'])
    if (format.startsWith(m, i)) return m
  return ''
}

/** The conversions of a scanf format in order (`%%` left out), as `scan` reads them. */
export function scanDirectives(format: string): ScanDirective[] {
  const directives: ScanDirective[] = []
  let i = 0
  while (i < format.length) {
    if (format[i] !== '%') {
      i++
      continue
    }
    const at = i++
    if (format[i] === '%') {
      i++
      continue
    }
    const suppress = format[i] === '*'
    if (suppress) i++
    while (i < format.length && format[i] >= '0' && format[i] <= '9') i++
    const length = lengthModifierAt(format, i)
    i += length.length
    const conversion = format[i++] ?? ''
    if (conversion === '[') {
      const set = scanSet(format, i)
      i = set === null ? format.length : set.end
    }
    directives.push({ text: format.slice(at, i), at, suppress, length, conversion })
  }
  return directives
}

/** A byte the scan did not read because the field's width was used up. */
const NOT_READ = -2

/**
 * The text of a floating number (decimal with exponent, hexadecimal, inf, nan), read greedily
 * as glibc does: null when it holds no digit.
 */
function scanFloating(
  read: () => number,
  unget: (c: number) => void,
  limit: number
): string | null {
  let text = ''
  let c = read()
  const more = (): boolean => text.length < limit
  const take = (): void => {
    text += String.fromCharCode(c)
    c = more() ? read() : NOT_READ
  }
  if ((c === 0x2b || c === 0x2d) && more()) take()
  const lower = (): string => (c >= 0 ? String.fromCharCode(c).toLowerCase() : '')
  // inf, infinity, nan.
  if (lower() === 'i' || lower() === 'n') {
    const word = lower() === 'i' ? 'infinity' : 'nan'
    let matched = 0
    while (matched < word.length && more() && lower() === word[matched]) {
      take()
      matched++
    }
    if (c !== NOT_READ) unget(c)
    const ok = word === 'nan' ? matched === 3 : matched === 3 || matched === 8
    return ok ? text : null
  }
  let digits = 0
  let hex = false
  if (c === 0x30 && more()) {
    take()
    digits++
    if (lower() === 'x' && more()) {
      take()
      hex = true
    }
  }
  const isDigit = (): boolean => c >= 0 && (hex ? digitValue(c, 16) >= 0 : c >= 0x30 && c <= 0x39)
  while (more() && isDigit()) {
    take()
    digits++
  }
  if (c === 0x2e && more()) {
    take()
    while (more() && isDigit()) {
      take()
      digits++
    }
  }
  if (digits > 0 && more() && (hex ? lower() === 'p' : lower() === 'e')) {
    take()
    if ((c === 0x2b || c === 0x2d) && more()) take()
    while (more() && c >= 0x30 && c <= 0x39) take()
  }
  if (c !== NOT_READ) unget(c)
  return digits > 0 ? text : null
}

/** The value of a floating text as strtod answers it (a cut exponent reads as none). */
export function parseFloatingText(text: string): number {
  const t = text.toLowerCase()
  const sign = t.startsWith('-') ? -1 : 1
  const body = t.replace(/^[+-]/, '')
  if (body.startsWith('inf')) return sign * Infinity
  if (body.startsWith('nan')) return NaN
  if (body.startsWith('0x')) {
    const m = /^0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?/.exec(body)
    if (!m) return sign * 0
    const whole = m[1] ?? ''
    const fraction = m[2] ?? ''
    let value = 0
    for (const d of whole + fraction) value = value * 16 + parseInt(d, 16)
    const exponent = Number(m[3] ?? '0') - 4 * fraction.length
    return sign * value * 2 ** exponent
  }
  return Number(decimalPrefix(text))
}

/**
 * The part of a decimal floating text strtod reads (`1.5e` is 1.5: an exponent without
 * digits is left out), sign included; Number() of it is the correctly rounded double.
 */
export function decimalPrefix(text: string): string {
  const m = /^([+-]?)(\d*\.?\d*)([eE][+-]?\d+)?/.exec(text)
  const digits = m?.[2] ?? ''
  return /\d/.test(digits) ? (m?.[1] ?? '') + digits + (m?.[3] ?? '') : '0'
}

/** A `%[…]` set starting at `format[at]`: which bytes it accepts and where the format goes on. */
function scanSet(
  format: string,
  at: number
): { accept: (c: number) => boolean; end: number } | null {
  let i = at
  let negate = false
  if (format[i] === '^') {
    negate = true
    i++
  }
  const members = new Set<number>()
  let first = true
  while (i < format.length && (format[i] !== ']' || first)) {
    const c = format.charCodeAt(i)
    if (format[i + 1] === '-' && i + 2 < format.length && format[i + 2] !== ']') {
      const to = format.charCodeAt(i + 2)
      for (let k = c; k <= to; k++) members.add(k)
      i += 3
    } else {
      members.add(c)
      i++
    }
    first = false
  }
  if (i >= format.length) return null
  return { accept: (c) => members.has(c) !== negate, end: i + 1 }
}
