/**
 * An allocator snapshot's blocks kept as a delta against the snapshot before it (time travel).
 *
 * Snapshots list their blocks in address order, a fixed number of numbers each, with no
 * addresses: the blocks tile the heap from a base, so each starts where the one before ends.
 * Between two snapshots of a long replay most blocks are the same block at the same address
 * with the same numbers, but a split or a merge anywhere shifts every later block's index, so
 * the two arrays cannot be compared index by index. `diffRecords` walks both by address and
 * keeps runs of blocks found unchanged in the earlier array (where they are there) and the
 * blocks that differ; `RecordHistory.recordsOf` puts the array back from the earlier ones.
 */

export type RecordArray = Uint32Array | Float64Array

/** The blocks of one snapshot as runs copied from an earlier one's and blocks of its own. */
export interface RecordDelta {
  /**
   * Per run, three numbers: the first block copied from the earlier array, how many blocks are
   * copied from there, then how many come next from `changed`.
   */
  readonly runs: Int32Array
  /** The blocks that are not in the earlier array as they are, in address order. */
  readonly changed: RecordArray
  /** Blocks in all. */
  readonly count: number
}

/** Bytes a delta keeps. */
export function recordDeltaBytes(d: RecordDelta): number {
  return d.runs.byteLength + d.changed.byteLength + 64
}

/** A block's size in bytes from its numbers at `offset` of `records` (gives the addresses). */
export type RecordSize = (records: RecordArray, offset: number) => number

/**
 * `current` (`count` blocks of `fields` numbers from address `base`) as a delta against
 * `earlier` (`earlierCount` blocks from `earlierBase`), or null when the delta would take more
 * than `limit` bytes (keeping the whole array is then the better choice) or the two arrays are
 * not of one kind.
 */
export function diffRecords(
  current: RecordArray,
  count: number,
  base: number,
  earlier: RecordArray,
  earlierCount: number,
  earlierBase: number,
  fields: number,
  sizeOf: RecordSize,
  limit: number
): RecordDelta | null {
  if (current.constructor !== earlier.constructor) return null
  // Numbers kept (three per run, `fields` per changed block) may not pass the limit's.
  const most = limit / current.BYTES_PER_ELEMENT
  const runs: number[] = []
  const changedAt: number[] = []
  // The run being built: `copied` blocks from `from`, then `own` changed ones.
  let from = -1
  let copied = 0
  let own = 0
  let i = 0
  let at = earlierBase
  let address = base
  for (let j = 0; j < count; j++) {
    const o = j * fields
    while (i < earlierCount && at < address) {
      at += sizeOf(earlier, i * fields)
      i++
    }
    let same = i < earlierCount && at === address
    if (same) {
      const e = i * fields
      for (let f = 0; f < fields; f++) {
        if (earlier[e + f] !== current[o + f]) {
          same = false
          break
        }
      }
    }
    if (same) {
      if (from >= 0 && own === 0 && from + copied === i) copied++
      else {
        if (from >= 0) runs.push(from, copied, own)
        from = i
        copied = 1
        own = 0
      }
    } else {
      if (from < 0) {
        from = 0
        copied = 0
      }
      own++
      changedAt.push(j)
      if (changedAt.length * fields + runs.length > most) return null
    }
    address += sizeOf(current, o)
  }
  if (from >= 0) runs.push(from, copied, own)
  if (changedAt.length * fields + runs.length > most) return null
  const changed =
    current instanceof Uint32Array
      ? new Uint32Array(changedAt.length * fields)
      : new Float64Array(changedAt.length * fields)
  for (let k = 0; k < changedAt.length; k++) {
    const o = (changedAt[k] as number) * fields
    const c = k * fields
    for (let f = 0; f < fields; f++) changed[c + f] = current[o + f] as number
  }
  return { runs: Int32Array.from(runs), changed, count }
}

/** Copy `n` numbers of `src` from `i` into `out` at `o`; returns the index after them. */
function copyNumbers(out: RecordArray, o: number, src: RecordArray, i: number, n: number): number {
  for (let k = 0; k < n; k++) out[o + k] = src[i + k] as number
  return o + n
}

/** What a snapshot keeps of its blocks: whole, or a delta against an earlier snapshot's. */
export interface KeptRecords {
  /** The blocks whole; null when `delta` stands for them. */
  blocks: RecordArray | null
  delta: RecordDelta | null
  /** The snapshot `delta` is taken against (kept alive by this one), else null. */
  against: KeptRecords | null
  /** Numbers per block, and the address of the first block. */
  fields: number
  base: number
  /** Deltas from the last whole snapshot to this one (0 for a whole one), and their bytes. */
  chain: number
  chainBytes: number
}

/** When a snapshot is kept whole rather than as a delta (see `RecordHistory`). */
export interface RecordLimits {
  /** A delta may take at most this share of the whole array's bytes. */
  deltaShare: number
  /** At most this many deltas since a whole snapshot (a restore resolves them all). */
  maxChain: number
  /** The deltas since a whole snapshot take at most this many whole arrays' bytes. */
  chainShare: number
}

export type KeptParts = Pick<KeptRecords, 'blocks' | 'delta' | 'against' | 'chain' | 'chainBytes'>

/**
 * One allocator's snapshots of its blocks, each kept as a delta against the snapshot before
 * when that is small, and whole now and then; the buffers they are written and put back in.
 */
export class RecordHistory {
  /** The buffer the next snapshot's blocks are written into. */
  private scratch: RecordArray | null = null
  /** The last snapshot taken and its blocks, whole (the next one is a delta against it). */
  private last: KeptRecords | null = null
  private lastRecords: RecordArray | null = null
  /** The blocks of the snapshot being taken, until `remember` names it. */
  private pending: RecordArray | null = null
  /** The buffer a chain of deltas is resolved into. */
  private resolved: RecordArray | null = null
  /** The deltas of the chain `recordsOf` is resolving, the snapshot asked for first. */
  private readonly chain: RecordDelta[] = []
  /**
   * Per delta of the chain, where its runs were last looked at: the run, the block it starts
   * at, and its first changed block. The blocks asked of a delta come in address order (each
   * delta's runs copy blocks of the one before in that order), so each cursor only moves on.
   */
  private cursors = new Int32Array(24)

  constructor(
    private readonly sizeOf: RecordSize,
    private readonly limits: RecordLimits
  ) {}

  /** A buffer of at least `length` numbers, 32-bit ones when `compact`, to write blocks in. */
  buffer(length: number, compact: boolean): RecordArray {
    const b = this.scratch
    if (b !== null && b instanceof Uint32Array === compact && b.length >= length) return b
    const fresh = compact ? new Uint32Array(length * 2) : new Float64Array(length * 2)
    this.scratch = fresh
    return fresh
  }

  /**
   * How a new snapshot keeps the `n` blocks in `data` (from `buffer`) from address `base`: as a
   * delta against `against`, the snapshot before, when small, else whole. Call `remember` with
   * the snapshot made of them next.
   */
  take(
    data: RecordArray,
    n: number,
    base: number,
    fields: number,
    against: KeptRecords | null | undefined
  ): KeptParts {
    const kept = this.keep(data, n, base, fields, against ?? null)
    this.pending = data
    return kept
  }

  /** `snapshot` is the one just taken: the next is taken against it, from its blocks as they are. */
  remember(snapshot: KeptRecords): void {
    this.scratch = this.lastRecords
    this.lastRecords = this.pending
    this.pending = null
    this.last = snapshot
  }

  private keep(
    data: RecordArray,
    n: number,
    base: number,
    fields: number,
    against: KeptRecords | null
  ): KeptParts {
    const whole = n * fields * data.BYTES_PER_ELEMENT
    const { deltaShare, maxChain, chainShare } = this.limits
    if (against !== null && against.fields === fields && against.chain < maxChain) {
      const room = Math.min(deltaShare * whole, chainShare * whole - against.chainBytes)
      const delta =
        room > 0
          ? diffRecords(
              data,
              n,
              base,
              this.recordsOf(against),
              this.countOf(against),
              against.base,
              fields,
              this.sizeOf,
              room
            )
          : null
      if (delta !== null) {
        return {
          blocks: null,
          delta,
          against,
          chain: against.chain + 1,
          chainBytes: against.chainBytes + recordDeltaBytes(delta)
        }
      }
    }
    return {
      blocks: data.slice(0, n * fields),
      delta: null,
      against: null,
      chain: 0,
      chainBytes: 0
    }
  }

  /** Blocks in snapshot `s`. */
  countOf(s: KeptRecords): number {
    return s.delta !== null ? s.delta.count : (s.blocks as RecordArray).length / s.fields
  }

  /** Bytes `s` keeps of its blocks. */
  bytes(s: KeptRecords): number {
    return s.delta !== null ? recordDeltaBytes(s.delta) : (s.blocks as RecordArray).byteLength
  }

  /**
   * Snapshot `s`'s blocks, whole (its first `countOf(s) × fields` numbers): its own array, the
   * last snapshot's, or its chain of deltas resolved from the whole snapshot it starts at, in a
   * buffer the next call reuses.
   *
   * The chain is resolved in one pass over the blocks, not one pass per delta: each of `s`'s
   * runs says which blocks of the snapshot before it to copy, those blocks are found in that
   * snapshot's own runs, and so on down to a whole array or a delta's changed blocks, and only
   * then is anything copied. A restore at the end of a chain of 8 copied every block 8 times
   * (first fit on binary2 x42: a quarter of the allocator's restore).
   */
  recordsOf(s: KeptRecords): RecordArray {
    if (s.delta === null) return s.blocks as RecordArray
    if (s === this.last && this.lastRecords !== null) return this.lastRecords
    const chain = this.chain
    chain.length = 0
    let at: KeptRecords = s
    while (at.delta !== null) {
      chain.push(at.delta)
      at = at.against as KeptRecords
    }
    const whole = at.blocks as RecordArray
    const fields = s.fields
    const need = s.delta.count * fields
    const into = this.resolved
    const out =
      into !== null && into.constructor === whole.constructor && into.length >= need
        ? into
        : whole instanceof Uint32Array
          ? new Uint32Array(need * 2)
          : new Float64Array(need * 2)
    this.resolved = out
    if (this.cursors.length < chain.length * 3) this.cursors = new Int32Array(chain.length * 6)
    this.cursors.fill(0, 0, chain.length * 3)
    this.copyBlocks(out, whole, 0, 0, s.delta.count, fields, 0)
    return out
  }

  /**
   * Copy `count` blocks from block `from` of the chain's `level`th snapshot into `out` at `o`
   * (`whole`: the array the chain starts from); returns the index after them. Every property
   * and element this reads on one path it reads on all: code V8 optimized before a path first
   * ran deoptimizes there, and a loop's on-stack replacement then re-enters that code again
   * and again (hundreds of deoptimizations in one jump, tens of milliseconds).
   */
  private copyBlocks(
    out: RecordArray,
    whole: RecordArray,
    level: number,
    from: number,
    count: number,
    fields: number,
    o: number
  ): number {
    if (level === this.chain.length)
      return copyNumbers(out, o, whole, from * fields, count * fields)
    const d = this.chain[level] as RecordDelta
    const runs = d.runs
    const changed = d.changed
    const cursors = this.cursors
    const c = level * 3
    let r = cursors[c] as number
    let start = cursors[c + 1] as number
    let firstChanged = cursors[c + 2] as number
    if (from < start) {
      // Not in address order after all: look from the first run again.
      r = 0
      start = 0
      firstChanged = 0
    }
    while (count > 0) {
      const copied = runs[r + 1] as number
      const own = runs[r + 2] as number
      const offset = from - start
      if (offset >= copied + own) {
        start += copied + own
        firstChanged += own
        r += 3
        continue
      }
      // Blocks from the snapshot before, or this delta's own changed ones.
      const before = offset < copied
      const n = Math.min(count, before ? copied - offset : copied + own - offset)
      o = before
        ? this.copyBlocks(out, whole, level + 1, (runs[r] as number) + offset, n, fields, o)
        : copyNumbers(out, o, changed, (firstChanged + offset - copied) * fields, n * fields)
      from += n
      count -= n
    }
    cursors[c] = r
    cursors[c + 1] = start
    cursors[c + 2] = firstChanged
    return o
  }

  /**
   * Keep `s` against `against` (a snapshot taken before it) or whole (null) from now on, in
   * place: a replay that drops the snapshot between them calls this, and the snapshots taken
   * against `s` stay as they are. Its chain gets no longer than it was (those after it count on
   * that), or else it is kept whole.
   */
  rebase(s: KeptRecords, against: KeptRecords | null): void {
    if (s.delta === null) return
    const n = this.countOf(s)
    const data = this.recordsOf(s).slice(0, n * s.fields)
    let kept = this.keep(data, n, s.base, s.fields, against)
    if (kept.chain > s.chain || kept.chainBytes > s.chainBytes) {
      kept = this.keep(data, n, s.base, s.fields, null)
    }
    s.blocks = kept.blocks
    s.delta = kept.delta
    s.against = kept.against
    s.chain = kept.chain
    s.chainBytes = kept.chainBytes
  }
}
