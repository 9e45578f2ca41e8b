/**
 * The heap's event log: every malloc, calloc, realloc, free, brk and mmap/munmap the machine
 * performed, in order, with the step and source line. Append-only between snapshots (a restore
 * truncates it), stored in big preallocated typed arrays so a million entries stay small and an
 * append is a few stores. Who reads it (session 11): the machine itself, its length into every
 * snapshot and `truncate` on every restore; its entries only the tests and the bench. The C
 * runs' charts and scrubber markers come from the session's own record of heap calls
 * (shared/lang/session.ts, `onHeapCall`), trace replays report figures and events only.
 */
export type HeapOp = 'malloc' | 'calloc' | 'realloc' | 'free' | 'brk' | 'mmap' | 'munmap'

const OPS: readonly HeapOp[] = ['malloc', 'calloc', 'realloc', 'free', 'brk', 'mmap', 'munmap']

/** The operations' codes, as literals inside this module (a const enum compiles to them). */
const enum Code {
  malloc = 0,
  calloc = 1,
  realloc = 2,
  free = 3,
  brk = 4,
  mmap = 5,
  munmap = 6
}

/** Numeric codes of the operations, for `HeapLog.append` (the machine's hot path). */
export const HeapOpCode = {
  malloc: Code.malloc,
  calloc: Code.calloc,
  realloc: Code.realloc,
  free: Code.free,
  brk: Code.brk,
  mmap: Code.mmap,
  munmap: Code.munmap
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
 * One entry is five 32-bit words side by side (20 bytes; an append writes one run of them):
 *   - the step, as an offset from the step of its chunk's first entry;
 *   - the line, two flags and the operation, packed as (line + 1) × 32 + flags × 8 + op code
 *     (0 × 32 when there is no line);
 *   - the pointer and the result as addresses: 0 for 0 (NULL), otherwise their distance + 1
 *     from the log's `addressBase` (the heap's start), so any address in the 4 GiB above it, or
 *     when their flag says so (`Flag.highPointer`, `Flag.highResult`), from `highBase` (4 GiB
 *     below the stack's top: mappings, mmapped chunks, the stack);
 *   - the size in bytes.
 * Every byte of a new chunk is one the kernel faults in and zeroes (1.8-2.1 µs a 4 KiB page on
 * this session's machine: 15 ns a heap call at 32 bytes an entry, 9 at 20) and the garbage
 * collector accounts for; pointer, size and result as doubles took 32 bytes, and 40 before that.
 *
 * An entry whose values do not fit (a step more than 2^32 − 1 past its chunk's first, before it
 * or not an integer; a line of 2^26 − 1 or more; an address in neither window, such as a wild
 * pointer's; a size of 2^32 or more, or a break as brk's size) is kept whole in `wide`
 * instead, its line-and-operation word then −1 − op code (below zero).
 */
/** Where the words are in an entry: a const enum, so the compiled append stores at literal offsets. */
const enum Word {
  step = 0,
  lineOp = 1,
  pointer = 2,
  size = 3,
  result = 4,
  /** Words per entry. */
  perEntry = 5,
  /** Lines from here on do not fit beside the flags and the op code in 32 bits (2^26 − 1). */
  lineLimit = 67108863
}

/** The flags of a line-and-operation word: which address words count from `highBase`. */
const enum Flag {
  highPointer = 8,
  highResult = 16
}

/** A chunk: its entries' words, and the step its offsets count from. */
class Chunk {
  readonly words: Int32Array
  constructor(
    entries: number,
    /**
     * The step of the chunk's first entry (0 until it is written: the first chunk's entries
     * count from 0 until a step does not fit, see appendSlow). An integer, never NaN, so that
     * the log's `base`, copied from it, stays a small integer and `step − base` integer
     * arithmetic.
     */
    public base = 0
  ) {
    this.words = new Int32Array(entries * Word.perEntry)
  }
  get capacity(): number {
    return this.words.length / Word.perEntry
  }
}

/** An entry's values when they do not fit in its words. */
interface WideEntry {
  step: number
  line: number
  pointer: number
  size: number
  result: number
}

export class HeapLog {
  /** Chunk k holds entries [k × CHUNK, (k + 1) × CHUNK); all but the first are CHUNK long. */
  private readonly chunks: Chunk[] = [new Chunk(FIRST_CAPACITY)]
  /*
   * The fields `append` reads are declared (`declare`) and first set in the constructor, or set
   * where they are declared, never left to be defined as undefined first (useDefineForClassFields):
   * V8 keeps a field it first saw holding undefined as any value, so every read of a number
   * there checks for a small integer, a boxed number and undefined before the arithmetic.
   */
  /** The chunk being appended to (its words and base), the next entry's index in it, its capacity. */
  declare private words: Int32Array
  private base = 0
  private cursor = 0
  private capacity = 0
  /**
   * Where `append`'s fast path stops: the chunk's capacity, or the cursor itself while the
   * entries appended replay recorded ground (`length < recorded`), which `appendSlow` checks.
   */
  private limit = 0
  /**
   * Addresses are kept as their distance from this one (minus 1): `addressBase` − 1, so that an
   * address's word is `address − origin` and 0 stays free for NULL.
   */
  declare private readonly origin: number
  /** The same for the window of `highBase`. */
  declare private readonly highOrigin: number
  /** The entries whose line-and-operation word is below 0, by entry index. */
  private readonly wide = new Map<number, WideEntry>()
  length = 0
  /**
   * Entries [0, recorded) are one history: a truncate keeps the entries past the new length,
   * so that a restore of a later snapshot (time travel forwards, after going back) finds them
   * again; an append that differs from the entry it overwrites starts a different future, and
   * the entries after it are then forgotten. The fast appends (at the end of the history) move
   * only `length`, one store less a heap call: while `length` is past it, `recorded` is
   * `length` (`syncRecorded`, before anything reads it).
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
  /** The break before the first entry, and of every entry before the first pair. */
  declare private readonly initialBreak: number
  /**
   * The break after the last entry (`breakValue[breaks − 1]`, or `initialBreak` before the
   * first pair): `append`'s one compare for "the break moved".
   */
  declare private lastBreak: number

  /**
   * `addressBase`: where the addresses the log is given cluster (the machine's heap start);
   * addresses in the 4 GiB from there, or from `highBase` (where the mappings are), are kept in
   * 32 bits, others whole (see above). `initialBreak`: the program break before the first
   * entry (the machine's heap start).
   */
  constructor(addressBase = 0, highBase = addressBase, initialBreak = 0) {
    const first = this.chunks[0] as Chunk
    this.words = first.words
    this.capacity = this.limit = first.capacity
    this.origin = addressBase - 1
    this.highOrigin = highBase - 1
    this.initialBreak = this.lastBreak = initialBreak
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
   * `push` with the line as a number (−1: none) and the operation's `HeapOpCode`, for an entry
   * that may move the break (brk, mmap, munmap) or any caller that does not know: when the
   * break is where the last entry left it, `appendCall`.
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
    if (programBreak === this.lastBreak) this.appendCall(step, line, code, pointer, size, result)
    else this.appendSlow(step, line, code, pointer, size, result, programBreak)
  }

  /**
   * The machine's hot path: a heap call (malloc, calloc, realloc, free) after which the break
   * is where the last entry left it. The machine logs every move of the break as an entry of
   * its own (`brk`, from inside the allocator's call, before the call's own entry), so a heap
   * call never passes it. The common case (room in the chunk, at the end of the recorded
   * history, every value fits its word) is a few stores in a function small enough to inline
   * into the machine's heap calls, so the addresses it is given stay unboxed doubles;
   * everything else is `appendSlow`.
   */
  appendCall(
    step: number,
    line: number,
    code: number,
    pointer: number,
    size: number,
    result: number
  ): void {
    const at = this.cursor
    const offset = step - this.base
    // An address's word; −1 (does not fit) for the one address whose word would be NULL's.
    const p = pointer === 0 ? 0 : pointer - this.origin || -1
    const r = result === 0 ? 0 : result - this.origin || -1
    if (
      at !== this.limit &&
      offset >>> 0 === offset &&
      line < Word.lineLimit &&
      p >>> 0 === p &&
      r >>> 0 === r &&
      size >>> 0 === size
    ) {
      const w = this.words
      // `at & MASK` is `at` (below the limit, at most a chunk): said so, V8 knows the word
      // indexes are small and adds them without overflow checks.
      const i = (at & MASK) * Word.perEntry
      w[i] = offset // Word.step
      // A line below 0 (−1 or any other) is none; a fractional one is not a line a caller has.
      w[i + Word.lineOp] = (line >= 0 ? (line + 1) * 32 : 0) + code
      w[i + Word.pointer] = p
      w[i + Word.size] = size
      w[i + Word.result] = r
      this.cursor = at + 1
      // At the end of the history (see `limit`): `recorded` follows (see there), and breaks ===
      // breaksRecorded already.
      this.length++
      return
    }
    this.appendCallSlow(step, line, code, pointer, size, result)
  }

  /**
   * `appendCall` of a malloc or calloc (`code`): no pointer passed, so none to check. V8 inlines
   * at most about 920 bytes of bytecode into one function; a replay loop that inlines the
   * machine's malloc and free spends part of it on their appends, and a free's append that does
   * not fit stays a call with its addresses boxed (see the shared/sim README: the floor).
   */
  appendAllocation(step: number, line: number, code: number, size: number, result: number): void {
    const at = this.cursor
    const offset = step - this.base
    const r = result === 0 ? 0 : result - this.origin || -1
    if (
      at !== this.limit &&
      offset >>> 0 === offset &&
      line < Word.lineLimit &&
      r >>> 0 === r &&
      size >>> 0 === size
    ) {
      const w = this.words
      const i = (at & MASK) * Word.perEntry // see appendCall
      w[i] = offset // Word.step
      w[i + Word.lineOp] = (line >= 0 ? (line + 1) * 32 : 0) + code
      w[i + Word.pointer] = 0
      w[i + Word.size] = size
      w[i + Word.result] = r
      this.cursor = at + 1
      this.length++
      return
    }
    this.appendCallSlow(step, line, code, 0, size, result)
  }

  /**
   * `appendSlow` of a heap call (the break where the last entry left it): apart, so that the
   * inlined fast paths pass six values, not seven.
   */
  private appendCallSlow(
    step: number,
    line: number,
    code: number,
    pointer: number,
    size: number,
    result: number
  ): void {
    this.appendSlow(step, line, code, pointer, size, result, this.lastBreak)
  }

  /** `recorded` made whole again after fast appends (see there). */
  private syncRecorded(): void {
    if (this.length > this.recorded) this.recorded = this.length
  }

  /** The word of `address` in the window starting after `origin`, or −1 when it is not in it. */
  private static word(address: number, origin: number): number {
    const word = address === 0 ? 0 : address - origin || -1
    return word >>> 0 === word ? word : -1
  }

  /** The address a pointer or result word says, counted in the high window or not. */
  private address(word: number, high: number): number {
    return word === 0 ? 0 : (high !== 0 ? this.highOrigin : this.origin) + (word >>> 0)
  }

  /**
   * `append` when a chunk is full, the break moved, a value does not fit the heap's window, or
   * the entry replays recorded ground.
   */
  private appendSlow(
    step: number,
    line: number,
    code: number,
    pointer: number,
    size: number,
    result: number,
    programBreak: number
  ): void {
    this.syncRecorded()
    let at = this.cursor
    if (at === this.capacity) at = this.grow()
    if (at === 0 && this.length === this.recorded) {
      // A chunk's first entry with nothing recorded after it: its step is the chunk's base.
      this.base = (this.chunks[this.length >> CHUNK_BITS] as Chunk).base = step
    }
    // The words this entry takes, or a wide entry (narrow false).
    const offset = step - this.base
    let flags = 0
    let p = HeapLog.word(pointer, this.origin)
    if (p < 0) {
      p = HeapLog.word(pointer, this.highOrigin)
      flags |= Flag.highPointer
    }
    let r = HeapLog.word(result, this.origin)
    if (r < 0) {
      r = HeapLog.word(result, this.highOrigin)
      flags |= Flag.highResult
    }
    const narrow =
      offset >>> 0 === offset && line < Word.lineLimit && p >= 0 && r >= 0 && size >>> 0 === size
    const lineOp = narrow ? (line >= 0 ? (line + 1) * 32 : 0) + flags + code : -1 - code
    const w = this.words
    const i = at * Word.perEntry
    const b = this.breaks
    const moved = programBreak !== (b === 0 ? this.initialBreak : this.breakValue[b - 1])
    if (this.length < this.recorded) {
      // Replaying ground already recorded: the same entry (the same values make the same
      // words), or a different future from here.
      const movedThen = b < this.breaksRecorded && this.breakFrom[b] === this.length
      const was = lineOp < 0 ? this.wide.get(this.length) : undefined
      const same =
        w[i + Word.lineOp] === lineOp &&
        (narrow
          ? w[i + Word.step] === (offset | 0) &&
            w[i + Word.pointer] === (p | 0) &&
            w[i + Word.size] === (size | 0) &&
            w[i + Word.result] === (r | 0)
          : was !== undefined &&
            Object.is(was.step, step) &&
            Object.is(was.line, line) &&
            was.pointer === pointer &&
            was.size === size &&
            was.result === result) &&
        moved === movedThen &&
        (!moved || this.breakValue[b] === programBreak)
      if (!same) this.diverged(b)
    }
    w[i + Word.lineOp] = lineOp
    if (narrow) {
      w[i + Word.step] = offset
      w[i + Word.pointer] = p
      w[i + Word.size] = size
      w[i + Word.result] = r
    } else this.wide.set(this.length, { step, line, pointer, size, result })
    this.cursor = at + 1
    if (moved) this.breakMoved(b, programBreak)
    if (++this.length > this.recorded) {
      this.recorded = this.length
      this.breaksRecorded = this.breaks
    }
    this.limit = this.length < this.recorded ? this.cursor : this.capacity
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
      bigger.words.set(chunk.words)
      chunk = bigger
      this.chunks[index] = chunk
    }
    this.use(chunk)
    return at
  }

  /** Append into `chunk` from now on. */
  private use(chunk: Chunk): void {
    this.words = chunk.words
    this.base = chunk.base
    this.capacity = chunk.capacity
  }

  /**
   * Go back (or forwards again) to the log as it was when it had `length` entries: a machine
   * restoring a snapshot. Forwards only as far as the entries of this history go.
   */
  truncate(length: number): void {
    this.syncRecorded()
    this.length = Math.min(this.recorded, length)
    this.breaks = this.breakPair(this.length - 1, this.breaksRecorded) + 1
    this.lastBreak =
      this.breaks > 0 ? (this.breakValue[this.breaks - 1] as number) : this.initialBreak
    const chunk = this.chunks[this.length >> CHUNK_BITS]
    const at = this.length & MASK
    if (chunk !== undefined && at < chunk.capacity) {
      this.use(chunk)
      this.cursor = at
    } else {
      // At the end of a full chunk (or of the short first one): the next append grows.
      this.cursor = this.capacity = 0
    }
    this.limit = this.length < this.recorded ? this.cursor : this.capacity
  }

  entry(i: number): HeapLogEntry {
    const chunk = this.chunks[i >> CHUNK_BITS] as Chunk
    const w = chunk.words
    const at = (i & MASK) * Word.perEntry
    const packed = w[at + Word.lineOp] as number
    const wide = packed < 0 ? (this.wide.get(i) as WideEntry) : undefined
    const line = wide !== undefined ? wide.line : (packed >> 5) - 1
    const pair = this.breakPair(i, this.breaks)
    return {
      step: wide !== undefined ? wide.step : chunk.base + ((w[at + Word.step] as number) >>> 0),
      ...(line >= 0 ? { line } : {}),
      op: OPS[packed < 0 ? -1 - packed : packed & 7] as HeapOp,
      pointer:
        wide !== undefined
          ? wide.pointer
          : this.address(w[at + Word.pointer] as number, packed & Flag.highPointer),
      size: wide !== undefined ? wide.size : (w[at + Word.size] as number) >>> 0,
      result:
        wide !== undefined
          ? wide.result
          : this.address(w[at + Word.result] as number, packed & Flag.highResult),
      programBreak: pair < 0 ? this.initialBreak : (this.breakValue[pair] as number)
    }
  }

  /** Entries [from, to) as objects. */
  entries(from = 0, to = this.length): HeapLogEntry[] {
    const out: HeapLogEntry[] = []
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++) out.push(this.entry(i))
    return out
  }
}
