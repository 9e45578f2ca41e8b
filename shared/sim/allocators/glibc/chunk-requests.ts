/**
 * How many bytes the program asked for, per chunk handed out: glibc itself never keeps this
 * (only the chunk size), but the views and the internal-fragmentation metric need it.
 *
 * Heap chunks are 16-byte aligned, so "user pointer − heap start, in 16-byte units" indexes a
 * paged typed array: a lookup is two array loads instead of a hash. Pages are copied on write
 * after a snapshot, so a snapshot costs one array copy of page references (not of the values)
 * and time travel keeps hundreds of them cheaply. Pointers outside the indexed range (mmapped
 * chunks, a heap that sbrk could not grow and had to continue in an mmapped region) go to a Map.
 */

/** Entries per page: 1024 chunks, 16 KiB of heap. */
const PAGE_SHIFT = 10
const PAGE_ENTRIES = 1 << PAGE_SHIFT
const PAGE_MASK = PAGE_ENTRIES - 1
/**
 * Indexed range: 1 GiB of heap above the heap start (2^26 16-byte units). Offsets below it are
 * small integers, so the index is worked out with integer operations (no division).
 */
const INDEXED_BYTES = 1 << 30

/** An immutable picture of a ChunkRequests, for time travel. */
export interface ChunkRequestsSnapshot {
  readonly pages: ReadonlyArray<Float64Array | undefined>
  readonly outside: ReadonlyMap<number, number>
}

/** Requested byte counts keyed by user pointer. */
export class ChunkRequests {
  private readonly base: number
  /** Value + 1 per chunk (0: no chunk handed out there). */
  private pages: Array<Float64Array | undefined> = []
  /** Pages this object may write without copying (not shared with a snapshot). */
  private owned: boolean[] = []
  private outside = new Map<number, number>()

  /** `base`: the heap start; pointers are 16-byte aligned above it. */
  constructor(base: number) {
    this.base = base
  }

  /** Bytes requested for the chunk at user pointer `mem`, or undefined if none is recorded. */
  get(mem: number): number | undefined {
    const offset = mem - this.base
    if (offset >= 0 && offset < INDEXED_BYTES && (offset & 15) === 0 && (offset | 0) === offset) {
      const unit = offset >> 4
      const page = this.pages[unit >> PAGE_SHIFT]
      if (page === undefined) return undefined
      const value = page[unit & PAGE_MASK] as number
      return value === 0 ? undefined : value - 1
    }
    return this.outside.get(mem)
  }

  set(mem: number, requested: number): void {
    const offset = mem - this.base
    if (offset >= 0 && offset < INDEXED_BYTES && (offset & 15) === 0 && (offset | 0) === offset) {
      const unit = offset >> 4
      const pageNo = unit >> PAGE_SHIFT
      const page = this.owned[pageNo] === true ? this.pages[pageNo] : undefined
      ;(page ?? this.writablePage(pageNo))[unit & PAGE_MASK] = requested + 1
    } else this.outside.set(mem, requested)
  }

  delete(mem: number): void {
    const offset = mem - this.base
    if (offset >= 0 && offset < INDEXED_BYTES && (offset & 15) === 0 && (offset | 0) === offset) {
      const pageNo = offset >> (4 + PAGE_SHIFT)
      const unit = offset >> 4
      if (this.pages[pageNo] !== undefined) this.writablePage(pageNo)[unit & PAGE_MASK] = 0
    } else this.outside.delete(mem)
  }

  /** get and delete in one lookup: the bytes requested for `mem` (undefined if none), now gone. */
  take(mem: number): number | undefined {
    const offset = mem - this.base
    if (offset >= 0 && offset < INDEXED_BYTES && (offset & 15) === 0 && (offset | 0) === offset) {
      const pageNo = offset >> (4 + PAGE_SHIFT)
      const index = (offset >> 4) & PAGE_MASK
      const shared = this.pages[pageNo]
      if (shared === undefined) return undefined
      const value = shared[index] as number
      if (value === 0) return undefined
      const page = this.owned[pageNo] === true ? shared : this.writablePage(pageNo)
      page[index] = 0
      return value - 1
    }
    const value = this.outside.get(mem)
    this.outside.delete(mem)
    return value
  }

  private writablePage(pageNo: number): Float64Array {
    let page = this.pages[pageNo]
    if (page === undefined) {
      page = new Float64Array(PAGE_ENTRIES)
      this.pages[pageNo] = page
      this.owned[pageNo] = true
    } else if (this.owned[pageNo] !== true) {
      page = page.slice()
      this.pages[pageNo] = page
      this.owned[pageNo] = true
    }
    return page
  }

  /** Freeze the current values; later writes copy the pages they touch. */
  snapshot(): ChunkRequestsSnapshot {
    this.owned = []
    return { pages: this.pages.slice(), outside: new Map(this.outside) }
  }

  /** Go back to a snapshot's values (the snapshot stays valid). */
  restore(snapshot: ChunkRequestsSnapshot): void {
    this.pages = snapshot.pages.slice()
    this.owned = []
    this.outside = new Map(snapshot.outside)
  }
}
