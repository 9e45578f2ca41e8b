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
 * One entry is five doubles side by side (an append writes one run of 40 bytes): step,
 * pointer, size, result, and the line and operation packed as (line + 1) × 8 + op code (line
 * −1 when there is none). The program break, which few calls move, is kept apart: only where
 * it changes.
 */
const STRIDE = 5
const STEP = 0
const POINTER = 1
const SIZE = 2
const RESULT = 3
const LINE_OP = 4

export class HeapLog {
  /** Chunk k holds entries [k × CHUNK, (k + 1) × CHUNK); all but the first are CHUNK long. */
  private readonly chunks: Float64Array[] = [new Float64Array(FIRST_CAPACITY * STRIDE)]
  /** The chunk being appended to, the next write's index in it, and its length. */
  private current: Float64Array
  private cursor = 0
  private limit: number
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
    this.current = this.chunks[0] as Float64Array
    this.limit = this.current.length
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
    if (at !== this.limit && this.length === this.recorded && programBreak === this.lastBreak) {
      const c = this.current
      c[at + STEP] = step
      c[at + POINTER] = pointer
      c[at + SIZE] = size
      c[at + RESULT] = result
      c[at + LINE_OP] = (line >= 0 ? (line + 1) * 8 : 0) + code
      this.cursor = at + STRIDE
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
    const c = this.current
    const packed = (line >= 0 ? (line + 1) * 8 : 0) + code
    const b = this.breaks
    const moved = b === 0 || this.breakValue[b - 1] !== programBreak
    if (this.length < this.recorded) {
      // Replaying ground already recorded: the same entry, or a different future from here.
      const movedThen = b < this.breaksRecorded && this.breakFrom[b] === this.length
      const same =
        c[at + STEP] === step &&
        c[at + POINTER] === pointer &&
        c[at + SIZE] === size &&
        c[at + RESULT] === result &&
        c[at + LINE_OP] === packed &&
        moved === movedThen &&
        (!moved || this.breakValue[b] === programBreak)
      if (!same) this.diverged(b)
    }
    c[at + STEP] = step
    c[at + POINTER] = pointer
    c[at + SIZE] = size
    c[at + RESULT] = result
    c[at + LINE_OP] = packed
    this.cursor = at + STRIDE
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
    const at = (this.length & MASK) * STRIDE
    let chunk = this.chunks[index]
    if (chunk === undefined) {
      chunk = new Float64Array(CHUNK * STRIDE)
      this.chunks.push(chunk)
    } else if (chunk.length <= at) {
      // Only the first chunk is ever short.
      const bigger = new Float64Array(Math.min(CHUNK, (chunk.length / STRIDE) * 2) * STRIDE)
      bigger.set(chunk)
      chunk = bigger
      this.chunks[index] = chunk
    }
    this.current = chunk
    this.limit = chunk.length
    return at
  }

  /**
   * Go back (or forwards again) to the log as it was when it had `length` entries: a machine
   * restoring a snapshot. Forwards only as far as the entries of this history go.
   */
  truncate(length: number): void {
    this.length = Math.min(this.recorded, length)
    this.breaks = this.breakPair(this.length - 1, this.breaksRecorded) + 1
    this.lastBreak = this.breaks > 0 ? (this.breakValue[this.breaks - 1] as number) : NaN
    const index = this.length >> CHUNK_BITS
    const chunk = this.chunks[index]
    const at = (this.length & MASK) * STRIDE
    if (chunk !== undefined && at < chunk.length) {
      this.current = chunk
      this.cursor = at
      this.limit = chunk.length
    } else {
      // At the end of a full chunk (or of the short first one): the next append grows.
      this.cursor = this.limit = 0
    }
  }

  entry(i: number): HeapLogEntry {
    const c = this.chunks[i >> CHUNK_BITS] as Float64Array
    const at = (i & MASK) * STRIDE
    const packed = c[at + LINE_OP] as number
    const line = Math.floor(packed / 8) - 1
    const pair = this.breakPair(i, this.breaks)
    return {
      step: c[at + STEP] as number,
      ...(line >= 0 ? { line } : {}),
      op: OPS[packed % 8] as HeapOp,
      pointer: c[at + POINTER] as number,
      size: c[at + SIZE] as number,
      result: c[at + RESULT] as number,
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
