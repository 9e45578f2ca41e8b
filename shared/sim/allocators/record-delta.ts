/**
 * An allocator snapshot's blocks kept as a delta against the snapshot before it (time travel).
 *
 * Snapshots list their blocks in address order, a fixed number of numbers each, with no
 * addresses: the blocks tile the heap from a base, so each starts where the one before ends.
 * Between two snapshots of a long replay most blocks are the same block at the same address
 * with the same numbers, but a split or a merge anywhere shifts every later block's index, so
 * the two arrays cannot be compared index by index. `diffRecords` walks both by address and
 * keeps runs of blocks found unchanged in the earlier array (where they are there) and the
 * blocks that differ; `applyRecordDelta` puts the array back from the earlier one.
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

/**
 * The whole blocks array `d` stands for, from `earlier`'s: in `into` when it is of the same
 * kind and long enough (restores reuse their buffers), else in a new one; its first
 * `d.count × fields` numbers. Copied number by number: most runs are a few blocks long, and a
 * `subarray` for each (to `set` from) cost more than the copy.
 */
export function applyRecordDelta(
  d: RecordDelta,
  earlier: RecordArray,
  fields: number,
  into: RecordArray | null
): RecordArray {
  const need = d.count * fields
  const out =
    into !== null && into.constructor === earlier.constructor && into.length >= need
      ? into
      : earlier instanceof Uint32Array
        ? new Uint32Array(need * 2)
        : new Float64Array(need * 2)
  const runs = d.runs
  const changed = d.changed
  let o = 0
  let c = 0
  for (let r = 0; r < runs.length; r += 3) {
    let from = (runs[r] as number) * fields
    const copied = (runs[r + 1] as number) * fields
    const own = (runs[r + 2] as number) * fields
    for (let k = 0; k < copied; k++) out[o++] = earlier[from++] as number
    for (let k = 0; k < own; k++) out[o++] = changed[c++] as number
  }
  return out
}
