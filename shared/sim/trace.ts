/**
 * Allocation traces in the CS:APP malloc-lab format (`*.rep`), and their replay on any
 * allocator of the registry with time travel.
 *
 * A trace has a header of two numeric lines (number of ids, number of operations) or, in the
 * lab's original files, four (suggested heap size, ids, operations, weight), then one
 * operation per line: `a ID SIZE` (malloc), `f ID` (free), `r ID SIZE` (realloc).
 */
import { Machine, type HeapView, type MachineSnapshot } from './machine'
import { deltaBytes, DeltaUndo, mergeDeltas, type MemoryDelta, type MemorySnapshot } from './memory'
import type { LayoutProfile } from './layout'
import type { AllocatorOptions } from './allocators/index'
import type { BlockInfo, MisuseEvent, Reason } from './types'
import { PointerSnapshots, savedPointerBytes, type SavedPointers } from './pointer-snapshots'

export const OP_ALLOC = 0
export const OP_FREE = 1
export const OP_REALLOC = 2

/** A parsed trace, stored column-wise so a million operations stay compact. */
export interface Trace {
  name: string
  /** Suggested heap size from a four-line header, if present. */
  suggestedHeapSize?: number
  weight?: number
  /** Number of distinct block ids (ids are 0 .. ids − 1). */
  ids: number
  length: number
  /** OP_ALLOC, OP_FREE or OP_REALLOC per operation. */
  kinds: Uint8Array
  blockIds: Int32Array
  sizes: Float64Array
  /** 1-based line of each operation in the file. */
  lines: Int32Array
}

/**
 * A trace that does not parse: says which line and what is wrong. `detail` is what is wrong in
 * English, `reason` the same as a message key under `app.simulator.` (`trace.*`) and its
 * values, so that the app and the command line can say it in the reader's language.
 */
export class TraceError extends Error {
  readonly reason: Reason
  constructor(
    readonly traceName: string,
    readonly line: number,
    readonly detail: string,
    key: string,
    params: Reason['params']
  ) {
    super(`${traceName}:${line}: ${detail}`)
    this.name = 'TraceError'
    this.reason = { key: `trace.${key}`, params }
  }
}

const NUMBER = /^\d+$/

/** Parse a `.rep` file; throws `TraceError` naming the line for anything malformed. */
export function parseTrace(text: string, name = 'trace'): Trace {
  const rawLines = text.split(/\r?\n/)
  const header: Array<[number, number]> = []
  let i = 0
  for (; i < rawLines.length; i++) {
    const t = rawLines[i].trim()
    if (t === '') continue
    if (!NUMBER.test(t)) break
    header.push([Number(t), i + 1])
  }
  if (header.length !== 2 && header.length !== 4) {
    const at = i < rawLines.length ? i + 1 : rawLines.length
    throw new TraceError(
      name,
      at,
      `expected a header of 2 numbers (ids, operations) or 4 (heap size, ids, operations, weight), found ${header.length}.`,
      'badHeader',
      { found: header.length }
    )
  }
  const four = header.length === 4
  const ids = header[four ? 1 : 0][0]
  const declared = header[four ? 2 : 1][0]
  const declaredLine = header[four ? 2 : 1][1]
  const cap = Math.max(16, declared)
  let kinds = new Uint8Array(cap)
  let blockIds = new Int32Array(cap)
  let sizes = new Float64Array(cap)
  let lines = new Int32Array(cap)
  const allocated = new Uint8Array(ids)
  let n = 0
  for (; i < rawLines.length; i++) {
    const t = rawLines[i].trim()
    if (t === '') continue
    const lineNo = i + 1
    const parts = t.split(/\s+/)
    const op = parts[0]
    const want = op === 'f' ? 2 : 3
    if ((op !== 'a' && op !== 'f' && op !== 'r') || parts.length !== want) {
      throw new TraceError(
        name,
        lineNo,
        `"${t}" is not an operation: expected "a ID SIZE", "f ID" or "r ID SIZE".`,
        'notOperation',
        { text: t }
      )
    }
    if (!NUMBER.test(parts[1])) {
      throw new TraceError(
        name,
        lineNo,
        `block id "${parts[1]}" is not a whole number.`,
        'idNotWhole',
        { id: parts[1] }
      )
    }
    const id = Number(parts[1])
    if (id >= ids) {
      throw new TraceError(
        name,
        lineNo,
        `block id ${id} is out of range: the header declares ${ids} ids (0 to ${ids - 1}).`,
        'idOutOfRange',
        { id, ids, last: ids - 1 }
      )
    }
    let size = 0
    if (op !== 'f') {
      if (!NUMBER.test(parts[2])) {
        throw new TraceError(
          name,
          lineNo,
          `size "${parts[2]}" is not a whole number of bytes.`,
          'sizeNotWhole',
          { size: parts[2] }
        )
      }
      size = Number(parts[2])
    }
    if (op === 'a') allocated[id] = 1
    else if (allocated[id] === 0) {
      const verb = op === 'f' ? 'frees' : 'reallocates'
      throw new TraceError(
        name,
        lineNo,
        `"${t}" ${verb} block ${id}, which was never allocated.`,
        op === 'f' ? 'freeNeverAllocated' : 'reallocNeverAllocated',
        { text: t, id }
      )
    }
    if (n === kinds.length) {
      const grow = <T extends Uint8Array | Int32Array | Float64Array>(
        a: T,
        make: (k: number) => T
      ): T => {
        const b = make(a.length * 2)
        b.set(a)
        return b
      }
      kinds = grow(kinds, (k) => new Uint8Array(k))
      blockIds = grow(blockIds, (k) => new Int32Array(k))
      sizes = grow(sizes, (k) => new Float64Array(k))
      lines = grow(lines, (k) => new Int32Array(k))
    }
    kinds[n] = op === 'a' ? OP_ALLOC : op === 'f' ? OP_FREE : OP_REALLOC
    blockIds[n] = id
    sizes[n] = size
    lines[n] = lineNo
    n++
  }
  if (n !== declared) {
    throw new TraceError(
      name,
      declaredLine,
      `the header declares ${declared} operations but the file has ${n}.`,
      'countMismatch',
      { declared, found: n }
    )
  }
  return {
    name,
    ...(four ? { suggestedHeapSize: header[0][0], weight: header[3][0] } : {}),
    ids,
    length: n,
    kinds: kinds.subarray(0, n),
    blockIds: blockIds.subarray(0, n),
    sizes: sizes.subarray(0, n),
    lines: lines.subarray(0, n)
  }
}

/** The same trace `times` times in a row (ids reused: each pass frees what it allocates). */
export function repeatTrace(trace: Trace, times: number): Trace {
  const n = trace.length * times
  const out: Trace = {
    name: `${trace.name} x${times}`,
    ids: trace.ids,
    length: n,
    kinds: new Uint8Array(n),
    blockIds: new Int32Array(n),
    sizes: new Float64Array(n),
    lines: new Int32Array(n)
  }
  for (let k = 0; k < times; k++) {
    const at = k * trace.length
    out.kinds.set(trace.kinds, at)
    out.blockIds.set(trace.blockIds, at)
    out.sizes.set(trace.sizes, at)
    out.lines.set(trace.lines, at)
  }
  return out
}

export interface ReplayOptions {
  layout?: string | LayoutProfile
  layoutOverrides?: Partial<LayoutProfile>
  allocatorOptions?: AllocatorOptions
  /**
   * Take a snapshot every this many units of replay work (time travel): an operation is one
   * unit, and a realloc that moves its block one more per `COPY_BYTES_PER_UNIT` bytes. Default
   * 512; 0: none. Once the snapshots fill the budget, recording drops some (the densest first)
   * and spaces the next ones further apart, so the gaps stay about even over the whole replay.
   */
  snapshotEvery?: number
  /**
   * Bytes all snapshots of one replay may take, roughly. Default 64 MB: a 1M-operation replay
   * takes ~190 MB without snapshots under tsx (its trace, the machine's heap log, and ~105 MB
   * of Node and compiled code), its snapshots' typed arrays a quarter more than they hold in
   * the allocator's own buffers (buddy on binary2 x42: 99 MB of snapshots raised the resident
   * memory by 123 MB), and jumps add garbage (glibc: up to 25 MB more after 300 of them), so
   * the whole replay stays under 300 MB.
   */
  snapshotBudget?: number
  /** Run the machine's heap checker too (slower; finds the same misuse with more detail). */
  checked?: boolean
  /**
   * Changed words the memory deltas after a checkpoint hold, at least, before the next
   * checkpoint (default 16,384; more when the checkpoints are bigger). Tests make it small.
   */
  checkpointEvery?: number
}

/** What a replay reports: the malloc lab's figures plus the misuse found. */
export interface ReplayResult {
  trace: string
  allocator: string
  operations: number
  /** Peak requested bytes ÷ peak heap (+ mmap) size, as the malloc lab scores utilization. */
  peakUtilization: number
  /** Program break minus heap start after the last operation. */
  finalHeapSize: number
  /** Highest heap size reached. */
  peakHeapSize: number
  seconds: number
  opsPerSecond: number
  /** malloc/realloc calls that returned NULL. */
  failedAllocations: number
  events: MisuseEvent[]
}

const now = (): number => globalThis.performance.now()

/**
 * A replay with at least this many snapshots has its time travel warmed up when it finishes
 * recording (see `TraceReplay.warmUp`).
 */
const WARM_UP_SNAPSHOTS = 16

/**
 * Changed words the deltas after a checkpoint may hold in all, at least, before the replay
 * takes the next checkpoint (see `TraceReplay`); more when the checkpoints are bigger.
 */
const CHECKPOINT_EVERY_WORDS = 1 << 14

/**
 * Bytes a moving realloc copies for the replay work of one more operation: copying (and marking
 * uninitialized) a few kilobytes costs about what one heap operation costs.
 */
export const COPY_BYTES_PER_UNIT = 4096

/**
 * Rough size of an allocator snapshot: its typed arrays, 32 bytes per element of a plain array
 * or Map, 8 per other value, and the same inside its objects, arrays and Maps (a few levels).
 */
function estimateBytes(value: unknown, depth = 0): number {
  if (ArrayBuffer.isView(value)) return value.byteLength + 64
  if (value === null || typeof value !== 'object' || depth > 3) return 8
  if (value instanceof Map) {
    let n = 64 + value.size * 32
    if (value.size <= 64) for (const v of value.values()) n += estimateBytes(v, depth + 1)
    return n
  }
  const values = Array.isArray(value) ? value : Object.values(value)
  let n = 64 + values.length * 8
  // A long plain array is counted by its length alone (its elements are alike).
  if (values.length > 64) return n + values.length * 24
  for (const v of values) n += estimateBytes(v, depth + 1)
  return n
}

/** One snapshot of a trace replay (see `TraceReplay`). */
interface Snapshot {
  step: number
  /** The machine without its memory (`memory` is null there). */
  machine: MachineSnapshot
  /**
   * What changed in memory since the snapshot before this one, or, at a checkpoint, since the
   * first snapshot (null for the first one).
   */
  delta: MemoryDelta | null
  /** The checkpoint (or the first snapshot) this one's deltas start from: itself at one. */
  checkpoint: number
  /** Pointers by id (whole, or the ids changed since the snapshot before). */
  pointers: SavedPointers
  /** Bytes of its pointers and of its allocator snapshot (a delta or whole), roughly. */
  pointerBytes: number
  allocatorBytes: number
  failed: number
  peakHeap: number
  /** Units of replay work from the snapshot before this one (0 for the first). */
  work: number
  /** Bytes of its own (machine, allocator, pointers), roughly; its memory delta's apart. */
  bytes: number
}

/**
 * A trace being replayed on one allocator, with snapshots so that `stateAt(step)` can show
 * the heap after any number of operations.
 */
export class TraceReplay {
  readonly machine: Machine
  readonly trace: Trace
  private readonly every: number
  private readonly budget: number
  private readonly checkpointEvery: number
  /**
   * Units of replay work (see `snapshotEvery`) from one snapshot to the next as they are taken:
   * `snapshotEvery` at first, then what the budget allows over the whole trace (see
   * `takeSnapshot`), and never less than half the gaps thinning made (see `thin`).
   */
  private spacing = 0
  /** Work done past the last snapshot (counted only beyond it: snapshots are taken in order). */
  private work = 0
  /** Bytes the snapshots take so far, roughly. */
  private used = 0
  /** Half the longest gap a thinning made: closer snapshots would be the next to go. */
  private thinnedGap = 0
  /** Units of replay work from the first snapshot to the last. */
  private recordedWork = 0
  /**
   * Memory as the last snapshot has it (frozen then), what the next snapshot's delta is taken
   * against; null before the first snapshot.
   */
  private memoryBase: MemorySnapshot | null = null
  /** Memory before the first operation (the first snapshot's), what checkpoints are taken against. */
  private memoryStart: MemorySnapshot | null = null
  /** Changed words in the deltas since the last checkpoint, and that checkpoint's index and words. */
  private sinceCheckpoint = 0
  private lastCheckpoint = -1
  private checkpointWords = 0
  /**
   * Memory as the snapshot a restore put back last has it (frozen then): a jump to that
   * snapshot again, or to another one of the same checkpoint, starts from here and applies only
   * the deltas between, forwards or undone backwards (see `undo`; none at all for a scrubber
   * stepping back within one gap), instead of the checkpoint (every page of the heap) and every
   * delta since. Costs the copies the replay after a restore makes of the pages it writes
   * (those pages were the restore's own before). Not counted in the budget: one heap's pages.
   */
  private restored: { index: number; memory: MemorySnapshot } | null = null
  /**
   * `undo[j]` takes memory from snapshot j's back to snapshot j − 1's: what delta j overwrote,
   * collected as a restore applied it (`applyDelta(delta, undo)`), for the snapshots after the
   * restored one's checkpoint that restores have gone through since they last went to another
   * checkpoint (at most about one checkpoint's words; dropped then, and whenever the snapshots
   * change). Session 15: they took the place of the checkpoint's memory kept frozen (`warm`),
   * whose pages every delta applied after it copied again (glibc on random x209: ~7,000 pages
   * made and ~6,600 copied a jump to another checkpoint; now made once).
   */
  private undo: Array<DeltaUndo | undefined> = []
  /** Undos no longer in `undo`, for reuse (their arrays fit most deltas by then). */
  private readonly spareUndos: DeltaUndo[] = []
  private readonly pointers: Float64Array
  private readonly pointerSnapshots: PointerSnapshots
  private readonly snapshots: Snapshot[] = []
  /** Operations applied so far (the machine is in the state after `position` operations). */
  position = 0
  private failed = 0
  private peakHeap = 0
  private seconds = 0

  constructor(trace: Trace, allocator: string, options: ReplayOptions = {}) {
    this.trace = trace
    this.every = options.snapshotEvery ?? 512
    this.spacing = this.every
    this.budget = options.snapshotBudget ?? 64e6
    this.checkpointEvery = options.checkpointEvery ?? CHECKPOINT_EVERY_WORDS
    this.machine = new Machine({
      layout: options.layout ?? 'linux-x86_64',
      layoutOverrides: options.layoutOverrides,
      allocator,
      // The malloc lab has no mmap: every request comes from the heap unless asked otherwise.
      allocatorOptions: { mmapThreshold: Infinity, ...(options.allocatorOptions ?? {}) },
      checked: options.checked ?? false
    })
    this.pointers = new Float64Array(trace.ids)
    this.pointerSnapshots = new PointerSnapshots(trace.ids)
    if (this.every > 0) this.takeSnapshot()
  }

  /** Bytes an allocator snapshot keeps of its own, roughly. */
  private allocatorBytes(kept: unknown): number {
    const parts = this.machine.allocator.snapshotParts?.(kept)
    return parts === undefined ? estimateBytes(kept) : parts.bytes
  }

  private takeSnapshot(): void {
    const pointers = this.pointerSnapshots.save(this.pointers, this.machine.heapStart)
    const memory = this.machine.memory
    // Memory is kept exactly (the heap's bytes: headers, links, and every stale word a learner
    // can see in the byte inspector), but not page by page: copy-on-write would keep every page
    // an interval writes, 1.7 KB for the one word changed in each. Instead the first snapshot
    // keeps memory (copy-on-write), each later one the words that changed since the one before,
    // and now and then a checkpoint keeps the words that differ from the first: a restore puts
    // back the first snapshot's memory, the checkpoint before the step, and the deltas since.
    // The allocator's part against the last snapshot's (a delta where the allocator keeps one).
    const last = this.snapshots[this.snapshots.length - 1]
    const machine = this.machine.snapshot(false, last?.machine.allocator)
    const index = this.snapshots.length
    let delta: MemoryDelta | null = null
    if (this.memoryStart === null) {
      this.memoryStart = memory.snapshot()
      this.lastCheckpoint = index
    } else if (this.sinceCheckpoint >= Math.max(this.checkpointEvery, this.checkpointWords)) {
      // A checkpoint when the deltas since the last one hold as many words as it does: a restore
      // then applies at most about twice a checkpoint, and checkpoints take about what the
      // deltas do.
      delta = memory.diff(this.memoryStart)
      this.lastCheckpoint = index
      this.checkpointWords = delta.index.length
      this.sinceCheckpoint = 0
    } else if (this.memoryBase !== null) {
      delta = memory.diff(this.memoryBase)
      this.sinceCheckpoint += delta.index.length
    }
    // The last snapshot's pages that were written since are garbage from here on: reused.
    if (this.memoryBase !== null && this.memoryBase !== this.memoryStart) {
      const keep = [this.memoryStart as MemorySnapshot]
      if (this.restored !== null) keep.push(this.restored.memory)
      memory.releaseReplaced(this.memoryBase, keep)
    }
    this.memoryBase = memory.snapshot()
    const pointerBytes = savedPointerBytes(pointers)
    const allocatorBytes = this.allocatorBytes(machine.allocator)
    const bytes = 256 + pointerBytes + allocatorBytes
    this.used += bytes + (delta === null ? 0 : deltaBytes(delta))
    this.snapshots.push({
      step: this.position,
      machine,
      delta,
      checkpoint: this.lastCheckpoint,
      pointers,
      pointerBytes,
      allocatorBytes,
      failed: this.failed,
      peakHeap: this.peakHeap,
      work: this.work,
      bytes
    })
    this.recordedWork += this.work
    this.work = 0
    while (this.used > this.budget && this.snapshots.length > 2) this.thin()
    // Were the whole replay like the part recorded so far, snapshots costing what these do on
    // average would fit the budget this far apart (a little further: a longer gap's delta holds
    // more). Taking the ones to come that far apart leaves thinning, which can only double a
    // gap where it drops a snapshot, little to do, and makes few snapshots only to drop them
    // (that churn left the process's memory fragmented: 20 MB more resident).
    const perOp = this.recordedWork / Math.max(1, this.position)
    const perSnapshot = this.used / this.snapshots.length
    const even = (1.15 * this.trace.length * perOp * perSnapshot) / this.budget
    // Not monotonic: a forecast made while the heap was growing may have been too high.
    this.spacing = Math.max(this.every, this.thinnedGap, Math.ceil(even))
  }

  /**
   * Make room in the budget: drop the snapshot whose two gaps together are the shortest (in
   * replay work), folding its memory delta into the next one's, and take the snapshots to come
   * at least half that far apart. A jump replays at most one gap, so the longest gap is what a
   * learner waits for: thinning the densest place first keeps the gaps even over the whole
   * replay, whatever the budget turns out to allow, where spacing snapshots by a guess of what
   * the rest of the replay will cost left gaps from 512 to 38,000 operations in one replay
   * (glibc, binary2 x42). The first snapshot (memory as it started) and the last (where the
   * next delta starts) stay.
   */
  private thin(): void {
    const snaps = this.snapshots
    let drop = 1
    let shortest = Infinity
    for (let i = 1; i < snaps.length - 1; i++) {
      const gap = (snaps[i] as Snapshot).work + (snaps[i + 1] as Snapshot).work
      if (gap < shortest) {
        shortest = gap
        drop = i
      }
    }
    this.dropSnapshot(drop)
    this.thinnedGap = Math.max(this.thinnedGap, Math.ceil(shortest / 2))
  }

  /** Remove snapshot `i` (neither the first nor the last), keeping the others' memory exact. */
  private dropSnapshot(i: number): void {
    const snaps = this.snapshots
    const s = snaps[i] as Snapshot
    const next = snaps[i + 1] as Snapshot
    this.used -= s.bytes + (s.delta === null ? 0 : deltaBytes(s.delta))
    // The next delta starts from this snapshot's memory, unless the next one is a checkpoint
    // (from the first snapshot's): then it takes this one's delta in. A checkpoint dropped so
    // makes the next snapshot one (its merged delta starts from the first snapshot's memory).
    if (next.checkpoint !== i + 1 && s.delta !== null && next.delta !== null) {
      const merged = mergeDeltas(s.delta, next.delta)
      this.used += deltaBytes(merged) - deltaBytes(next.delta)
      next.delta = merged
    }
    // The next pointers and allocator snapshot may be deltas against this one's: now against
    // the one before (or whole).
    this.pointerSnapshots.fold(s.pointers, next.pointers)
    const pointerBytes = savedPointerBytes(next.pointers)
    next.bytes += pointerBytes - next.pointerBytes
    this.used += pointerBytes - next.pointerBytes
    next.pointerBytes = pointerBytes
    const allocator = this.machine.allocator
    if (
      allocator.rebase !== undefined &&
      allocator.snapshotParts?.(next.machine.allocator).against === s.machine.allocator
    ) {
      allocator.rebase(next.machine.allocator, (snaps[i - 1] as Snapshot).machine.allocator)
      const bytes = this.allocatorBytes(next.machine.allocator)
      next.bytes += bytes - next.allocatorBytes
      this.used += bytes - next.allocatorBytes
      next.allocatorBytes = bytes
    }
    next.work += s.work
    snaps.splice(i, 1)
    for (let j = i; j < snaps.length; j++) {
      const later = snaps[j] as Snapshot
      if (later.checkpoint > i) later.checkpoint--
    }
    if (this.lastCheckpoint > i) this.lastCheckpoint--
    // The deltas around i changed (merged, or a checkpoint's taken in), and indexes moved.
    this.dropUndos()
    // Memory as snapshot i had it is no snapshot's any more (later ones keep their states).
    if (this.restored !== null) {
      if (this.restored.index === i) this.restored = null
      else if (this.restored.index > i) this.restored.index--
    }
    // What the checkpoint rule counts, as the snapshots now are.
    this.checkpointWords = (snaps[this.lastCheckpoint] as Snapshot).delta?.index.length ?? 0
    let since = 0
    for (let j = this.lastCheckpoint + 1; j < snaps.length; j++) {
      since += ((snaps[j] as Snapshot).delta as MemoryDelta).index.length
    }
    this.sinceCheckpoint = since
  }

  /** Apply operations until `position === target` (forward only). */
  private advance(target: number): void {
    const m = this.machine
    // The trace's columns as locals: V8 loads an object's field again after every call it does
    // not inline (an allocator's malloc, a realloc), a local it keeps in a register.
    const { kinds, blockIds, sizes, lines } = this.trace
    const pointers = this.pointers
    const every = this.every
    const heapStart = m.heapStart
    const frontier = this.snapshots.length > 0 ? this.snapshots[this.snapshots.length - 1].step : 0
    for (let i = this.position; i < target; i++) {
      // Back at the last snapshot (after a jump back): memory is as it was then, word for word,
      // in other pages; the next delta is taken against these.
      if (i === frontier && this.memoryBase !== null) this.memoryBase = m.memory.snapshot()
      m.step = i + 1
      m.line = lines[i]
      const id = blockIds[i]
      const kind = kinds[i]
      if (kind === OP_ALLOC) {
        const p = m.malloc(sizes[i])
        pointers[id] = p
        if (p === 0) this.failed++
      } else if (kind === OP_FREE) {
        // The id keeps its (now dangling) pointer, so a second free of it is a double free.
        m.free(pointers[id])
      } else {
        const old = pointers[id]
        const size = sizes[i]
        const p = m.realloc(old, size)
        if (p !== 0 || size === 0) pointers[id] = p
        else this.failed++
        // A moved block was copied: about its new size in bytes of replay work.
        if (p !== old && p !== 0 && i >= frontier) this.work += size / COPY_BYTES_PER_UNIT
      }
      const heap = m.programBreak() - heapStart
      if (heap > this.peakHeap) this.peakHeap = heap
      if (every > 0 && i >= frontier && ++this.work >= this.spacing) {
        this.position = i + 1
        this.takeSnapshot()
      }
    }
    this.position = target
  }

  /** Replay every operation (timing it); returns the figures. */
  run(): ReplayResult {
    const start = now()
    this.advance(this.trace.length)
    this.seconds += (now() - start) / 1000
    if (this.snapshots.length >= WARM_UP_SNAPSHOTS) this.warmUp()
    return this.result()
  }

  /**
   * Jump around the start of a recorded replay a few times, and come back to where it was:
   * until then restore, repairMetadata and the views have never run, so the first jumps a
   * learner makes would run them unoptimized (measured: the first jump into a
   * million-operation replay took 30 to 140 ms, warm ones a few). The early snapshots have
   * small heaps, so this costs a few milliseconds.
   */
  private warmUp(): void {
    const end = this.position
    const last = Math.min(this.snapshots.length - 1, WARM_UP_SNAPSHOTS)
    for (let round = 0; round < 2; round++) {
      for (let i = last; i >= 1; i--) {
        this.seek((this.snapshots[i] as { step: number }).step - 1)
        this.machine.heapView()
      }
    }
    // The early heaps are small and may hold no free block yet: a restore compiled without ever
    // taking its branches for free blocks, for blocks left over, or for a heap of thousands is
    // thrown away at the first jumps into the middle (first fit on binary2 x42: the allocator's
    // restore took 7, 28 and 5 ms CPU in the first three jumps, ~2 after, at load 28). Jumps
    // between the middle and the last snapshot take them.
    const n = this.snapshots.length
    for (const i of [n >> 1, n - 1, n >> 1, n - 1]) {
      this.seek((this.snapshots[i] as { step: number }).step)
    }
    this.seek(end)
  }

  result(): ReplayResult {
    const m = this.machine
    const metrics = m.metrics()
    return {
      trace: this.trace.name,
      allocator: m.allocator.name,
      operations: this.position,
      peakUtilization: metrics.peakUtilization,
      finalHeapSize: metrics.heapSize,
      peakHeapSize: this.peakHeap,
      seconds: this.seconds,
      opsPerSecond: this.seconds > 0 ? this.position / this.seconds : 0,
      failedAllocations: this.failed,
      events: m.events.slice()
    }
  }

  /**
   * Bytes the snapshots keep, roughly (what `snapshotBudget` bounds): the allocator's state
   * and the pointers by id at each, and the memory deltas and checkpoints.
   */
  snapshotBytes(): number {
    return this.used
  }

  /** The steps at which snapshots were taken so far, in order (benchmarks seek around them). */
  snapshotSteps(): number[] {
    return this.snapshots.map((s) => s.step)
  }

  /** Move the machine to the state after `step` operations (0 ≤ step ≤ length). */
  seek(to: number): void {
    if (!Number.isInteger(to) || to < 0 || to > this.trace.length) {
      throw new RangeError(`Step ${to} is outside the trace (0 to ${this.trace.length}).`)
    }
    // A whole number held as a double (from arithmetic, e.g. a random step) would reach the
    // machine's step counter through the replay loop and change how V8 stores that field: every
    // optimized function that touches the machine then deoptimizes, and the first jumps paid
    // for it (30-140 ms). As a small integer it stays one.
    const step = to | 0
    // The latest snapshot at or before `step`; restore it when going back, or when it is
    // further along than where the machine is now.
    let lo = 0
    let hi = this.snapshots.length - 1
    let index = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (this.snapshots[mid].step <= step) {
        index = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    if (step < this.position || (index >= 0 && this.snapshots[index].step > this.position)) {
      if (index < 0) throw new RangeError('This replay keeps no snapshots, so it cannot go back.')
      this.restoreSnapshot(index)
    }
    this.advance(step)
  }

  /** Put the machine and the replay's own figures back as snapshot `index` has them. */
  private restoreSnapshot(index: number): void {
    const s = this.snapshots[index] as Snapshot
    const memory = this.machine.memory
    const c = s.checkpoint
    const last = this.restored
    if (last !== null && this.nearRestored(last.index, index)) {
      // From the snapshot restored last: the deltas between only, applied or undone.
      memory.restore(last.memory)
      for (let j = last.index + 1; j <= index; j++) this.redo(j)
      for (let j = last.index; j > index; j--) {
        memory.undoDelta(
          (this.snapshots[j] as Snapshot).delta as MemoryDelta,
          this.undo[j] as DeltaUndo
        )
      }
      if (index !== last.index) this.keepRestored(index, last.memory)
    } else {
      // From the first snapshot's memory: the checkpoint, then the deltas since. The restored
      // memory kept before is not needed any more: its pages (a whole heap's, those that are
      // neither the first snapshot's nor the recording's next delta base) go to the spares that
      // the checkpoint about to be applied copies into. Dropped, they were megabytes of garbage
      // per such jump, and the major collections they brought on were the slowest jumps (10-60
      // ms pauses, every dozen jumps, best fit on binary2 x42).
      memory.restore(this.memoryStart as MemorySnapshot)
      this.releaseRestored(last?.memory ?? null)
      this.dropUndos()
      const delta = (this.snapshots[c] as Snapshot).delta
      if (delta !== null) memory.applyDelta(delta)
      // A restore point pays for itself when the learner scrubs: the jump came from less than
      // two gaps ahead (a step, a page of steps back), and the next ones will land near, either
      // way: the deltas collect their undos, and memory is kept as it is now. After a far jump
      // the next one rarely uses it, and keeping it costs the copies of every page the replay
      // then writes (glibc on random x209: a quarter of such a jump's time), so neither is made.
      const next = this.snapshots[index + 1]
      const gap = (next === undefined ? this.trace.length : next.step) - s.step
      const near = this.position >= s.step && this.position - s.step <= 2 * gap
      for (let j = c + 1; j <= index; j++) {
        if (near) this.redo(j)
        else memory.applyDelta((this.snapshots[j] as Snapshot).delta as MemoryDelta)
      }
      this.restored = near ? { index, memory: memory.snapshot() } : null
    }
    this.machine.restore(s.machine, true)
    this.pointerSnapshots.restore(s.pointers, this.pointers, this.machine.heapStart)
    this.failed = s.failed
    this.peakHeap = s.peakHeap
    this.position = s.step
    // Work past the last snapshot is counted again from it when the replay gets there.
    this.work = 0
  }

  /**
   * Whether snapshot `to` is better reached from the restored snapshot `from` (same checkpoint)
   * through the deltas between, forwards, or backwards through their undo when all are at hand,
   * than from the first snapshot's memory through the checkpoint and the deltas since: by the
   * words each would write.
   */
  private nearRestored(from: number, to: number): boolean {
    const snaps = this.snapshots
    const c = (snaps[to] as Snapshot).checkpoint
    if ((snaps[from] as Snapshot).checkpoint !== c) return false
    if (from <= to) return true
    let between = 0
    for (let j = to + 1; j <= from; j++) {
      if (this.undo[j] === undefined) return false
      between += ((snaps[j] as Snapshot).delta as MemoryDelta).index.length
    }
    let anew = (snaps[c] as Snapshot).delta?.index.length ?? 0
    for (let j = c + 1; j <= to; j++)
      anew += ((snaps[j] as Snapshot).delta as MemoryDelta).index.length
    return between <= anew
  }

  /** Apply snapshot `j`'s memory delta, collecting its undo if there is none yet. */
  private redo(j: number): void {
    const delta = (this.snapshots[j] as Snapshot).delta as MemoryDelta
    if (this.undo[j] !== undefined) this.machine.memory.applyDelta(delta)
    else {
      const undo = this.spareUndos.pop() ?? new DeltaUndo()
      this.machine.memory.applyDelta(delta, undo)
      this.undo[j] = undo
    }
  }

  /** Forget every undo (see `undo`), keeping their arrays for the next ones. */
  private dropUndos(): void {
    for (const undo of this.undo) if (undo !== undefined) this.spareUndos.push(undo)
    this.undo = []
  }

  /**
   * Memory as it is now is snapshot `index`'s: keep it (frozen) as the restore point for the
   * next jumps, and hand the pages of the one kept before (`replaced`) that nothing else holds
   * to the spares (dropped, they were a heap's worth of garbage per jump).
   */
  private keepRestored(index: number, replaced: MemorySnapshot | null): void {
    this.releaseRestored(replaced)
    this.restored = { index, memory: this.machine.memory.snapshot() }
  }

  /** The pages of a restore point no longer kept (`replaced`) that nothing else holds go to the spares. */
  private releaseRestored(replaced: MemorySnapshot | null): void {
    if (replaced === null) return
    const keep = [this.memoryStart as MemorySnapshot]
    if (this.memoryBase !== null) keep.push(this.memoryBase)
    this.machine.memory.releaseReplaced(replaced, keep)
  }

  /**
   * The heap after `step` operations: its break, segments, metrics and events at once, and its
   * blocks and free lists when they are first read (then kept in the view).
   *
   * A list of every block is O(blocks) objects: 3 to 14 ms for the 8,000 to 30,000 blocks of a
   * million-operation replay (binary2 x42), more than the rest of a jump, and a scrubber that
   * shows one window of the heap, or only its figures, would pay it at every step it passes.
   * The view stays the state after `step` whenever it is read: read after the replay has moved
   * on, it goes back to `step` for the lists and returns to where the replay was (time travel is
   * exact, so this reads what reading at once would have). A replay without snapshots cannot
   * go back, so its views are read whole at once.
   */
  stateAt(step: number): HeapView {
    this.seek(step)
    const m = this.machine
    if (this.snapshots.length === 0) return m.heapView()
    const view = {
      heapStart: m.heapStart,
      programBreak: m.programBreak(),
      segments: m.segments(),
      metrics: m.metrics(),
      events: m.events.slice()
    } as HeapView
    const later: LaterLists = { replay: this, at: this.position, blocks: null, freeLists: null }
    Object.defineProperty(view, LATER, { value: later })
    Object.defineProperties(view, TraceReplay.listAccessors)
    return view
  }

  /**
   * `read()` as at step `at`: at once when the replay stands there, else it goes back there and
   * returns to where it was (see `stateAt`).
   */
  private readAt<T>(at: number, read: (machine: Machine) => T): T {
    if (this.position === at) return read(this.machine)
    const back = this.position
    this.seek(at)
    const value = read(this.machine)
    this.seek(back)
    return value
  }

  /** A view's blocks (see `listAccessors`): `this` is the view. */
  private static laterBlocks(this: HeapView): BlockInfo[] {
    const later = (this as ViewWithLists)[LATER]
    later.blocks ??= later.replay.readAt(later.at, (m) => m.heapBlocks())
    return later.blocks
  }

  /** A view's free lists (see `listAccessors`): `this` is the view. */
  private static laterFreeLists(this: HeapView): HeapView['freeLists'] {
    const later = (this as ViewWithLists)[LATER]
    later.freeLists ??= later.replay.readAt(later.at, (m) => m.allocator.freeLists())
    return later.freeLists
  }

  /**
   * The accessors every view of `stateAt` has for its lists, the same functions for all views:
   * a view's own closures (they were, until session 14) make each view an object of its own
   * shape, whose map (old-generation memory) holds the closures and through them the view and
   * its lists. Then no lists read ever died young: the benchmark's reading of every block after
   * each jump promoted ~8 MB per scavenge (7-12 ms each) and brought a major collection every
   * ~15 jumps, the slowest jumps of a million-operation replay.
   */
  private static readonly listAccessors = {
    blocks: {
      get: TraceReplay.laterBlocks,
      set(this: HeapView, value: BlockInfo[]) {
        ;(this as ViewWithLists)[LATER].blocks = value
      },
      enumerable: true,
      configurable: true
    },
    freeLists: {
      get: TraceReplay.laterFreeLists,
      set(this: HeapView, value: HeapView['freeLists']) {
        ;(this as ViewWithLists)[LATER].freeLists = value
      },
      enumerable: true,
      configurable: true
    }
  } satisfies PropertyDescriptorMap
}

/** A `stateAt` view's lists, read at its step when first asked for (see `stateAt`). */
interface LaterLists {
  replay: TraceReplay
  at: number
  blocks: BlockInfo[] | null
  freeLists: HeapView['freeLists'] | null
}

/** Where a view keeps its `LaterLists` (not enumerable: a view compares and copies as its data). */
const LATER: unique symbol = Symbol('lists read later')

type ViewWithLists = HeapView & { [LATER]: LaterLists }

/**
 * Parse and replay a trace on one allocator: the malloc lab's figures (peak utilization,
 * final heap size, operations per second) and the misuse events found.
 */
export function replayTrace(
  text: string,
  allocator: string,
  options: ReplayOptions & { name?: string } = {}
): ReplayResult {
  const trace = parseTrace(text, options.name ?? 'trace')
  return new TraceReplay(trace, allocator, { snapshotEvery: 0, ...options }).run()
}
