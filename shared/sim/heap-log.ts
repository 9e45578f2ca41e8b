/**
 * The heap's event log: every malloc, calloc, realloc, free, brk and mmap/munmap the machine
 * performed, in order, with the step and source line. Append-only between snapshots (a restore
 * truncates it), stored in big preallocated typed arrays so a million entries stay small and an
 * append is a few stores. The charts and the scrubber's markers read it.
 */
export type HeapOp = 'malloc' | 'calloc' | 'realloc' | 'free' | 'brk' | 'mmap' | 'munmap'

const OPS: readonly HeapOp[] = ['malloc', 'calloc', 'realloc', 'free', 'brk', 'mmap', 'munmap']

/** Numeric codes of the operations, for `HeapLog.append` (the machine's hot path). */
export const HeapOpCode = {
  malloc: 0,
  calloc: 1,
  realloc: 2,
  free: 3,
  brk: 4,
  mmap: 5,
  munmap: 6
} as const satisfies Record<HeapOp, number>

export interface HeapLogEntry {
  step: number
  line?: number
  op: HeapOp
  /** The pointer passed (free, realloc), the address (munmap), or 0. */
  pointer: number
  /** Bytes asked for (malloc, realloc, mmap, munmap; count × size for calloc), or the new break. */
  size: number
  /** What the call returned: the pointer, the old break (brk), or -1/0 on failure. */
  result: number
  /** The program break after the call. */
  programBreak: number
}

/**
 * Entries per chunk (a power of two). A long run's log grows by whole chunks and never copies
 * them; only the first chunk starts small and doubles up to this size, so a machine that makes
 * a handful of heap calls (most tests, most lessons) does not hold megabytes.
 */
const CHUNK_BITS = 12
const CHUNK = 1 << CHUNK_BITS
const MASK = CHUNK - 1
/** Capacity of the first chunk when the log is made. */
const FIRST_CAPACITY = 256

/**
 * One entry is 32 bytes side by side (an append writes one run of them): three doubles, the
 * pointer, size and result (addresses and sizes need all 53 bits), then two 32-bit words: the
 * step as an offset from the step of its chunk's first entry, and the line and operation packed
 * as (line + 1) × 8 + op code (0 + op code when there is no line). Every byte of a new chunk is
 * one the kernel faults in and zeroes and the garbage collector accounts for: at 40 bytes (five
 * doubles) HeapLog.grow was 27 % of a CPU profile of the do-nothing floor's replay, and the
 * system time of appending a long log is proportional to the bytes.
 *
 * A step more than 2^32 − 1 past its chunk's first, before it or not an integer, and a line of
 * 2^28 − 1 or more, do not fit: the entry's line-and-operation word is then −1 − op code (below
 * zero) and its step and line are kept in `wide` instead.
 */
const BYTES = 32
/** Doubles per entry (pointer, size, result at +0, +1, +2), and 32-bit words per entry. */
const DOUBLES = BYTES / 8
const WORDS = BYTES / 4
const POINTER = 0
const SIZE = 1
const RESULT = 2
/** The 32-bit words after the three doubles. */
const STEP = 6
const LINE_OP = 7
/** Lines from here on do not fit beside the op code in 32 bits. */
const LINE_LIMIT = 2 ** 28 - 1

/** A chunk: one buffer seen as doubles and as 32-bit words, and the step its offsets count from. */
class Chunk {
  readonly doubles: Float64Array
  readonly words: Int32Array
  constructor(
    entries: number,
    /** The step of the chunk's first entry (NaN until it is written). */
    public base = NaN
  ) {
    const buffer = new ArrayBuffer(entries * BYTES)
    this.doubles = new Float64Array(buffer)
    this.words = new Int32Array(buffer)
  }
  get capacity(): number {
    return this.words.length / WORDS
  }
}

export class HeapLog {
  /** Chunk k holds entries [k × CHUNK, (k + 1) × CHUNK); all but the first are CHUNK long. */
  private readonly chunks: Chunk[] = [new Chunk(FIRST_CAPACITY)]
  /** The chunk being appended to (its views and base), the next entry's index in it, its capacity. */
  private doubles: Float64Array
  private words: Int32Array
  private base = NaN
  private cursor = 0
  private limit: number
  /** Step and line of the entries whose line-and-operation word is below 0, by entry index. */
  private readonly wide = new Map<number, { step: number; line: number }>()
  length = 0
  /**
   * Entries [0, recorded) are one history: a truncate keeps the entries past the new length,
   * so that a restore of a later snapshot (time travel forwards, after going back) finds them
   * again; an append that differs from the entry it overwrites starts a different future, and
   * the entries after it are then forgotten.
   */
  private recorded = 0
  /**
   * The program break where it changes: from entry `breakFrom[k]` on it is `breakValue[k]`.
   * Pairs [0, breaks) belong to entries [0, length), pairs [0, breaksRecorded) to [0, recorded).
   */
  private breakFrom = new Float64Array(64)
  private breakValue = new Float64Array(64)
  private breaks = 0
  private breaksRecorded = 0
  /**
   * The break after the last entry (`breakValue[breaks − 1]`), NaN before the first (equal to
   * nothing, so the first append records it): `append`'s one compare for "the break moved".
   */
  private lastBreak = NaN

  constructor() {
    const first = this.chunks[0] as Chunk
    this.doubles = first.doubles
    this.words = first.words
    this.limit = first.capacity
  }

  /** Append one entry (see `HeapLogEntry` for the fields). */
  push(
    step: number,
    line: number | undefined,
    op: HeapOp,
    pointer: number,
    size: number,
    result: number,
    programBreak: number
  ): void {
    this.append(step, line ?? -1, HeapOpCode[op], pointer, size, result, programBreak)
  }

  /**
   * `push` with the line as a number (−1: none) and the operation's `HeapOpCode`. The common
   * case (room in the chunk, at the end of the recorded history, the break where it was) is a
   * few stores in a function small enough to inline into the machine's heap calls, so the
   * addresses it is given stay unboxed doubles; everything else is `appendSlow`.
   */
  append(
    step: number,
    line: number,
    code: number,
    pointer: number,
    size: number,
    result: number,
    programBreak: number
  ): void {
    const at = this.cursor
    const offset = step - this.base
    if (
      at !== this.limit &&
      this.length === this.recorded &&
      programBreak === this.lastBreak &&
      offset >>> 0 === offset &&
      line < LINE_LIMIT
    ) {
      const d = this.doubles
      const w = this.words
      d[at * DOUBLES + POINTER] = pointer
      d[at * DOUBLES + SIZE] = size
      d[at * DOUBLES + RESULT] = result
      w[at * WORDS + STEP] = offset
      // A line below 0 (−1 or any other) is none; a fractional one is not a line a caller has.
      w[at * WORDS + LINE_OP] = (line >= 0 ? (line + 1) * 8 : 0) + code
      this.cursor = at + 1
      // At the end of the history, breaks === breaksRecorded already (and stays so).
      this.recorded = ++this.length
      return
    }
    this.appendSlow(step, line, code, pointer, size, result, programBreak)
  }

  /** `append` when a chunk is full, the break moved, or the entry replays recorded ground. */
  private appendSlow(
    step: number,
    line: number,
    code: number,
    pointer: number,
    size: number,
    result: number,
    programBreak: number
  ): void {
    let at = this.cursor
    if (at === this.limit) at = this.grow()
    const d = this.doubles
    const w = this.words
    const lineOp = (line >= 0 && line < LINE_LIMIT ? (line + 1) * 8 : 0) + code
    const wideLine = line >= LINE_LIMIT
    let offset = step - this.base
    const b = this.breaks
    const moved = b === 0 || this.breakValue[b - 1] !== programBreak
    if (this.length < this.recorded) {
      // Replaying ground already recorded: the same entry, or a different future from here.
      const movedThen = b < this.breaksRecorded && this.breakFrom[b] === this.length
      const word = w[at * WORDS + LINE_OP] as number
      const was = word < 0 ? this.wide.get(this.length) : undefined
      const same =
        d[at * DOUBLES + POINTER] === pointer &&
        d[at * DOUBLES + SIZE] === size &&
        d[at * DOUBLES + RESULT] === result &&
        (was !== undefined
          ? word === -1 - code && Object.is(was.step, step) && Object.is(was.line, line)
          : word === lineOp &&
            !wideLine &&
            this.base + ((w[at * WORDS + STEP] as number) >>> 0) === step) &&
        moved === movedThen &&
        (!moved || this.breakValue[b] === programBreak)
      if (!same) this.diverged(b)
    }
    if (at === 0 && this.length === this.recorded) {
      // A chunk's first entry with nothing recorded after it: its step is the chunk's base.
      this.base = (this.chunks[this.length >> CHUNK_BITS] as Chunk).base = step
      offset = 0
    }
    d[at * DOUBLES + POINTER] = pointer
    d[at * DOUBLES + SIZE] = size
    d[at * DOUBLES + RESULT] = result
    if (offset >>> 0 === offset && !wideLine) {
      w[at * WORDS + STEP] = offset
      w[at * WORDS + LINE_OP] = lineOp
    } else {
      w[at * WORDS + LINE_OP] = -1 - code
      this.wide.set(this.length, { step, line })
    }
    this.cursor = at + 1
    if (moved) this.breakMoved(b, programBreak)
    if (++this.length > this.recorded) {
      this.recorded = this.length
      this.breaksRecorded = this.breaks
    }
  }

  /** A different future from entry `length` on: the recorded entries after it are forgotten. */
  private diverged(breaks: number): void {
    this.recorded = this.length
    this.breaksRecorded = breaks
  }

  /** The break changes at entry `length`: pair `b` says so. */
  private breakMoved(b: number, programBreak: number): void {
    if (b === this.breakFrom.length) {
      const from = new Float64Array(b * 2)
      const value = new Float64Array(b * 2)
      from.set(this.breakFrom)
      value.set(this.breakValue)
      this.breakFrom = from
      this.breakValue = value
    }
    this.breakFrom[b] = this.length
    this.breakValue[b] = programBreak
    this.breaks = b + 1
    this.lastBreak = programBreak
  }

  /** The index of the last break pair at or before entry `i` among the first `count`. */
  private breakPair(i: number, count: number): number {
    let lo = 0
    let hi = count - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if ((this.breakFrom[mid] as number) <= i) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found
  }

  /**
   * Make room for the entry at `length`: the first chunk doubles (copied) until it is a whole
   * chunk, after that each chunk is one new array, or one kept from before a truncate. Returns
   * the write index in the (new) current chunk.
   */
  private grow(): number {
    const index = this.length >> CHUNK_BITS
    const at = this.length & MASK
    let chunk = this.chunks[index]
    if (chunk === undefined) {
      chunk = new Chunk(CHUNK)
      this.chunks.push(chunk)
    } else if (chunk.capacity <= at) {
      // Only the first chunk is ever short.
      const bigger = new Chunk(Math.min(CHUNK, chunk.capacity * 2), chunk.base)
      new Uint8Array(bigger.doubles.buffer).set(new Uint8Array(chunk.doubles.buffer))
      chunk = bigger
      this.chunks[index] = chunk
    }
    this.use(chunk)
    return at
  }

  /** Append into `chunk` from now on. */
  private use(chunk: Chunk): void {
    this.doubles = chunk.doubles
    this.words = chunk.words
    this.base = chunk.base
    this.limit = chunk.capacity
  }

  /**
   * Go back (or forwards again) to the log as it was when it had `length` entries: a machine
   * restoring a snapshot. Forwards only as far as the entries of this history go.
   */
  truncate(length: number): void {
    this.length = Math.min(this.recorded, length)
    this.breaks = this.breakPair(this.length - 1, this.breaksRecorded) + 1
    this.lastBreak = this.breaks > 0 ? (this.breakValue[this.breaks - 1] as number) : NaN
    const chunk = this.chunks[this.length >> CHUNK_BITS]
    const at = this.length & MASK
    if (chunk !== undefined && at < chunk.capacity) {
      this.use(chunk)
      this.cursor = at
    } else {
      // At the end of a full chunk (or of the short first one): the next append grows.
      this.cursor = this.limit = 0
    }
  }

  entry(i: number): HeapLogEntry {
    const chunk = this.chunks[i >> CHUNK_BITS] as Chunk
    const at = i & MASK
    const d = chunk.doubles
    const packed = chunk.words[at * WORDS + LINE_OP] as number
    const stepWord = chunk.words[at * WORDS + STEP] as number
    const wide = packed < 0 ? this.wide.get(i) : undefined
    const line = wide !== undefined ? wide.line : (packed >> 3) - 1
    const pair = this.breakPair(i, this.breaks)
    return {
      step: wide !== undefined ? wide.step : chunk.base + (stepWord >>> 0),
      ...(line >= 0 ? { line } : {}),
      op: OPS[packed < 0 ? -1 - packed : packed & 7] as HeapOp,
      pointer: d[at * DOUBLES + POINTER] as number,
      size: d[at * DOUBLES + SIZE] as number,
      result: d[at * DOUBLES + RESULT] as number,
      programBreak: pair < 0 ? 0 : (this.breakValue[pair] as number)
    }
  }

  /** Entries [from, to) as objects. */
  entries(from = 0, to = this.length): HeapLogEntry[] {
    const out: HeapLogEntry[] = []
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++) out.push(this.entry(i))
    return out
  }
}
