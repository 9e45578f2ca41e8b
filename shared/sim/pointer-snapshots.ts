/**
 * The pointers a trace replay holds by block id (what `malloc` returned for each id), as its
 * snapshots keep them: now and then whole, in between only the ids that changed since the
 * snapshot before. A million-operation replay of binary2 has 12,000 ids (48 KB whole), and a
 * gap of 1,000 operations changes at most 1,000 of them.
 */

/** Deltas from a whole copy to the last one, at most (a restore applies them all). */
const MAX_CHAIN = 32

/** Pointers by id as one snapshot keeps them. */
export interface SavedPointers {
  /**
   * Whole: offsets from the heap start + 1 (0: NULL) in 32 bits, or absolute addresses
   * (`absolute`) when one lies too far; null when this snapshot keeps a delta.
   */
  whole: Uint32Array | Float64Array | null
  /** The snapshot's pointers this delta is against (kept alive by it), else null. */
  against: SavedPointers | null
  /** The ids whose pointer changed since `against`, ascending, and their values (as `whole`). */
  ids: Int32Array | null
  values: Uint32Array | Float64Array | null
  /** The form of the values (see `whole`), the same along a chain of deltas. */
  absolute: boolean
  /** Deltas since the whole copy (at most: a dropped snapshot folded in shortens it), and their ids in all. */
  chain: number
  chainIds: number
}

/** Bytes `saved` keeps of its own, roughly. */
export function savedPointerBytes(saved: SavedPointers): number {
  if (saved.whole !== null) return saved.whole.byteLength + 64
  return (saved.ids as Int32Array).byteLength + (saved.values as Uint32Array).byteLength + 64
}

/** Saves and restores one replay's pointers by id. */
export class PointerSnapshots {
  /** The last pointers saved, and the pointers as they were then. */
  private last: SavedPointers | null = null
  private readonly atLast: Float64Array
  /** Reused while the changed ids are collected. */
  private readonly changed: Int32Array

  constructor(count: number) {
    this.atLast = new Float64Array(count)
    this.changed = new Int32Array(count)
  }

  /** `pointers` as a snapshot keeps them, against the last ones saved when few changed. */
  save(pointers: Float64Array, heapStart: number): SavedPointers {
    const last = this.last
    let saved: SavedPointers | null = null
    if (last !== null && last.chain < MAX_CHAIN) {
      // A restore applies the whole copy and every delta after it: at most twice the ids.
      const k = changedIds(pointers, this.atLast, this.changed, pointers.length - last.chainIds)
      if (k >= 0) saved = this.delta(last, pointers, heapStart, k)
    }
    if (saved === null) saved = whole(pointers, heapStart)
    this.atLast.set(pointers)
    this.last = saved
    return saved
  }

  /** The `k` changed ids as a delta against `last`, or null when one does not fit its form. */
  private delta(
    last: SavedPointers,
    pointers: Float64Array,
    heapStart: number,
    k: number
  ): SavedPointers | null {
    const ids = this.changed.slice(0, k)
    let values: Uint32Array | Float64Array
    if (last.absolute) {
      values = new Float64Array(k)
      for (let j = 0; j < k; j++) values[j] = pointers[ids[j] as number] as number
    } else {
      values = new Uint32Array(k)
      for (let j = 0; j < k; j++) {
        const v = pointers[ids[j] as number] as number
        if (v === 0) continue
        const offset = v - heapStart
        if (offset < 0 || offset >= 0xfffffffe) return null
        values[j] = offset + 1
      }
    }
    return {
      whole: null,
      against: last,
      ids,
      values,
      absolute: last.absolute,
      chain: last.chain + 1,
      chainIds: last.chainIds + k
    }
  }

  /**
   * Put `saved` back into `pointers`: its whole copy, then every delta after it.
   *
   * A function of its own so that its loops are compiled with it: inside the replay's restore,
   * V8 compiled a loop on its own (on-stack replacement) before the lines after it had ever
   * run, and every restore then left that code where those lines began (a deoptimization per
   * jump).
   */
  restore(saved: SavedPointers, pointers: Float64Array, heapStart: number): void {
    const chain: SavedPointers[] = []
    let at = saved
    while (at.whole === null) {
      chain.push(at)
      at = at.against as SavedPointers
    }
    const w = at.whole
    if (w instanceof Float64Array) pointers.set(w)
    else {
      for (let i = 0; i < w.length; i++) {
        const v = w[i] as number
        pointers[i] = v === 0 ? 0 : heapStart + v - 1
      }
    }
    for (let c = chain.length - 1; c >= 0; c--) {
      const d = chain[c] as SavedPointers
      const ids = d.ids as Int32Array
      const values = d.values as Uint32Array | Float64Array
      if (d.absolute) {
        for (let j = 0; j < ids.length; j++) pointers[ids[j] as number] = values[j] as number
      } else {
        for (let j = 0; j < ids.length; j++) {
          const v = values[j] as number
          pointers[ids[j] as number] = v === 0 ? 0 : heapStart + v - 1
        }
      }
    }
  }

  /**
   * A replay drops the snapshot that kept `dropped`: `next`, the one after it, keeps what it
   * needs of it (in place: whole when `dropped` was, else both deltas in one).
   */
  fold(dropped: SavedPointers, next: SavedPointers): void {
    if (next.against !== dropped) return
    const nextIds = next.ids as Int32Array
    const nextValues = next.values as Uint32Array | Float64Array
    if (dropped.whole !== null) {
      const w = dropped.whole.slice()
      for (let j = 0; j < nextIds.length; j++) w[nextIds[j] as number] = nextValues[j] as number
      next.whole = w
      next.against = null
      next.ids = null
      next.values = null
      next.chain = 0
      next.chainIds = 0
      return
    }
    const aIds = dropped.ids as Int32Array
    const aValues = dropped.values as Uint32Array | Float64Array
    // Both ascending: merge, the later value where an id is in both.
    const ids: number[] = []
    const values: number[] = []
    let a = 0
    let b = 0
    while (a < aIds.length || b < nextIds.length) {
      const ia = a < aIds.length ? (aIds[a] as number) : Infinity
      const ib = b < nextIds.length ? (nextIds[b] as number) : Infinity
      if (ib <= ia) {
        ids.push(ib)
        values.push(nextValues[b++] as number)
        if (ia === ib) a++
      } else {
        ids.push(ia)
        values.push(aValues[a++] as number)
      }
    }
    next.ids = Int32Array.from(ids)
    next.values = next.absolute ? Float64Array.from(values) : Uint32Array.from(values)
    next.against = dropped.against
    next.chainIds = dropped.chainIds - aIds.length + ids.length
    next.chain = dropped.chain
  }
}

/**
 * The ids whose pointer differs from `before`, into `changed`; how many, or -1 when more than
 * `most`. A function of its own (see `restore`): inside `save`, V8 compiled this loop alone
 * (on-stack replacement) before the lines after it had run, and each save then deoptimized
 * where the loop ended (150-190 times in a million-operation replay).
 */
function changedIds(
  pointers: Float64Array,
  before: Float64Array,
  changed: Int32Array,
  most: number
): number {
  let k = 0
  for (let i = 0; i < pointers.length; i++) {
    if (pointers[i] !== before[i]) {
      if (k === most) return -1
      changed[k++] = i
    }
  }
  return k
}

/** `pointers` whole: offsets from the heap start in 32 bits, unless one lies too far away. */
function whole(pointers: Float64Array, heapStart: number): SavedPointers {
  let w: Uint32Array | Float64Array = new Uint32Array(pointers.length)
  let absolute = false
  for (let i = 0; i < pointers.length; i++) {
    const v = pointers[i] as number
    if (v === 0) continue
    const offset = v - heapStart
    if (offset < 0 || offset >= 0xfffffffe) {
      w = pointers.slice()
      absolute = true
      break
    }
    w[i] = offset + 1
  }
  return { whole: w, against: null, ids: null, values: null, absolute, chain: 0, chainIds: 0 }
}
