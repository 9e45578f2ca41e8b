/**
 * The heap checker's memory of freed blocks, for double-free and use-after-free reports.
 *
 * Kept as an append-only log in one Float64Array (six numbers per entry: payload, requested
 * bytes, allocation step and line, free step and line; line −1 = none) plus a map from payload
 * to its newest entry. Freeing a block appends an entry; handing the payload out again appends
 * a tombstone (requested −1). An entry counts while the map still points at it, so the entries
 * that count, oldest first, are the blocks in order of freeing, as a Map re-inserted on every
 * free would keep them.
 *
 * Why a log: a snapshot is just (array, length, head) and costs nothing, whatever the number
 * of freed blocks; entries below a snapshot's length are never rewritten (after a restore the
 * first append copies the array), so every snapshot stays valid. A restore rebuilds the map by
 * replaying the log from `head`; the log is compacted when dead entries outnumber live ones,
 * so that replay stays proportional to the blocks remembered.
 */
import { OffsetTable } from './offset-table'
import type { BlockOrigin } from './types'

const STRIDE = 6

/** A freed block as reports describe it. */
export interface FreedBlock {
  requested: number
  allocated: BlockOrigin
  freed: BlockOrigin
}

/** An immutable picture of the freed-block memory. */
export interface FreedBlocksSnapshot {
  readonly data: Float64Array
  readonly length: number
  readonly head: number
}

const originOf = (step: number, line: number): BlockOrigin => (line < 0 ? { step } : { step, line })

export class FreedBlocks {
  private data: Float64Array = new Float64Array(STRIDE * 256)
  /** Entries in the log. */
  private length = 0
  /** Entries before `head` never count again (forgotten or compacted away). */
  private head = 0
  /**
   * Payload offset from `base` → index of its newest free entry, for blocks still remembered
   * (a typed-array table: free and malloc touch it on every call).
   */
  private index = new OffsetTable(1)
  /** The table compact() builds the next index in (swapped with `index`). */
  private spare = new OffsetTable(1)
  /** `data` may hold entries of a later snapshot past `length`: copy it before appending. */
  private shared = false
  /**
   * Entries of `data` below this index may be read by a snapshot (Infinity: all of them, the
   * array came from one); entries from it on are this log's own, free to drop or rewrite.
   */
  private frozen = 0
  /** A log array no snapshot has seen, kept from the last compaction to compact into next. */
  private spareData: Float64Array | null = null

  /**
   * `limit`: how many blocks to remember (the oldest free is forgotten beyond it); `base`: an
   * address near the payloads (the heap start).
   */
  constructor(
    private readonly limit: number,
    private readonly base = 0
  ) {}

  /** Blocks remembered now. */
  get size(): number {
    return this.index.size
  }

  get(payload: number): FreedBlock | undefined {
    const slot = this.index.slotOf(payload - this.base)
    return slot < 0 ? undefined : this.entry(this.index.value(slot, 0))
  }

  /** Index of the newest entry of the block at offset `key`, or −1. */
  private newest(key: number): number {
    const slot = this.index.slotOf(key)
    return slot < 0 ? -1 : this.index.value(slot, 0)
  }

  /** The earliest-freed remembered block whose payload contains `address`. */
  containing(address: number): [number, FreedBlock] | undefined {
    const d = this.data
    for (let i = this.head; i < this.length; i++) {
      const o = i * STRIDE
      const p = d[o]
      const requested = d[o + 1]
      if (requested < 0 || address < p || address >= p + Math.max(1, requested)) continue
      if (this.newest(p - this.base) === i) return [p, this.entry(i)]
    }
    return undefined
  }

  /** Remember that `payload` was freed now (replacing what was known about it). */
  remember(payload: number, requested: number, allocated: BlockOrigin, freed: BlockOrigin): void {
    this.add(payload, requested, allocated.step, allocated.line ?? -1, freed.step, freed.line ?? -1)
  }

  /** remember() with the origins as numbers (line −1: none), which the heap checker keeps. */
  add(
    payload: number,
    requested: number,
    allocStep: number,
    allocLine: number,
    freeStep: number,
    freeLine: number
  ): void {
    // A block freed again while still remembered: its older entry gets a tombstone first, so
    // every entry but a block's newest is cancelled in the log itself (forget relies on it).
    // Compaction rebuilds the index, so it happens first (room for the two appends below), and
    // the block's slot is found once: a block remembered already gets a tombstone first.
    if (this.length + 2 - this.head > 3 * this.index.size + 16384) this.compact()
    const index = this.index
    const known = index.size
    const slot = index.insert(payload - this.base)
    if (index.size === known) this.append(payload, -1, 0, 0, 0, 0)
    index.setValue(
      slot,
      0,
      this.append(payload, requested, allocStep, allocLine, freeStep, freeLine)
    )
    if (index.size > this.limit) this.forgetOldest()
  }

  /** The payload was handed out again: it is no longer a freed block. */
  forget(payload: number): void {
    const index = this.index
    const slot = index.slotOf(payload - this.base)
    if (slot < 0) return
    const newest = index.value(slot, 0)
    index.deleteSlot(slot)
    // Handed out again right after its free (an allocator reusing the block it just got back),
    // and no snapshot has seen that entry: drop it instead of adding a tombstone (its older
    // entries, if any, are cancelled already: see add).
    if (newest === this.length - 1 && newest >= this.frozen) this.length--
    else this.append(payload, -1, 0, 0, 0, 0)
  }

  snapshot(): FreedBlocksSnapshot {
    this.frozen = this.length
    return { data: this.data, length: this.length, head: this.head }
  }

  restore(s: FreedBlocksSnapshot): void {
    this.data = s.data
    this.length = s.length
    this.head = s.head
    this.shared = true
    this.frozen = Infinity
    const index = this.index
    index.clear()
    const d = s.data
    for (let i = s.head; i < s.length; i++) {
      const o = i * STRIDE
      if (d[o + 1] < 0) index.delete(d[o] - this.base)
      else index.set(d[o] - this.base, i)
    }
  }

  private entry(i: number): FreedBlock {
    const d = this.data
    const o = i * STRIDE
    return {
      requested: d[o + 1],
      allocated: originOf(d[o + 2], d[o + 3]),
      freed: originOf(d[o + 4], d[o + 5])
    }
  }

  private forgetOldest(): void {
    const d = this.data
    while (this.head < this.length) {
      const i = this.head++
      const key = d[i * STRIDE] - this.base
      if (d[i * STRIDE + 1] >= 0 && this.newest(key) === i) {
        this.index.delete(key)
        return
      }
    }
  }

  private append(
    payload: number,
    requested: number,
    allocStep: number,
    allocLine: number,
    freeStep: number,
    freeLine: number
  ): number {
    // Dead entries far outnumber the live ones: keep the live ones only. Rare enough to cost
    // little per append; frequent enough that a restore replays at most ~4 × live + 16 Ki.
    if (this.length - this.head > 3 * this.index.size + 16384) this.compact()
    if ((this.length + 1) * STRIDE > this.data.length || this.shared) {
      const grown = new Float64Array(Math.max(this.data.length, (this.length + 1) * STRIDE * 2))
      grown.set(this.data.subarray(0, this.length * STRIDE))
      this.data = grown
      this.shared = false
      this.frozen = 0
    }
    const i = this.length++
    const d = this.data
    const o = i * STRIDE
    d[o] = payload
    d[o + 1] = requested
    d[o + 2] = allocStep
    d[o + 3] = allocLine
    d[o + 4] = freeStep
    d[o + 5] = freeLine
    return i
  }

  /** Copy the entries that count, in order, into a fresh log (older snapshots keep the old). */
  private compact(): void {
    const old = this.data
    // Room for every append until the next compaction (see append), so the log is not grown
    // (copied) again in between: a long run would otherwise allocate megabytes per thousand frees.
    const room = (4 * this.index.size + 16384 + 256) * STRIDE
    const spare = this.spareData
    const out = spare !== null && spare.length >= room ? spare : new Float64Array(room)
    const index = this.spare
    index.clear()
    let n = 0
    for (let i = this.head; i < this.length; i++) {
      const o = i * STRIDE
      const key = old[o] - this.base
      if (old[o + 1] < 0 || this.newest(key) !== i) continue
      for (let c = 0; c < STRIDE; c++) out[n * STRIDE + c] = old[o + c]
      index.set(key, n)
      n++
    }
    // The old log is the next compaction's target unless a snapshot may still read it.
    this.spareData = this.frozen === 0 ? old : null
    this.data = out
    this.length = n
    this.head = 0
    this.spare = this.index
    this.index = index
    this.shared = false
    this.frozen = 0
  }
}
