/**
 * How many bytes the program asked for, per chunk handed out: glibc itself never keeps this
 * (only the chunk size), but the views and the internal-fragmentation metric need it.
 *
 * The entries sit side by side in two typed arrays (chunk and bytes asked for, in no
 * particular order), and an index finds an entry by its chunk: heap chunks are 16-byte
 * aligned, so "user pointer − heap start, in 16-byte units" indexes a paged Int32Array of
 * entry numbers, two array loads instead of a hash. Removing an entry moves the last one into
 * its place. A snapshot is a copy of the entries alone, 8 bytes a live chunk (a million-operation
 * replay keeps thousands of snapshots: pages of the index copied on write cost 8 KiB each for a
 * chunk or two changed, and random traces touch hundreds of them between two snapshots).
 * Pointers outside the indexed range (mmapped chunks, a heap that sbrk could not grow and had
 * to continue in an mmapped region) go to a Map.
 */

/** Index entries per page: 4096 chunks, 64 KiB of heap. */
const PAGE_SHIFT = 12
const PAGE_ENTRIES = 1 << PAGE_SHIFT
const PAGE_MASK = PAGE_ENTRIES - 1
/**
 * Indexed range: 1 GiB of heap above the heap start (2^26 16-byte units). Offsets below it are
 * small integers, so the index is worked out with integer operations (no division).
 */
const INDEXED_BYTES = 1 << 30

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
  private readonly base: number
  /** Entry number + 1 per 16-byte unit (0: no chunk handed out there), in pages. */
  private readonly index: Array<Int32Array | undefined> = []
  /** The entries: unit and requested bytes, `count` of them. */
  private units = new Int32Array(256)
  private values = new Float64Array(256)
  private count = 0
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

  /** Entry number + 1 of `unit` (0 when none). */
  private entryOf(unit: number): number {
    const page = this.index[unit >> PAGE_SHIFT]
    return page === undefined ? 0 : (page[unit & PAGE_MASK] as number)
  }

  private setEntry(unit: number, entry: number): void {
    const pageNo = unit >> PAGE_SHIFT
    let page = this.index[pageNo]
    if (page === undefined) {
      page = new Int32Array(PAGE_ENTRIES)
      // Fill any gap first, so that the array stays packed (holes make every load slower).
      while (this.index.length < pageNo) this.index.push(undefined)
      this.index[pageNo] = page
    }
    page[unit & PAGE_MASK] = entry
  }

  /** Bytes requested for the chunk at user pointer `mem`, or undefined if none is recorded. */
  get(mem: number): number | undefined {
    const unit = this.unitOf(mem)
    if (unit < 0) return this.outside.get(mem)
    const entry = this.entryOf(unit)
    return entry === 0 ? undefined : (this.values[entry - 1] as number)
  }

  set(mem: number, requested: number): void {
    const unit = this.unitOf(mem)
    if (unit < 0) {
      this.outside.set(mem, requested)
      return
    }
    const entry = this.entryOf(unit)
    if (entry !== 0) {
      this.values[entry - 1] = requested
      return
    }
    if (this.count === this.units.length) this.grow(this.count * 2)
    this.units[this.count] = unit
    this.values[this.count] = requested
    this.setEntry(unit, ++this.count)
  }

  /**
   * set, returning what get gave before: one lookup, and the entry stays where it is (realloc
   * keeping its chunk, where take and set would move the last entry and append this one).
   */
  replace(mem: number, requested: number): number | undefined {
    const unit = this.unitOf(mem)
    const entry = unit < 0 ? 0 : this.entryOf(unit)
    if (entry === 0) {
      const old = this.take(mem)
      this.set(mem, requested)
      return old
    }
    const old = this.values[entry - 1] as number
    this.values[entry - 1] = requested
    return old
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
    const page = this.index[unit >> PAGE_SHIFT]
    if (page === undefined) return undefined
    const entry = page[unit & PAGE_MASK] as number
    if (entry === 0) return undefined
    page[unit & PAGE_MASK] = 0
    const value = this.values[entry - 1] as number
    // The last entry moves into the place this one leaves.
    const last = --this.count
    if (entry - 1 !== last) {
      const moved = this.units[last] as number
      this.units[entry - 1] = moved
      this.values[entry - 1] = this.values[last] as number
      this.setEntry(moved, entry)
    }
    return value
  }

  private grow(capacity: number): void {
    const units = new Int32Array(capacity)
    const values = new Float64Array(capacity)
    units.set(this.units.subarray(0, this.count))
    values.set(this.values.subarray(0, this.count))
    this.units = units
    this.values = values
  }

  /** A copy of the current values (O(chunks handed out)). */
  snapshot(): ChunkRequestsSnapshot {
    const n = this.count
    const units = this.units.slice(0, n)
    let values: Uint32Array | Float64Array = new Uint32Array(n)
    for (let i = 0; i < n; i++) {
      const v = this.values[i] as number
      if (v >>> 0 !== v) {
        values = this.values.slice(0, n)
        break
      }
      values[i] = v
    }
    return { units, values, outside: new Map(this.outside) }
  }

  /** Go back to a snapshot's values (the snapshot stays valid). O(chunks now + chunks then). */
  restore(snapshot: ChunkRequestsSnapshot): void {
    for (let i = 0; i < this.count; i++) this.setEntry(this.units[i] as number, 0)
    const n = snapshot.units.length
    if (n > this.units.length) this.grow(Math.max(n, this.units.length * 2))
    this.units.set(snapshot.units)
    this.values.set(snapshot.values)
    this.count = n
    for (let i = 0; i < n; i++) this.setEntry(snapshot.units[i] as number, i + 1)
    this.outside = new Map(snapshot.outside)
  }
}
