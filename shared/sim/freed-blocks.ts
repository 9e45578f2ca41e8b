/**
 * The heap checker's memory of freed blocks, for double-free and use-after-free reports.
 *
 * Kept as an append-only log (six numbers per entry: payload, requested bytes, allocation step
 * and line, free step and line; line −1 = none) plus a map from payload to its newest entry.
 * Freeing a block appends an entry; handing the payload out again appends a tombstone
 * (requested −1). An entry counts while the map still points at it, so the entries that count,
 * oldest first, are the blocks in order of freeing, as a Map re-inserted on every free would
 * keep them.
 *
 * The heap checker does not `forget` a payload malloc hands out again (a lookup and a tombstone on
 * every malloc): it asks about a pointer only after its own table of live blocks said no block
 * starts there, and tells `containing` which payloads are live. Its entries for such payloads
 * then stay until the block is freed again (the newer entry replaces them) or is the oldest
 * beyond `limit`, so they count towards the limit (65,536 blocks for the checker).
 *
 * Why a log: a snapshot is just (chunk list, length, head) and costs nothing, whatever the
 * number of freed blocks; entries below a snapshot's length are never rewritten, so every
 * snapshot stays valid. The log is a list of fixed-size chunks, shared by the snapshots that
 * saw them: after a restore, the first append copies only the chunk it writes into (if a later
 * snapshot may read past the restored length there), never the whole log — a jump in a
 * heap-heavy run used to copy megabytes here. A restore rebuilds the map by replaying the log
 * from `head`; the log is compacted when dead entries outnumber live ones (with a little
 * slack), so that replay stays proportional to the blocks remembered.
 */
import { OffsetTable } from './offset-table'
import type { BlockOrigin } from './types'

const STRIDE = 6
/** Entries per chunk of the log (a power of two): the most a restore's first append copies. */
const CHUNK_BITS = 9
const CHUNK = 1 << CHUNK_BITS
const MASK = CHUNK - 1
/**
 * Dead entries allowed beyond three per remembered block before the log is compacted: a
 * restore replays at most ~4 × remembered + this many entries, and a compaction (which scans
 * the log) comes at most once per this many appends.
 */
const SLACK = 2048

/** A freed block as reports describe it. */
export interface FreedBlock {
  requested: number
  allocated: BlockOrigin
  freed: BlockOrigin
}

/** An immutable picture of the freed-block memory. */
export interface FreedBlocksSnapshot {
  /** The chunks holding entries [0, length) (the last one may hold later entries too). */
  readonly chunks: readonly Float64Array[]
  readonly length: number
  readonly head: number
}

const originOf = (step: number, line: number): BlockOrigin => (line < 0 ? { step } : { step, line })

export class FreedBlocks {
  /** Chunk k holds entries [k × CHUNK, (k + 1) × CHUNK). */
  private chunks: Float64Array[] = []
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
  /**
   * The chunk (index) a restore took from a snapshot that a later snapshot may also hold, with
   * entries past `length` it may read: copied before the first append into it. −1: none.
   */
  private sharedChunk = -1
  /**
   * Entries below this index may be read by a snapshot; entries from it on are this log's own,
   * free to drop or rewrite.
   */
  private frozen = 0
  /**
   * Chunks no snapshot has seen, left over by compaction, for the next chunks the log needs: a
   * long run compacts every few thousand frees, and fresh chunks each time were garbage.
   */
  private spareChunks: Float64Array[] = []

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

  /** Field `field` of entry `i`. */
  private field(i: number, field: number): number {
    return (this.chunks[i >> CHUNK_BITS] as Float64Array)[(i & MASK) * STRIDE + field] as number
  }

  /**
   * The earliest-freed remembered block whose payload contains `address`, passing over the
   * blocks whose payload `handedOut` says is in use again (a caller that does not `forget`).
   */
  containing(
    address: number,
    handedOut?: (payload: number) => boolean
  ): [number, FreedBlock] | undefined {
    for (let i = this.head; i < this.length; i++) {
      const p = this.field(i, 0)
      const requested = this.field(i, 1)
      if (requested < 0 || address < p || address >= p + Math.max(1, requested)) continue
      if (this.newest(p - this.base) === i && handedOut?.(p) !== true) return [p, this.entry(i)]
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
    // A block freed again while still remembered needs no tombstone for its older entry: the
    // index points at the newest entry only, and whatever reads the log (containing, compact,
    // forgetOldest, a restore's replay, where the later entry overrides the earlier) counts an
    // entry only while the index points at it. The checker frees a block it tracks on every
    // free, so a tombstone here was a second append per free and twice the compactions.
    // Compaction rebuilds the index, so it happens first (room for the append below).
    if (this.length + 1 - this.head > 3 * this.index.size + SLACK) this.compact()
    const index = this.index
    const slot = index.insert(payload - this.base)
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
    index.deleteSlot(slot)
    // A tombstone, so that a restore's replay of the log deletes what its older entries set.
    this.append(payload, -1, 0, 0, 0, 0)
  }

  snapshot(): FreedBlocksSnapshot {
    this.frozen = this.length
    return {
      chunks: this.chunks.slice(0, (this.length + MASK) >> CHUNK_BITS),
      length: this.length,
      head: this.head
    }
  }

  restore(s: FreedBlocksSnapshot): void {
    this.chunks = s.chunks.slice()
    this.length = s.length
    this.head = s.head
    this.frozen = s.length
    // The next append goes into the snapshot's last chunk unless it ends at a chunk boundary.
    this.sharedChunk = (s.length & MASK) !== 0 ? s.length >> CHUNK_BITS : -1
    const index = this.index
    index.clear()
    for (let i = s.head; i < s.length; i++) {
      const c = s.chunks[i >> CHUNK_BITS] as Float64Array
      const o = (i & MASK) * STRIDE
      if ((c[o + 1] as number) < 0) index.delete((c[o] as number) - this.base)
      else index.set((c[o] as number) - this.base, i)
    }
  }

  private entry(i: number): FreedBlock {
    return {
      requested: this.field(i, 1),
      allocated: originOf(this.field(i, 2), this.field(i, 3)),
      freed: originOf(this.field(i, 4), this.field(i, 5))
    }
  }

  private forgetOldest(): void {
    while (this.head < this.length) {
      const i = this.head++
      const key = this.field(i, 0) - this.base
      if (this.field(i, 1) >= 0 && this.newest(key) === i) {
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
    // little per append; frequent enough that a restore replays at most ~4 × live + SLACK.
    if (this.length - this.head > 3 * this.index.size + SLACK) this.compact()
    const i = this.length++
    const k = i >> CHUNK_BITS
    let c = this.chunks[k]
    if (c === undefined || k === this.sharedChunk) c = this.ownChunk(k)
    const o = (i & MASK) * STRIDE
    c[o] = payload
    c[o + 1] = requested
    c[o + 2] = allocStep
    c[o + 3] = allocLine
    c[o + 4] = freeStep
    c[o + 5] = freeLine
    return i
  }

  /**
   * Chunk `k` to write into: a new one past the end of the log, or a copy of the chunk a
   * restore shares with later snapshots (of its entries that count: those before `length`).
   */
  private ownChunk(k: number): Float64Array {
    const chunk = this.spareChunks.pop() ?? new Float64Array(CHUNK * STRIDE)
    const shared = this.chunks[k]
    if (shared !== undefined) chunk.set(shared.subarray(0, (this.length - 1 - k * CHUNK) * STRIDE))
    this.chunks[k] = chunk
    if (k === this.sharedChunk) this.sharedChunk = -1
    return chunk
  }

  /** Copy the entries that count, in order, into a fresh log (older snapshots keep the old). */
  private compact(): void {
    const old = this.chunks
    const out: Float64Array[] = []
    const index = this.spare
    index.clear()
    let n = 0
    let c: Float64Array = new Float64Array(0)
    for (let i = this.head; i < this.length; i++) {
      const from = old[i >> CHUNK_BITS] as Float64Array
      const o = (i & MASK) * STRIDE
      const key = (from[o] as number) - this.base
      if ((from[o + 1] as number) < 0 || this.newest(key) !== i) continue
      if ((n & MASK) === 0) {
        c = this.spareChunks.pop() ?? new Float64Array(CHUNK * STRIDE)
        out.push(c)
      }
      const to = (n & MASK) * STRIDE
      for (let f = 0; f < STRIDE; f++) c[to + f] = from[o + f] as number
      index.set(key, n)
      n++
    }
    // The old chunks wholly past everything a snapshot has read (snapshots hold the chunks
    // below ceil(frozen / CHUNK)) are this log's to reuse.
    for (let k = Math.ceil(this.frozen / CHUNK); k < old.length; k++)
      this.spareChunks.push(old[k] as Float64Array)
    this.chunks = out
    this.length = n
    this.head = 0
    this.spare = this.index
    this.index = index
    this.sharedChunk = -1
    this.frozen = 0
  }
}
