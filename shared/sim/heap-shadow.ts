/**
 * The heap checker's shadow memory: for every byte of the heap and of the mappings, whether it
 * lies in a live block's requested payload (`HeapTag.allocated`), in a freed block's payload
 * (`HeapTag.freed`, poisoned), or in neither (`HeapTag.none`: headers, padding, free space
 * never handed out, anything not heap) — what AddressSanitizer keeps in its shadow bytes.
 *
 * Kept as sorted, disjoint runs of addresses with their tag (runs of `none` are not stored),
 * not as a tag per byte: a malloc or free repaints its block in time that depends on the runs
 * it covers, not on its bytes, and a 1 GiB calloc costs what a 16-byte one does. A byte's tag
 * is the one its newest paint gave it, exactly as per-byte tags would say: a freed payload
 * stays poisoned until a later block's header, padding or payload covers it.
 *
 * The runs sit in chunks of up to CAPACITY runs (a typed array each), so an insertion
 * moves at most a chunk's runs whatever the heap's size, and a snapshot is the list of chunks:
 * chunks are shared with the snapshots that hold them and copied before the first write after
 * a snapshot or a restore (copy-on-write, as memory's pages are).
 */

/** What the heap checker knows about a byte. */
export const HeapTag = {
  /** Not a live payload byte (headers, padding, never-allocated heap, or not heap at all). */
  none: 0,
  /** Inside a live block's requested payload. */
  allocated: 1,
  /** Inside the payload of a freed block (poisoned). */
  freed: 2
} as const

/** Runs per chunk: the most an insertion moves, and what a copy-on-write copies. */
const CAPACITY = 32
/** Numbers per run: start, end, tag. */
const STRIDE = 3

/**
 * Sorted runs, run i at `runs[3i]` (start), `runs[3i + 1]` (end, exclusive) and `runs[3i + 2]`
 * (its tag, never `none`), for i < count: one array, so that moving runs is one loop.
 */
class RunChunk {
  readonly runs: Float64Array
  count: number

  constructor(
    /** The shadow's generation that may write this chunk (older: shared with a snapshot). */
    readonly gen: number,
    from?: RunChunk
  ) {
    this.runs = from === undefined ? new Float64Array(CAPACITY * STRIDE) : from.runs.slice()
    this.count = from === undefined ? 0 : from.count
  }
}

/** An immutable picture of the shadow (its chunks are never written again). */
export interface HeapShadowSnapshot {
  readonly chunks: readonly RunChunk[]
}

/** The first run of `chunk` that ends after `address` (chunk.count when none does). */
function firstEndingAfter(chunk: RunChunk, address: number): number {
  const runs = chunk.runs
  let lo = 0
  let hi = chunk.count
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((runs[mid * STRIDE + 1] as number) > address) hi = mid
    else lo = mid + 1
  }
  return lo
}

/**
 * Move runs [from, from + n) of `runs` to start at run `to`. A loop, not copyWithin: the moves
 * are a few dozen numbers, less than the builtin's own cost per call.
 */
function moveRuns(runs: Float64Array, from: number, to: number, n: number): void {
  const src = from * STRIDE
  const dst = to * STRIDE
  const len = n * STRIDE
  if (dst < src) for (let k = 0; k < len; k++) runs[dst + k] = runs[src + k] as number
  else for (let k = len - 1; k >= 0; k--) runs[dst + k] = runs[src + k] as number
}

export class HeapShadow {
  /** In address order; never an empty chunk, except a lone one when there are no runs. */
  private chunks: RunChunk[] = [new RunChunk(0)]
  /** Chunks of an older generation are shared with a snapshot. */
  private gen = 0

  /** Runs stored (for tests and the README's figures). */
  get runs(): number {
    let n = 0
    for (const chunk of this.chunks) n += chunk.count
    return n
  }

  /**
   * The chunk whose runs may hold `address`: the last one whose first run starts at or before
   * it (runs of the chunks before it all end before that run starts), or the first chunk.
   */
  private chunkFor(address: number): number {
    const chunks = this.chunks
    let lo = 0
    let hi = chunks.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (((chunks[mid] as RunChunk).runs[0] as number) <= address) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  private writable(c: number): RunChunk {
    const chunk = this.chunks[c] as RunChunk
    if (chunk.gen === this.gen) return chunk
    const own = new RunChunk(this.gen, chunk)
    this.chunks[c] = own
    return own
  }

  /** The tag of the byte at `address`. */
  tagAt(address: number): number {
    const chunk = this.chunks[this.chunkFor(address)] as RunChunk
    const i = firstEndingAfter(chunk, address)
    return i < chunk.count && (chunk.runs[i * STRIDE] as number) <= address
      ? (chunk.runs[i * STRIDE + 2] as number)
      : HeapTag.none
  }

  /**
   * How far into [address, address + length) the first byte not in a live payload lies, or −1
   * when they all are.
   */
  firstNotAllocated(address: number, length: number): number {
    const chunks = this.chunks
    const end = address + length
    let c = this.chunkFor(address)
    let chunk = chunks[c] as RunChunk
    let i = firstEndingAfter(chunk, address)
    let at = address
    for (;;) {
      if (i === chunk.count) {
        if (++c === chunks.length) return at - address
        chunk = chunks[c] as RunChunk
        i = 0
      }
      const runs = chunk.runs
      const r = i * STRIDE
      if ((runs[r] as number) > at || runs[r + 2] !== HeapTag.allocated) return at - address
      at = runs[r + 1] as number
      if (at >= end) return -1
      i++
    }
  }

  /** Tag [start, end) `tag`. */
  paint(start: number, end: number, tag: number): void {
    this.repaint(start, end, start, end, tag)
  }

  /**
   * Untag [from, to) and tag [runStart, runEnd) inside it `tag`: a block's header, padding and
   * payload in one pass.
   */
  repaint(from: number, to: number, runStart: number, runEnd: number, tag: number): void {
    if (!(to > from)) return
    const inserting = tag !== HeapTag.none && runEnd > runStart
    let c = this.chunkFor(from)
    let chunk = this.chunks[c] as RunChunk
    let i = firstEndingAfter(chunk, from)
    if (i === chunk.count && c + 1 < this.chunks.length) {
      // The next run is the next chunk's first.
      chunk = this.chunks[++c] as RunChunk
      i = 0
    }
    if (i === chunk.count || (chunk.runs[i * STRIDE] as number) >= to) {
      // Nothing to untag; a new run goes in right here.
      if (inserting) this.insert(c, i, runStart, runEnd, tag)
      return
    }
    chunk = this.writable(c)
    let runs = chunk.runs
    const first = runs[i * STRIDE] as number
    const last = runs[i * STRIDE + 1] as number
    const kept = runs[i * STRIDE + 2] as number
    if (first < from && last > to) {
      // Inside one run: its head stays, then the new run, then its tail.
      if (kept === tag && runStart === from && runEnd === to) return
      runs[i * STRIDE + 1] = from
      this.insertRun(to, last, kept)
      if (inserting) this.insertRun(runStart, runEnd, tag)
      return
    }
    if (first < from) {
      runs[i * STRIDE + 1] = from
      i++
    }
    // The runs [from, to) covers in this chunk are [i, e); the one it ends in is trimmed.
    let e = i
    while (e < chunk.count && (runs[e * STRIDE + 1] as number) <= to) e++
    if (e < chunk.count && (runs[e * STRIDE] as number) < to) runs[e * STRIDE] = to
    const spills =
      e === chunk.count &&
      c + 1 < this.chunks.length &&
      ((this.chunks[c + 1] as RunChunk).runs[0] as number) < to
    if (!spills) {
      // The common case (a block repainted where blocks were): the new run takes the first
      // covered run's place, and the rest close up.
      const removed = e - i
      if (inserting && removed === 0) {
        this.insert(c, i, runStart, runEnd, tag)
        return
      }
      const keep = inserting ? 1 : 0
      if (inserting) {
        runs[i * STRIDE] = runStart
        runs[i * STRIDE + 1] = runEnd
        runs[i * STRIDE + 2] = tag
      }
      if (removed > keep) {
        moveRuns(runs, e, i + keep, chunk.count - e)
        chunk.count -= removed - keep
        if (chunk.count === 0 && this.chunks.length > 1) this.chunks.splice(c, 1)
      }
      return
    }
    // [from, to) reaches into the chunks after this one: remove chunk by chunk.
    let k = c
    let j = i
    for (;;) {
      const own = this.writable(k)
      runs = own.runs
      let end = j
      while (end < own.count && (runs[end * STRIDE + 1] as number) <= to) end++
      if (end < own.count && (runs[end * STRIDE] as number) < to) runs[end * STRIDE] = to
      const reachedEnd = end === own.count
      if (end > j) {
        moveRuns(runs, end, j, own.count - end)
        own.count -= end - j
      }
      if (
        !reachedEnd ||
        k + 1 === this.chunks.length ||
        ((this.chunks[k + 1] as RunChunk).runs[0] as number) >= to
      )
        break
      k++
      j = 0
    }
    for (let d = k; d >= c; d--)
      if ((this.chunks[d] as RunChunk).count === 0 && this.chunks.length > 1)
        this.chunks.splice(d, 1)
    if (inserting) this.insertRun(runStart, runEnd, tag)
  }

  /** Insert [start, end) `tag` where it belongs; no run overlaps it. */
  private insertRun(start: number, end: number, tag: number): void {
    const c = this.chunkFor(start)
    this.insert(c, firstEndingAfter(this.chunks[c] as RunChunk, start), start, end, tag)
  }

  /** Insert a run at position i of chunk c (its place in address order), splitting a full chunk. */
  private insert(c: number, i: number, start: number, end: number, tag: number): void {
    let chunk = this.writable(c)
    if (chunk.count === CAPACITY) {
      const half = CAPACITY >> 1
      const upper = new RunChunk(this.gen)
      upper.runs.set(chunk.runs.subarray(half * STRIDE))
      upper.count = CAPACITY - half
      chunk.count = half
      this.chunks.splice(c + 1, 0, upper)
      if (i > half) {
        chunk = upper
        i -= half
      }
    }
    const runs = chunk.runs
    if (i < chunk.count) moveRuns(runs, i, i + 1, chunk.count - i)
    runs[i * STRIDE] = start
    runs[i * STRIDE + 1] = end
    runs[i * STRIDE + 2] = tag
    chunk.count++
  }

  snapshot(): HeapShadowSnapshot {
    this.gen++
    return { chunks: this.chunks.slice() }
  }

  restore(snapshot: HeapShadowSnapshot): void {
    this.gen++
    this.chunks = snapshot.chunks.slice()
  }

  /** Every run, in address order: start, end, tag (for tests). */
  toArray(): Array<[number, number, number]> {
    const out: Array<[number, number, number]> = []
    for (const chunk of this.chunks)
      for (let i = 0; i < chunk.count; i++)
        out.push([
          chunk.runs[i * STRIDE] as number,
          chunk.runs[i * STRIDE + 1] as number,
          chunk.runs[i * STRIDE + 2] as number
        ])
    return out
  }
}
