/**
 * How many bytes the program asked for, per chunk handed out: glibc itself never keeps this
 * (only the chunk size), but the views and the internal-fragmentation metric need it.
 *
 * Heap chunks are 16-byte aligned, so "user pointer − heap start, in 16-byte units" indexes one
 * Int32Array (`byUnit`, grown as chunks appear further up the heap) that holds the bytes asked
 * for + 1 of the chunk handed out there: set, take and replace are a few checks, one load and
 * one store, small enough that V8 inlines them into the allocator's fast paths.
 * For snapshots, the units ever set are listed (`listed`); a unit whose chunk went back stays
 * listed, marked LISTED in `byUnit`, so that taking a chunk moves nothing, until the list is full
 * and is compacted. A snapshot is the live chunks' units and values, 8 bytes a chunk (a
 * million-operation replay keeps thousands of snapshots, so the index itself is never copied).
 * Pointers outside the indexed range (mmapped chunks, a heap that sbrk could not grow and had
 * to continue in an mmapped region) go to a Map, and so do values too big for an Int32 (`big`).
 */

/**
 * Indexed range: 1 GiB of heap above the heap start (2^26 16-byte units). Offsets below it are
 * small integers, so the index is worked out with integer operations (no division).
 */
const INDEXED_BYTES = 1 << 30
const INDEXED_UNITS = INDEXED_BYTES >> 4

/** What `byUnit` holds for a unit besides bytes asked for + 1 (which is at least 1). */
const enum Unit {
  /** Nothing handed out there, and not listed. */
  NONE = 0,
  /** Nothing handed out there now, but listed (a chunk was, since the list was compacted). */
  LISTED = -1,
  /** A chunk is handed out there, its value (2^31 - 2 or more) in `big`. */
  BIG = -2,
  /** The largest value held in `byUnit` itself (+ 1 fits an Int32). */
  MAX_SMALL = 0x7ffffffe
}

/** A value `byUnit` holds itself (as value + 1): a whole number from 0 to MAX_SMALL. */
function fitsUnit(requested: number): boolean {
  return requested >>> 0 === requested && requested <= Unit.MAX_SMALL
}

/** An immutable picture of a ChunkRequests, for time travel. */
export interface ChunkRequestsSnapshot {
  /** 16-byte units above the heap start of the indexed chunks, and their requested bytes. */
  readonly units: Int32Array
  /** 32-bit when every value is a whole number that fits (the usual case), else doubles. */
  readonly values: Uint32Array | Float64Array
  readonly outside: ReadonlyMap<number, number>
}

/** Requested byte counts keyed by user pointer. */
export class ChunkRequests {
  /** The heap start: indexed pointers are 16-byte aligned above it. */
  private readonly base: number
  /** Per 16-byte unit above `base`: bytes asked for + 1, or a `Unit` mark. */
  private byUnit = new Int32Array(1024)
  /** The units listed (each at most once): every unit whose `byUnit` is not NONE. */
  private listed = new Int32Array(256)
  private listedCount = 0
  /** Values of BIG units. */
  private big = new Map<number, number>()
  private outside = new Map<number, number>()

  /** `base`: the heap start; pointers are 16-byte aligned above it. */
  constructor(base: number) {
    this.base = base
  }

  /** The 16-byte unit of an indexed pointer, or -1 for one kept in `outside`. */
  private unitOf(mem: number): number {
    const offset = mem - this.base
    return offset >= 0 && offset < INDEXED_BYTES && (offset & 15) === 0 && (offset | 0) === offset
      ? offset >> 4
      : -1
  }

  /** Bytes requested for the chunk at user pointer `mem`, or undefined if none is recorded. */
  get(mem: number): number | undefined {
    const unit = this.unitOf(mem)
    if (unit < 0) return this.outside.get(mem)
    const v = unit < this.byUnit.length ? (this.byUnit[unit] as number) : Unit.NONE
    return v > 0 ? v - 1 : v === Unit.BIG ? this.big.get(unit) : undefined
  }

  set(mem: number, requested: number): void {
    const unit = this.unitOf(mem)
    if (unit < 0) this.outside.set(mem, requested)
    else this.setUnit(unit, requested)
  }

  /** set, returning what get gave before (realloc keeping its chunk): one lookup. */
  replace(mem: number, requested: number): number | undefined {
    const unit = this.unitOf(mem)
    if (unit < 0) {
      const old = this.outside.get(mem)
      this.outside.set(mem, requested)
      return old
    }
    const old = this.replaceUnit(unit, requested)
    return old < 0 ? undefined : old
  }

  delete(mem: number): void {
    this.take(mem)
  }

  /** get and delete in one lookup: the bytes requested for `mem` (undefined if none), now gone. */
  take(mem: number): number | undefined {
    const unit = this.unitOf(mem)
    if (unit < 0) {
      const value = this.outside.get(mem)
      this.outside.delete(mem)
      return value
    }
    const value = this.takeUnit(unit)
    return value < 0 ? undefined : value
  }

  /** take of the chunk at `unit` (below 2^26): its bytes asked for, or -1 when none is recorded. */
  private takeUnit(unit: number): number {
    const byUnit = this.byUnit
    if (unit >= byUnit.length) return -1
    const v = byUnit[unit] as number
    if (v > 0) {
      byUnit[unit] = Unit.LISTED
      return v - 1
    }
    return v === Unit.BIG ? this.takeBig(unit) : -1
  }

  private takeBig(unit: number): number {
    const value = this.big.get(unit) as number
    this.big.delete(unit)
    this.byUnit[unit] = Unit.LISTED
    return value
  }

  /**
   * set of the chunk at `unit` (below 2^26) to `requested` bytes; the common case (a unit listed
   * before, a value that fits) one load and one store.
   */
  private setUnit(unit: number, requested: number): void {
    const byUnit = this.byUnit
    if (
      unit < byUnit.length &&
      (byUnit[unit] as number) !== Unit.NONE &&
      (byUnit[unit] as number) !== Unit.BIG &&
      fitsUnit(requested)
    ) {
      byUnit[unit] = requested + 1
    } else this.setUnitSlow(unit, requested)
  }

  /**
   * replace of the chunk at `unit`: the bytes asked for before (-1 when none was recorded),
   * `requested` now.
   */
  private replaceUnit(unit: number, requested: number): number {
    const byUnit = this.byUnit
    if (unit < byUnit.length && fitsUnit(requested)) {
      const v = byUnit[unit] as number
      if (v > 0) {
        byUnit[unit] = requested + 1
        return v - 1
      }
    }
    const old = this.takeUnit(unit)
    this.setUnit(unit, requested)
    return old
  }

  /** setUnit of a unit not listed yet, beyond the index, BIG, or of a value beyond an Int32. */
  private setUnitSlow(unit: number, requested: number): void {
    if (unit >= this.byUnit.length) this.cover(unit)
    const byUnit = this.byUnit
    const v = byUnit[unit] as number
    if (v === Unit.NONE) this.list(unit)
    else if (v === Unit.BIG) this.big.delete(unit)
    if (fitsUnit(requested)) {
      byUnit[unit] = requested + 1
    } else {
      byUnit[unit] = Unit.BIG
      this.big.set(unit, requested)
    }
  }

  /** The index grown (doubling) to hold `unit`. */
  private cover(unit: number): void {
    let length = this.byUnit.length
    while (length <= unit) length *= 2
    const byUnit = new Int32Array(Math.min(length, INDEXED_UNITS))
    byUnit.set(this.byUnit)
    this.byUnit = byUnit
  }

  /** `unit` added to the list; a full list is compacted first (its units with no chunk leave). */
  private list(unit: number): void {
    if (this.listedCount === this.listed.length) {
      this.compact()
      if (this.listedCount * 2 > this.listed.length) {
        const listed = new Int32Array(this.listed.length * 2)
        listed.set(this.listed.subarray(0, this.listedCount))
        this.listed = listed
      }
    }
    this.listed[this.listedCount++] = unit
  }

  /** The list without the units whose chunk went back (they are NONE again). */
  private compact(): void {
    const { listed, byUnit } = this
    let kept = 0
    for (let i = 0; i < this.listedCount; i++) {
      const unit = listed[i] as number
      if (byUnit[unit] === Unit.LISTED) byUnit[unit] = Unit.NONE
      else listed[kept++] = unit
    }
    this.listedCount = kept
  }

  /** A copy of the current values (O(chunks listed)). */
  snapshot(): ChunkRequestsSnapshot {
    this.compact()
    const n = this.listedCount
    const units = this.listed.slice(0, n)
    let values: Uint32Array | Float64Array = new Uint32Array(n)
    for (let i = 0; i < n; i++) {
      const v = this.byUnit[units[i] as number] as number
      if (v === Unit.BIG) {
        values = Float64Array.from(units, (unit) => this.get(this.base + unit * 16) as number)
        break
      }
      values[i] = v - 1
    }
    return { units, values, outside: new Map(this.outside) }
  }

  /** Go back to a snapshot's values (the snapshot stays valid). O(chunks now + chunks then). */
  restore(snapshot: ChunkRequestsSnapshot): void {
    for (let i = 0; i < this.listedCount; i++) this.byUnit[this.listed[i] as number] = Unit.NONE
    this.listedCount = 0
    this.big.clear()
    const { units, values } = snapshot
    for (let i = 0; i < units.length; i++) this.setUnitSlow(units[i] as number, values[i] as number)
    this.outside = new Map(snapshot.outside)
  }
}
