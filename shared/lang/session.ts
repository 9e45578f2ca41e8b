/**
 * A run a learner steps through: forwards by statement, over and out of calls, to a line or
 * to the end, and backwards to any step.
 *
 * Time travel works by snapshots plus deterministic re-execution: the session keeps a
 * snapshot of the whole process every few thousand steps (memory is shared copy-on-write,
 * so a snapshot is cheap) and reaches step k by restoring the last snapshot at or before k
 * and running forward. The run is deterministic, so the state at step k is exactly the state
 * of a fresh run after k steps.
 */
import type { Symbol as CSymbol } from './ast'
import { interleaveOutput } from './stdio'
import { float32FromBits } from './float32'
import type { BlockInfo, Reason } from '../sim'
import type {
  BlocksFrom,
  MemoryDump,
  PointerTarget,
  ProcessState,
  StackFrameView,
  StdioBufferCall,
  Timeline,
  TimelineMarker,
  TimelinePoint,
  ValueView,
  VariableView
} from '../state'
import {
  endMarker,
  heapCallMarker,
  misuseMarker,
  TIMELINE_MARKER_LIMIT,
  windowOfBlocks
} from '../state'
import { hexAddress } from '../hex'
import type { CompiledFunction, DataObject } from './codegen'
import type { Diagnostic, DiagnosticReason } from './diagnostics'
import { compile, decodeBytes, leakEvents, leakSummary, type LeakSummary } from './index'
import { Op } from './opcodes'
import { alignUp, arrayOf, declarator, sizeOf, typeName, type BitField, type CType } from './types'
import { Process, defaultAllocator, type ProcessSnapshot, type RunOptions } from './vm'

export type StepKind = 'statement' | 'over' | 'out' | 'line'

/** Frames shown at each end of a very deep stack. */
const FRAMES_KEPT_AT_EACH_END = 25
const MAX_ARRAY_ELEMENTS = 64
const MAX_MARKERS = TIMELINE_MARKER_LIMIT
const MAX_POINTS = 5000
/**
 * Heap calls that get a timeline point of their own (the first ones of the run): a lesson's
 * program makes far fewer (its loops run up to 100 times), so its charts show every change.
 * Each point costs the allocator's metrics (glibc walks its bins for the largest free chunk,
 * ~14 µs with 256 blocks live); a run with a hundred thousand heap calls gets the regular points
 * beyond these (1,000 of them were 6% of such a run).
 */
const MAX_HEAP_CALL_POINTS = 256
/** Steps between the timeline's regular points. */
const POINT_INTERVAL = 4096
/**
 * Upper bound on steps between snapshots: a jump replays at most this many. 8192 steps of a
 * heap-heavy program (about 1 µs each with the allocator's work) keep any jump near 10 ms; a
 * snapshot itself costs tens of µs (copy-on-write), and the pages it pins stay small.
 */
const MAX_SNAPSHOT_INTERVAL = 8192
/**
 * What one heap call (malloc, free, realloc...) costs a replay, in plain steps. A heap call runs
 * the allocator and the heap checker (tags, freed-block memory, the heap log): replayed, a step
 * of malloc-heavy (0.28 heap calls a step) cost 4 (glibc) to 11 (buddy) times a step of `fib`
 * (0.09 µs; the best of 60 interval replays each), so a heap call 10-35 steps. The slow
 * allocators set the weight: the slowest jump is the one that counts.
 */
const HEAP_CALL_STEPS = 24
/**
 * Bytes a library call's memset, memcpy, strcpy... (`PagedMemory.rangeBytes`) writes for the
 * cost of one plain step: a memset of fresh bytes runs at about 1-2 GB/s here.
 */
const RANGE_BYTES_PER_STEP = 128
/**
 * Replay work between snapshots at most, in plain steps (a heap call counts HEAP_CALL_STEPS,
 * RANGE_BYTES_PER_STEP bytes written by a library call one): what bounds a jump. A program
 * without heap calls meets MAX_SNAPSHOT_INTERVAL first (8,192 steps of fib replay in under 1 ms);
 * malloc-heavy gets a snapshot about every 2,100 steps, where 8,192 steps' replay took up to 9 ms
 * at load 4 and 20 ms at load 12.
 */
const MAX_SNAPSHOT_WORK = 16384
/**
 * The fewest steps between snapshots however costly the steps (a loop whose every step copies a
 * megabyte): a snapshot costs 0.1-0.4 ms (the allocator's state, the live blocks), and at the
 * snapshot limit they thin out anyway.
 */
const MIN_WORK_INTERVAL = 256
/**
 * Live heap blocks per step of snapshot interval at the least, whatever bounds replay: a
 * snapshot copies the machine's table of live blocks, so a heap of a quarter of a million blocks
 * (malloc in a loop until the memory limit) made each snapshot copy a million numbers every
 * ~2,000 steps, and recording took three times as long as running (5.0 s CPU of which snapshots
 * most; spaced so: 1.9 s, and a jump near its end replays up to ~31,000 steps, 13 ms median,
 * 52 ms at most). Heaps under ~16,000 live blocks are spaced as before.
 */
const LIVE_BLOCKS_PER_STEP = 8
/**
 * Steps between looks at the pace of the work on new ground (see workInterval): a program that
 * turns heap-heavy, or the first interval of a run (whose pace nothing measured yet), gets its
 * snapshot within this many steps of its work reaching MAX_SNAPSHOT_WORK. A look costs a return
 * from the interpreter's loop, well under a microsecond.
 */
const WORK_LOOK_INTERVAL = 512
/**
 * Bytes copy-on-write may copy per step, on average over a snapshot interval. After a snapshot
 * the first write to each page (and to each page directory: 32 KiB each) copies it, so a
 * heap-heavy program copies its whole heap every interval: malloc-heavy's 256 blocks cost
 * ~240 KB per snapshot, 57 bytes a step at 4,096 steps apart, and with the garbage collection
 * of what the snapshots keep that was a quarter of its run time. An interval at least as long
 * as its predecessor's copies divided by this keeps the copying near a tenth of the run (a
 * copied byte costs ~2 ns in all, a heap-heavy step ~500 ns); MAX_SNAPSHOT_INTERVAL still
 * bounds how far a jump replays. Programs that write a few pages (fib, a list walk: 36 KB per
 * interval) are not affected.
 */
const COPY_BYTES_PER_STEP = 24
/**
 * Snapshots kept at most (RunOptions.snapshotLimit). A heap-heavy program's snapshot pins about
 * 0.5 MB (the allocator's state and the heap pages written since the one before), so beyond
 * this every other one is dropped and new ones are spaced twice as far: a long run's memory
 * stays bounded, and only its jumps grow longer.
 */
const DEFAULT_SNAPSHOT_LIMIT = 512
/**
 * Bytes of old page versions the snapshots may pin (RunOptions.snapshotBytes). Memory is shared
 * copy-on-write, so what a snapshot costs is the pages written after it: a program that churns
 * a large heap (glibc writes chunk headers and links all over it) copies most of its pages every
 * interval, and a few hundred snapshots then pinned gigabytes (1.2 GB RSS for 300,000
 * malloc/free calls over 2,048 blocks of up to 4 KiB). Counted, the run is thinned out by bytes
 * as well as by number.
 */
const DEFAULT_SNAPSHOT_BYTES = 256 * 1024 * 1024

/** Heap-call marker kinds by the code onHeapCall keeps. */
const HEAP_MARK_KINDS = ['malloc', 'free', 'brk', 'realloc'] as const

/** The snapshot whose taking starts the rehearsal (see RunSession.rehearse): the third. */
const REHEARSAL_SNAPSHOT = 2

interface Target {
  maxStep: number
  depth?: number
  line?: number
  /** performance.now() after which a run on new ground pauses (runToEnd's `pauseAfterMs`). */
  pauseAt?: number
}

/** The heap at one step, as classifying pointers needs it (see RunSession.heapAtStep). */
interface HeapAtStep {
  key: string
  /**
   * Payload addresses of the live blocks, ascending, and the bytes requested at each, made on
   * first need: a pointer that is not a block's payload (Machine.liveRequestedAt answers those).
   */
  extents: { payloads: Float64Array; requested: Float64Array } | null
  /** Every block (the allocator's list), made on first need. */
  blocks: BlockInfo[] | null
}

/** One program run, steppable forwards and backwards. */
type LocalSymbol = CSymbol & { kind: 'local' }

/** The longest variable-length array the stack view shows element by element. */
const VARIABLE_LENGTH_SHOWN = 1 << 20

export class RunSession {
  readonly diagnostics: Diagnostic[]
  /** Null when the program did not compile. */
  readonly process: Process | null
  private readonly options: RunOptions
  private readonly interval: number
  private readonly snapshotLimit: number
  private readonly snapshots: ProcessSnapshot[] = []
  /**
   * Beside each snapshot: the bytes of page copies made after it (until the next one), which
   * keep its page versions alive — an estimate of the memory it pins.
   */
  private readonly pinned: number[] = []
  /** `memory.copiedBytes` when the last snapshot was taken. */
  private copiedMark = 0
  /** Bytes copy-on-write copied between the last two snapshots (see COPY_BYTES_PER_STEP). */
  private lastIntervalCopied = 0
  private readonly snapshotBytes: number
  private total: number | undefined
  /** Highest step reached so far: markers and points are recorded only the first time through. */
  private frontier = 0
  private readonly markers: TimelineMarker[] = []
  private readonly points: TimelinePoint[] = []
  private finalLeaks: LeakSummary | null = null
  /** Points recorded at heap calls (see MAX_HEAP_CALL_POINTS). */
  private heapCallPoints = 0
  private lastLeakedBytes = 0
  /**
   * Longest a single call (`runToEnd`, a step over a call that never returns, a run to a line
   * never reached, a jump far ahead) may run the program on, in ms of wall-clock time. A
   * program still running then is ended where it got to, as the step budget ends one: its
   * output, timeline and every step stay, and its exit says why (`exit.timeLimit`). The app's
   * worker sets it so that the run is ended here, kept, rather than the worker killed by the
   * host's watchdog with the run lost.
   */
  runTimeLimitMs = Infinity

  constructor(source: string, options: RunOptions = {}) {
    this.options = options
    this.interval = Math.max(64, options.snapshotInterval ?? 4096)
    this.snapshotLimit = Math.max(4, options.snapshotLimit ?? DEFAULT_SNAPSHOT_LIMIT)
    this.snapshotBytes = options.snapshotBytes ?? DEFAULT_SNAPSHOT_BYTES
    const result = compile(source, { file: options.file })
    if (!result.ok) {
      this.diagnostics = result.diagnostics
      this.process = null
      return
    }
    this.diagnostics = result.program.warnings
    let process: Process
    try {
      process = new Process(result.program.compiled, { ...options, file: result.program.file })
    } catch (e) {
      // A layout that cannot hold the program (e.g. a tiny classroom space): say so as a diagnostic.
      this.diagnostics = [
        {
          file: result.program.file,
          line: 1,
          column: 1,
          severity: 'error',
          message: e instanceof Error ? e.message : String(e),
          // The layout says why in words the app translates (checker.layoutTooSmall).
          ...(e instanceof Error && 'reason' in e ? { reason: e.reason as DiagnosticReason } : {}),
          excerpt: ''
        }
      ]
      this.process = null
      return
    }
    this.process = process
    process.onHeapCall = (kind, address, from, stdioBuffer) =>
      this.onHeapCall(kind, address, from, stdioBuffer)
    // Pause at the first statement of main: step 0.
    process.stopAt = 0
    process.run()
    this.takeSnapshot()
    this.recordPoint()
    if (process.exit) this.finish()
  }

  /** Steps executed so far (the step the state is at). */
  get currentStep(): number {
    return this.process?.steps ?? 0
  }

  /** Number of steps of the whole run; known once it has finished. */
  get totalSteps(): number | undefined {
    return this.total
  }

  get finished(): boolean {
    return this.process === null || this.process.exit !== null
  }

  /** Advances by one unit of `kind`. `arg` is the line for `line`. */
  step(kind: StepKind = 'statement', arg?: number): void {
    const p = this.process
    if (!p || p.exit) return
    switch (kind) {
      case 'statement':
        this.advance({ maxStep: p.steps + 1 })
        return
      case 'over':
        this.advance({ maxStep: Infinity, depth: p.depth })
        return
      case 'out':
        this.advance({ maxStep: Infinity, depth: p.depth - 1 })
        return
      case 'line':
        this.runToLine(arg ?? this.currentLine())
        return
    }
  }

  runToLine(line: number): void {
    if (!this.process || this.process.exit) return
    this.advance({ maxStep: Infinity, line })
  }

  /**
   * Runs the program to its end. With `pauseAfterMs`, pauses on new ground once that long has
   * passed, the program not ended (`finished` false), so the app can say how far a long
   * recording has got and let the learner stop it; `ranMs`, how long the earlier pieces of the
   * same run took, counts towards `runTimeLimitMs`, which ends a run cut in pieces as it ends
   * one run in a single call.
   */
  runToEnd(pauseAfterMs = Infinity, ranMs = 0): void {
    if (!this.process || this.process.exit) return
    this.advance({ maxStep: Infinity, pauseAt: performance.now() + pauseAfterMs }, ranMs)
  }

  stepBack(): void {
    if (this.currentStep > 0) this.jumpTo(this.currentStep - 1)
  }

  /** Puts the run at step `step` (clamped to the run's length). */
  jumpTo(step: number): void {
    const p = this.process
    if (!p) return
    const target = Math.max(0, Math.floor(step))
    if (target === p.steps && (p.exit === null || this.total === p.steps)) return
    // The latest snapshot at or before the target, unless going forward from here is shorter.
    let snapshot: ProcessSnapshot | undefined
    for (let i = this.snapshots.length - 1; i >= 0; i--) {
      if (this.snapshots[i].steps <= target) {
        snapshot = this.snapshots[i]
        break
      }
    }
    const forwardFromHere =
      p.steps <= target && p.exit === null && (!snapshot || p.steps >= snapshot.steps)
    const replayed = this.rangeBytesReplayed()
    if (!forwardFromHere && snapshot) p.restore(snapshot)
    if (p.steps < target && !p.exit) this.runTo(target)
    replayed()
    // A run ended by its step budget (or a time limit) ends at a statement boundary, where a
    // replay to that step pauses first: end it there again, as the first time through did.
    if (this.total !== undefined && p.steps >= this.total && !p.exit) {
      p.stopAt = Infinity
      p.stopDepth = -1
      p.stopLine = -1
      p.run()
    }
  }

  /** Runs forward to exactly `target` steps (or the end), taking snapshots on the way. */
  private runTo(target: number): void {
    const p = this.process!
    const deadline = this.deadline()
    while (!p.exit && p.steps < target) {
      const nextSnapshot = this.nextSnapshotStep()
      p.stopAt = Math.min(target, nextSnapshot, this.nextPointStep(), this.nextClockStep(deadline))
      p.stopDepth = -1
      p.stopLine = -1
      const from = this.clockMark(deadline)
      p.run()
      this.afterRun(nextSnapshot)
      if (!p.exit && this.pastDeadline(deadline, from)) return this.endForTime()
    }
  }

  /** When the call now starting must end the program (see runTimeLimitMs). */
  private deadline(ranMs = 0): number {
    return this.runTimeLimitMs === Infinity
      ? Infinity
      : performance.now() + this.runTimeLimitMs - ranMs
  }

  /**
   * Steps between looks at the clock while a time limit runs, about 10 ms of the program's:
   * a step may be one addition or a megabyte's memset (10 ms and more), and the limit must be
   * kept either way. Set from each stretch's measured pace, growing at most twice as long per
   * stretch (a stretch of cheap steps between two memsets says little about the next one).
   */
  private clockEvery = 16

  /** Where the next stretch stops to look at the clock: on new ground, with a time limit. */
  private nextClockStep(deadline: number): number {
    const p = this.process!
    return deadline === Infinity || p.steps < this.frontier ? Infinity : p.steps + this.clockEvery
  }

  /**
   * Under a time limit, at most about 100 ms of the program's run between snapshots (ten of
   * the stretches between looks at the clock), however slow its steps: a jump replays at most
   * that. The step bound alone let a program whose every step clears a megabyte (~7 ms) replay
   * 2,000 steps, 15 s, to step back once. Steps of a microsecond reach MAX_SNAPSHOT_INTERVAL.
   */
  private clockedInterval(): number {
    return this.runTimeLimitMs === Infinity ? Infinity : 10 * this.clockEvery
  }

  private clockMark(deadline: number): { steps: number; at: number } | null {
    return deadline === Infinity ? null : { steps: this.process!.steps, at: performance.now() }
  }

  /**
   * Past the deadline on new ground (a replay of steps already recorded is never cut short);
   * `from` is where the stretch just run began.
   */
  private pastDeadline(deadline: number, from: { steps: number; at: number } | null): boolean {
    if (from === null || this.total !== undefined) return false
    const now = performance.now()
    const ran = this.process!.steps - from.steps
    if (ran > 0)
      this.clockEvery = Math.min(
        65_536,
        2 * this.clockEvery,
        Math.max(1, Math.floor((ran * 10) / Math.max(now - from.at, 0.01)))
      )
    return this.process!.steps >= this.frontier && now > deadline
  }

  /** Ends the program where it got to, the time limit being spent (see runTimeLimitMs). */
  private endForTime(): void {
    const p = this.process!
    const seconds = Math.round(this.runTimeLimitMs / 100) / 10
    const steps = p.steps
    p.endAt(
      steps,
      `The program was stopped after running for ${seconds} seconds, at step ${steps.toLocaleString('en-US')}; it may be in an endless loop. Every step up to there is kept.`,
      { key: 'exit.timeLimit', params: { seconds, steps } }
    )
    p.stopAt = Infinity
    p.stopDepth = -1
    p.stopLine = -1
    p.run()
    this.afterRun(Infinity)
  }

  /**
   * The next multiple of POINT_INTERVAL not yet recorded (beyond the frontier), or sooner the
   * next look at the pace of the work (WORK_LOOK_INTERVAL): where the run stops on new ground.
   */
  private nextPointStep(): number {
    const p = this.process!
    if (p.steps < this.frontier) return Infinity
    return Math.min(
      (Math.floor(p.steps / POINT_INTERVAL) + 1) * POINT_INTERVAL,
      p.steps + WORK_LOOK_INTERVAL
    )
  }

  private nextSnapshotStep(): number {
    const last = this.snapshots[this.snapshots.length - 1]
    const p = this.process!
    // A snapshot costs O(operand stack + live heap blocks) (the machine copies its block maps):
    // space snapshots out in proportion, so recording stays a small share of the run.
    if (this.costAt !== last.steps) {
      this.costAt = last.steps
      this.snapshotCost = p.sp + p.machine.metrics().liveBlocks
    }
    // Measured: keep snapshot time under a tenth of run time (the machine's copies grow with
    // the heap's history). Placement never changes results, only how fast time travel is.
    // (A run asked for a snapshot interval of its own, as tests of time travel do, gets it, by
    // steps alone: a snapshot slowed by a loaded machine must not move the next one past the
    // end of a short run, or the snapshots, and the rehearsal, would depend on the clock.)
    const own = this.options.snapshotInterval !== undefined
    const measured = !own && this.msPerStep > 0 ? (10 * this.snapshotMs) / this.msPerStep : 0
    const copying = own ? 0 : this.lastIntervalCopied / COPY_BYTES_PER_STEP
    const interval =
      Math.max(
        Math.min(
          Math.max(this.interval, 8 * this.snapshotCost, measured, copying),
          MAX_SNAPSHOT_INTERVAL,
          this.workInterval(last.steps),
          this.clockedInterval()
        ),
        this.snapshotCost / LIVE_BLOCKS_PER_STEP
      ) * this.spacing
    return Math.max(last.steps + interval, p.steps + 1)
  }

  /**
   * Steps whose replay is about MAX_SNAPSHOT_WORK plain steps' work, at the pace of heap calls
   * and bytes written since the last snapshot (at step `since`), or in the interval before it
   * while this one is too young to say. The run stops every WORK_LOOK_INTERVAL steps on new
   * ground, where this is asked again.
   */
  private workInterval(since: number): number {
    if (this.process!.steps - since >= MIN_WORK_INTERVAL) this.measureWork(since)
    return Math.max(MIN_WORK_INTERVAL, MAX_SNAPSHOT_WORK / this.workPerStep)
  }

  /** Sets `workPerStep` from the heap calls and bytes written since the last snapshot (at `since`). */
  private measureWork(since: number): void {
    const p = this.process!
    const calls = p.machine.log.length - this.heapCallsAt
    const bytes = p.machine.memory.rangeBytes - this.rangeBytesAt
    this.workPerStep =
      1 + (HEAP_CALL_STEPS * calls + bytes / RANGE_BYTES_PER_STEP) / (p.steps - since)
  }

  /** Replay work per step (in plain steps) since the last snapshot, or in the interval before. */
  private workPerStep = 1
  /** The heap log's length and `memory.rangeBytes` when the last snapshot was taken. */
  private heapCallsAt = 0
  private rangeBytesAt = 0

  /** Snapshots the process here; thins the snapshots out while they are too many or pin too much. */
  private takeSnapshot(): void {
    const p = this.process!
    const copied = p.machine.memory.copiedBytes
    if (this.pinned.length > 0) this.pinned[this.pinned.length - 1] += copied - this.copiedMark
    this.lastIntervalCopied = copied - this.copiedMark
    this.copiedMark = copied
    const last = this.snapshots[this.snapshots.length - 1]
    if (last !== undefined && p.steps > last.steps) this.measureWork(last.steps)
    this.heapCallsAt = p.machine.log.length
    this.rangeBytesAt = p.machine.memory.rangeBytes
    this.snapshots.push(p.snapshot())
    this.pinned.push(0)
    while (
      this.snapshots.length > this.snapshotLimit ||
      (this.snapshots.length > 4 && this.pinnedBytes() > this.snapshotBytes)
    )
      this.thinSnapshots()
  }

  private pinnedBytes(): number {
    let total = 0
    for (const bytes of this.pinned) total += bytes
    return total
  }

  /** Drops every other snapshot (the first and the last stay) and spaces new ones twice as far. */
  private thinSnapshots(): void {
    const all = this.snapshots
    const last = all.length - 1
    const kept: ProcessSnapshot[] = []
    const pinned: number[] = []
    for (let i = 0; i <= last; i++) {
      if (i % 2 === 0 || i === last) {
        kept.push(all[i])
        pinned.push(this.pinned[i])
      } else {
        // A dropped snapshot's old pages stay pinned by the one before where that one sees the
        // same versions: at least the larger of the two intervals' copies (exactly that when
        // each interval rewrites the same pages, the heavy case).
        pinned[pinned.length - 1] = Math.max(pinned[pinned.length - 1], this.pinned[i])
      }
    }
    all.length = 0
    all.push(...kept)
    this.pinned.length = 0
    this.pinned.push(...pinned)
    this.spacing *= 2
  }

  /** Multiplies the snapshot interval once snapshots have been thinned out. */
  private spacing = 1

  /** Duration of the last snapshot and run time per step since the one before, in ms. */
  private snapshotMs = 0
  private msPerStep = 0
  private lastSnapshotAt = performance.now()

  /** Estimated cost of the last snapshot (see nextSnapshotStep), and the step it was taken at. */
  private snapshotCost = 0
  private costAt = -1

  private afterRun(nextSnapshot: number): void {
    const p = this.process!
    const firstTime = p.steps > this.frontier
    if (firstTime) {
      this.markMisuse(this.frontier)
      this.frontier = p.steps
    }
    // Timeline points at fixed steps, so the timeline does not depend on snapshot placement.
    if (firstTime && !p.exit && p.steps % POINT_INTERVAL === 0) this.recordPoint()
    if (p.exit) {
      this.finish()
      return
    }
    const last = this.snapshots[this.snapshots.length - 1]
    if (p.steps >= nextSnapshot && p.steps > last.steps) {
      const start = performance.now()
      this.msPerStep = (start - this.lastSnapshotAt) / (p.steps - last.steps)
      this.takeSnapshot()
      if (this.snapshots.length === REHEARSAL_SNAPSHOT + 1 && !this.rehearsed) this.rehearse()
      this.lastSnapshotAt = performance.now()
      this.snapshotMs = this.lastSnapshotAt - start
    }
  }

  /** Whether the run has replayed one snapshot interval already (see rehearse). */
  private rehearsed = false

  /**
   * Time travel once, early in the run: back to the snapshot before the one just taken and
   * forwards again to here (the same state: the run is deterministic). A jump runs code the
   * recording never ran — restores, the heap log and freed-block memory met again, pages
   * missing from the memory's cache — and restored fields that change representation (a
   * number read back from a typed array is no longer a small integer); met first at the
   * learner's first jump, they throw away the compiled code of the interpreter, the machine and
   * the allocator together, and that jump cost ten times a later one (100-150 ms CPU in
   * malloc-heavy). Met here, while the run's code is still being compiled, they cost one
   * interval of replay (at most MAX_SNAPSHOT_INTERVAL steps, once).
   */
  private rehearse(): void {
    const p = this.process!
    this.rehearsed = true
    const here = p.steps
    const replayed = this.rangeBytesReplayed()
    p.restore(this.snapshots[REHEARSAL_SNAPSHOT - 1])
    p.stopAt = here
    p.stopDepth = -1
    p.stopLine = -1
    p.run()
    replayed()
  }

  /**
   * Call before a restore and replay, and what it returns after them: bytes the replay wrote
   * again are not counted as the current snapshot interval's work (`memory.rangeBytes` only
   * grows), unless the replay went on into new ground and took snapshots, which count afresh.
   */
  private rangeBytesReplayed(): () => void {
    const memory = this.process!.machine.memory
    const before = memory.rangeBytes
    const snapshotsBefore = this.snapshots.length
    const at = this.rangeBytesAt
    return () => {
      if (this.snapshots.length === snapshotsBefore && this.rangeBytesAt === at)
        this.rangeBytesAt += memory.rangeBytes - before
    }
  }

  private advance(target: Target, ranMs = 0): void {
    const p = this.process!
    const deadline = this.deadline(ranMs)
    // The clock is looked at for whichever comes first, the end of the time limit or a pause.
    const clock = Math.min(deadline, target.pauseAt ?? Infinity)
    // Always execute the statement we are paused at first.
    let first = true
    while (!p.exit) {
      const nextSnapshot = this.nextSnapshotStep()
      p.stopAt = Math.min(
        first ? p.steps + 1 : target.maxStep,
        nextSnapshot,
        this.nextPointStep(),
        this.nextClockStep(clock)
      )
      p.stopDepth = first ? -1 : (target.depth ?? -1)
      p.stopLine = first ? -1 : (target.line ?? -1)
      const from = this.clockMark(clock)
      p.run()
      this.afterRun(nextSnapshot)
      if (p.exit) return
      if (this.pastDeadline(deadline, from)) return this.endForTime()
      if (
        target.pauseAt !== undefined &&
        p.steps >= this.frontier &&
        performance.now() > target.pauseAt
      )
        return
      first = false
      if (p.steps >= target.maxStep) return
      if (target.depth !== undefined && p.depth <= target.depth) return
      if (target.line !== undefined && this.currentLine() === target.line) return
    }
  }

  private finish(): void {
    const p = this.process!
    if (this.total === undefined) {
      this.total = p.steps
      if (p.exit && p.exit.signal === undefined) this.finalLeaks = leakSummary(p)
      this.recordPoint()
      this.marker(endMarker(p.steps, p.exit, p.exit?.line))
    }
  }

  /** The line about to execute (or where the program ended). */
  currentLine(): number {
    const p = this.process
    if (!p) return 0
    if (p.exit) return p.exit.line ?? p.line
    return p.code[p.pc] === Op.STMT ? p.code[p.pc + 1] : p.line
  }

  // ---- recording for the timeline -----------------------------------------------------------

  private onHeapCall(
    kind: 'malloc' | 'free' | 'realloc' | 'brk',
    address: number,
    from: number,
    stdioBuffer?: StdioBufferCall
  ): void {
    const p = this.process!
    // Heap calls of statement k happen while steps == k; replays stay at or below the frontier.
    if (p.steps <= this.frontier && this.snapshots.length > 0) return
    if (this.markers.length + this.heapMarks.step.length >= MAX_MARKERS) return
    // Kept as numbers; the markers (two strings and two objects each) are made when the
    // timeline is read: a heap-heavy run made 5,000 of them in its first heap calls.
    const marks = this.heapMarks
    marks.step.push(p.steps)
    marks.kind.push(kind === 'malloc' ? 0 : kind === 'free' ? 1 : kind === 'brk' ? 2 : 3)
    marks.address.push(address)
    if (from !== 0) marks.from.set(marks.step.length - 1, from)
    if (stdioBuffer) marks.stdioBuffer.set(marks.step.length - 1, stdioBuffer)
    marks.line.push(p.line)
    if (this.heapCallPoints < MAX_HEAP_CALL_POINTS && this.points.length < MAX_POINTS) {
      this.heapCallPoints++
      this.recordPoint(false)
    }
  }

  /** Heap calls whose markers are not made yet (see onHeapCall), in order. */
  private readonly heapMarks = {
    step: [] as number[],
    kind: [] as number[],
    address: [] as number[],
    line: [] as number[],
    /** The block each realloc was given, by its index in these arrays (the other calls have none). */
    from: new Map<number, number>(),
    /** The stream of each malloc the C library made for a stream's buffer, by index. */
    stdioBuffer: new Map<number, StdioBufferCall>()
  }

  /** Makes the markers of the heap calls recorded so far, after those made before. */
  private flushHeapMarks(): void {
    const marks = this.heapMarks
    for (let i = 0; i < marks.step.length; i++) {
      const m = heapCallMarker(
        marks.step[i] as number,
        HEAP_MARK_KINDS[marks.kind[i] as number] as (typeof HEAP_MARK_KINDS)[number],
        marks.address[i] as number,
        marks.line[i],
        marks.from.get(i),
        marks.stdioBuffer.get(i)
      )
      if (m.line === undefined) delete m.line
      this.markers.push(m)
    }
    marks.step.length = marks.kind.length = marks.address.length = marks.line.length = 0
    marks.from.clear()
    marks.stdioBuffer.clear()
  }

  /**
   * Markers for the misuse reports of the statements run for the first time, those after step
   * `from` (a replay behind the frontier reports them again; they are marked once), in step order
   * among the heap calls' markers of the same stretch. A statement counts its step as it starts,
   * so a report at step `from` belongs to the stretch before, which marked it.
   */
  private markMisuse(from: number): void {
    const events = this.process!.machine.events
    let first = events.length
    while (first > 0 && events[first - 1].step > from) first--
    for (let i = first; i < events.length; i++) {
      const m = misuseMarker(events[i])
      if (!m) continue
      this.marker(m)
      const markers = this.markers
      if (markers.length > 1 && markers[markers.length - 2].step > m.step) {
        markers.sort((a, b) => a.step - b.step)
      }
    }
  }

  private marker(m: TimelineMarker): void {
    this.flushHeapMarks()
    if (this.markers.length >= MAX_MARKERS && m.kind !== 'exit' && m.kind !== 'fault') return
    if (m.line === undefined) delete m.line
    this.markers.push(m)
  }

  /** Adds a timeline point; leaked bytes (a reachability scan) only at snapshots and the end. */
  private recordPoint(scanLeaks = true): void {
    const p = this.process!
    const last = this.points[this.points.length - 1]
    if (last && last.step >= p.steps && !(p.exit && last.step === p.steps)) return
    const metrics = p.machine.metrics()
    // A reachability scan costs O(live blocks + the bytes they hold + roots): sample it on every
    // 8th point, and beyond 64 live blocks proportionally more rarely (every 32nd point with
    // 256), so that a heap-heavy run spends on scans about what a small one does (they were 4-7%
    // of malloc-heavy's recording). The end of the run is always scanned, unless it was killed
    // (a signal: no leak summary either) with over 1,000 blocks live: malloc in an endless loop
    // ended by the time limit holds 200,000 blocks, and their scan took seconds more.
    const every = 8 * Math.max(1, Math.ceil(metrics.liveBlocks / 64))
    const scanEnd = p.exit !== null && (this.finalLeaks !== null || metrics.liveBlocks <= 1000)
    if ((scanLeaks && this.points.length % every === 0 && metrics.liveBlocks <= 1000) || scanEnd) {
      this.lastLeakedBytes = p.exit && this.finalLeaks ? this.finalLeaks.bytes : leakedBytes(p)
    }
    // As the stack view: a process killed by a signal keeps the stack it died with (the charts
    // said "stack depth 0" beside a stack overflow's 87,374 frames); a normal exit has none.
    const stackGone = p.exit !== null && p.exit.signal === undefined
    const point: TimelinePoint = {
      step: p.steps,
      heapSize: metrics.heapSize,
      requestedBytes: metrics.requestedBytes,
      allocatedBytes: metrics.allocatedBytes,
      externalFragmentation: metrics.externalFragmentation,
      liveBytes: metrics.requestedBytes,
      leakedBytes: this.lastLeakedBytes,
      stackDepth: stackGone ? 0 : p.depth + 1,
      stackBytes: stackGone ? 0 : p.stackTop - p.rsp
    }
    if (last && last.step === p.steps) this.points[this.points.length - 1] = point
    else this.points.push(point)
  }

  /** Figures over time and event markers, for the charts and the scrubber. */
  timeline(): Timeline {
    const total = this.total ?? this.frontier
    this.flushHeapMarks()
    return { totalSteps: total, points: this.points.slice(), markers: this.markers.slice() }
  }

  // ---- the state at the current step ----------------------------------------------------------

  /**
   * The whole picture of the process at the current step. `blocksFrom`: a heap of more than
   * HEAP_BLOCK_WINDOW blocks is carried in part, from that position ('end': its last blocks;
   * an address: around its block), with `blockWindow` saying which; without it, every block.
   */
  state(blocksFrom?: BlocksFrom): ProcessState {
    const p = this.process
    if (!p) return emptyState(this.options)
    const m = p.machine
    const layout = m.layout
    // The allocator lists its blocks once a step (pointers into freed blocks look them up too);
    // only the part carried gets its origins and stdio roles.
    const listed = this.blocksAtStep(p)
    const shown =
      blocksFrom === undefined ? { blocks: listed.slice() } : windowOfBlocks(listed, blocksFrom)
    const heap = m.heapView(shown.blocks)
    const finished = p.exit !== null
    const events = [...heap.events]
    if (finished && this.finalLeaks && p.steps === this.total)
      events.push(...leakEvents(this.finalLeaks, p.steps))
    // A process killed by a signal keeps the stack it died with (as a core dump or a debugger
    // shows it), so a stack overflow can be inspected frame by frame; a normal exit has none.
    const frames =
      finished && p.exit?.signal === undefined ? { views: [], count: 0 } : this.frames(p)
    const state: ProcessState = {
      step: p.steps,
      line: this.currentLine() || null,
      layout: layout.profile.name,
      allocator: m.allocator.name,
      segments: heap.segments.map((s) =>
        s.name === 'stack' ? { ...s, limit: layout.stackBottom } : { ...s }
      ),
      heapStart: heap.heapStart,
      programBreak: heap.programBreak,
      stackTop: layout.stackTop,
      stackLimit: layout.stackLimit,
      stackPointer: frames.count === 0 ? layout.stackTop : p.rsp,
      framePointer: frames.count === 0 ? layout.stackTop : p.rbp,
      frames: frames.views,
      frameCount: frames.count,
      ...(frames.count > 0 ? { processStart: p.processStart.regions.slice().reverse() } : {}),
      globals: this.globals(p),
      literals: p.program.objects
        .filter((o) => o.kind === 'literal')
        .map((o) => ({
          address: p.sectionStart.rodata + o.offset,
          text: o.text ?? '',
          size: o.size
        })),
      blocks: markStdioBuffers(
        heap.blocks,
        p.stdioBuffer()?.payload ?? 0,
        p.stdinBufferBlock()?.payload ?? 0
      ),
      freeLists: heap.freeLists,
      metrics: heap.metrics,
      events,
      output: decodeBytes(p.output)
    }
    if (p.stderr !== '')
      state.terminal = interleaveOutput(p.output, p.stderr, p.stderrMarks).map((run) => ({
        stream: run.stream,
        text: decodeBytes(run.text)
      }))
    if ('elided' in frames && frames.elided)
      state.elided = frames.elided as NonNullable<ProcessState['elided']>
    if (shown.window) state.blockWindow = shown.window
    if (p.inputEnded) state.inputEnded = true
    if (p.exit) state.exit = { ...p.exit }
    return state
  }

  private frames(p: Process): {
    views: StackFrameView[]
    count: number
    elided?: ProcessState['elided']
  } {
    const mem = p.machine.memory
    // Walk the frame-pointer chain from the innermost frame outwards.
    const chain: Array<{ f: CompiledFunction | undefined; rbp: number; pc: number }> = []
    let rbp = p.rbp
    let pc = p.pc
    for (let d = p.depth; d >= 0; d--) {
      chain.push({ f: p.functionAt(pc), rbp, pc })
      if (d === 0) break
      const ret = mem.readPointer(rbp + 8)
      const saved = mem.readPointer(rbp)
      if (!(saved > rbp) || saved > p.mainRbp) break
      pc = p.pcOfReturn(ret)
      rbp = saved
    }
    chain.reverse()
    const count = chain.length
    let kept = chain.map((c, depth) => ({ ...c, depth }))
    let elided: ProcessState['elided'] | undefined
    if (count > 2 * FRAMES_KEPT_AT_EACH_END + 10) {
      const outer = kept.slice(0, FRAMES_KEPT_AT_EACH_END)
      const inner = kept.slice(count - FRAMES_KEPT_AT_EACH_END)
      const middle = kept.slice(FRAMES_KEPT_AT_EACH_END, count - FRAMES_KEPT_AT_EACH_END)
      const functions = [...new Set(middle.map((c) => c.f?.name ?? '??'))]
      elided = {
        after: FRAMES_KEPT_AT_EACH_END - 1,
        count: middle.length,
        functions,
        bytes:
          middle[0].rbp +
          16 -
          (middle[middle.length - 1].rbp - (middle[middle.length - 1].f?.frameSize ?? 0))
      }
      kept = [...outer, ...inner]
    }
    const views = kept.map((c): StackFrameView => {
      const f = c.f
      const line = c.depth === count - 1 ? this.currentLine() : p.lineAt(c.pc)
      const callerLine = c.depth > 0 ? p.lineAt(chain[c.depth - 1].pc) : undefined
      const variables: VariableView[] = []
      if (f) {
        for (const s of f.info.params)
          variables.push(this.variable(p, s.name, s.type, c.rbp + s.slot.offset, 'parameter'))
        for (const s of f.info.locals)
          variables.push(
            s.vla
              ? this.variableLengthArray(p, s, c.rbp)
              : this.variable(p, s.name, s.type, c.rbp + s.slot.offset, 'local')
          )
      }
      // A leaf function does not move %rsp over the locals it keeps in the red zone; one
      // with variable-length arrays moved it below them (the frame is down to the next one's
      // return address, or to %rsp itself for the innermost).
      let stackPointer = c.rbp - (f?.frameSize ?? 0) + (f?.redZone ?? 0)
      if (f?.info.variableLength) {
        const next = kept[c.depth + 1] === undefined ? undefined : chain[c.depth + 1]
        stackPointer =
          c.depth === count - 1
            ? p.rsp
            : next !== undefined
              ? next.rbp + 16 + (next.f?.stackArgBytes ?? 0)
              : stackPointer
      }
      const view: StackFrameView = {
        depth: c.depth,
        function: f?.name ?? '??',
        line,
        framePointer: c.rbp,
        stackPointer,
        returnAddress: mem.readPointer(c.rbp + 8),
        savedFramePointer: mem.readPointer(c.rbp),
        variables
      }
      if (callerLine !== undefined) view.callLine = callerLine
      const saved = f?.info.savedRegisters
      if (saved?.length)
        view.savedRegisters = saved.map((register, i) => ({
          register,
          address: c.rbp - 8 * (i + 1)
        }))
      return view
    })
    return { views, count, elided }
  }

  private globals(p: Process): VariableView[] {
    return p.program.objects
      .filter((o: DataObject) => o.kind !== 'literal')
      .map((o) =>
        this.variable(
          p,
          o.name,
          o.type,
          p.sectionStart[o.section] + o.offset,
          o.kind === 'static' ? 'static' : 'global'
        )
      )
  }

  /**
   * `int a[n]` in a frame: the array where its hidden address slot points, with the length
   * saved as its declaration ran; before that (or beyond the stack), the slot itself.
   */
  private variableLengthArray(p: Process, s: LocalSymbol, rbp: number): VariableView {
    const mem = p.machine.memory
    const vla = s.vla!
    const pointerAt = rbp + vla.pointer.slot.offset
    const lengthAt = rbp + vla.length.slot.offset
    if (
      s.type.kind === 'array' &&
      mem.isRangeInitialized(pointerAt, 8) &&
      mem.isRangeInitialized(lengthAt, 8)
    ) {
      const address = mem.readPointer(pointerAt)
      const length = mem.readPointer(lengthAt) + 1
      const size = length * sizeOf(s.type.of)
      if (
        length >= 0 &&
        length <= VARIABLE_LENGTH_SHOWN &&
        address >= p.stackBottom &&
        address + size <= rbp
      )
        return this.variable(p, s.name, arrayOf(s.type.of, length), address, 'local')
    }
    return {
      name: s.name,
      type: typeName(s.type),
      address: pointerAt,
      size: 8,
      kind: 'local',
      value: { kind: 'uninitialized' }
    }
  }

  private variable(
    p: Process,
    name: string,
    type: CType,
    address: number,
    kind: VariableView['kind']
  ): VariableView {
    return {
      name,
      type: typeName(type),
      address,
      size: sizeOf(type),
      kind,
      value: this.value(p, type, address)
    }
  }

  /**
   * A bit-field member: its type as declared (`unsigned : 3`), the bytes its bits lie in, and
   * its value as the program reads it (sign-extended for a signed type).
   */
  private bitField(
    p: Process,
    name: string,
    type: CType,
    unit: number,
    bits: BitField
  ): VariableView {
    const mem = p.machine.memory
    const first = unit + (bits.shift >> 3)
    const size = ((bits.shift + bits.width - 1) >> 3) - (bits.shift >> 3) + 1
    const view: VariableView = {
      name,
      type: `${typeName(type)} : ${bits.width}`,
      address: first,
      size,
      kind: 'field',
      value: { kind: 'uninitialized' }
    }
    if (!mem.isRangeInitialized(first, size)) return view
    let word = 0n
    for (let i = size - 1; i >= 0; i--) word = (word << 8n) | BigInt(mem.read8(first + i))
    const field = (word >> BigInt(bits.shift & 7)) & ((1n << BigInt(bits.width)) - 1n)
    const signed = type.kind === 'int' && type.signed && type.name !== '_Bool'
    view.value = {
      kind: 'integer',
      text: (signed ? BigInt.asIntN(bits.width, field) : field).toString()
    }
    return view
  }

  private value(p: Process, type: CType, address: number): ValueView {
    const mem = p.machine.memory
    const size = sizeOf(type)
    switch (type.kind) {
      case 'array': {
        const n = type.length ?? 0
        const shown = Math.min(n, MAX_ARRAY_ELEMENTS)
        const step = sizeOf(type.of)
        const elements: VariableView[] = []
        for (let i = 0; i < shown; i++)
          elements.push(this.variable(p, `[${i}]`, type.of, address + i * step, 'element'))
        const view: ValueView = { kind: 'array', elements }
        if (n > shown) view.truncated = n - shown
        return view
      }
      case 'struct':
        return {
          kind: 'struct',
          fields: type.layout.fields.map((f) =>
            f.bits
              ? this.bitField(p, f.name, f.type, address + f.offset, f.bits)
              : this.variable(p, f.name, f.type, address + f.offset, 'field')
          )
        }
      default:
        break
    }
    if (!mem.isRangeInitialized(address, size)) return { kind: 'uninitialized' }
    switch (type.kind) {
      case 'int': {
        let v = 0n
        for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(mem.read8(address + i))
        if (type.signed) v = BigInt.asIntN(size * 8, v)
        if (type.enumTag !== undefined || size > 1 || type.name === '_Bool')
          return { kind: 'integer', text: v.toString() }
        // chars: the number and the character.
        const c = Number(BigInt.asUintN(8, v))
        const shown =
          c >= 32 && c < 127
            ? ` '${String.fromCharCode(c)}'`
            : c === 0
              ? " '\\0'"
              : c === 10
                ? " '\\n'"
                : ''
        return { kind: 'integer', text: `${v}${shown}` }
      }
      case 'double':
        if (type.float) return { kind: 'float', text: formatFloat(mem.read32(address)) }
        return { kind: 'float', text: formatDouble(mem.readDouble(address)) }
      case 'pointer': {
        const target = mem.readPointer(address)
        if (type.to.kind === 'function') {
          const f = p.functionAt(p.pcOf(target))
          if (f && f.entry === p.pcOf(target))
            return { kind: 'function', name: f.name, address: target }
        }
        return { kind: 'pointer', address: target, target: this.classify(p, target) }
      }
      default:
        return { kind: 'uninitialized' }
    }
  }

  /** Where a pointer value points, for the arrows of the pointer view. */
  classify(p: Process, address: number): PointerTarget {
    if (address === 0) return { kind: 'null', label: 'NULL' }
    const m = p.machine
    const layout = m.layout
    const hex = hexAddress
    if (address >= p.textStart && address < p.textAddress(p.code.length)) {
      const f = p.functionAtAddress(address)
      if (f) {
        const base = p.textAddress(f.entry)
        if (address === base) return { kind: 'text', label: f.name, base }
        return {
          kind: 'text',
          label: `inside ${f.name}`,
          reason: { key: 'insideFunction', params: { function: f.name } },
          base
        }
      }
      return { kind: 'text', label: 'code', reason: { key: 'code', params: {} } }
    }
    for (const o of p.program.objects) {
      const start = p.sectionStart[o.section] + o.offset
      if (address >= start && address < start + Math.max(1, o.size)) {
        const offset = address - start
        const key = o.kind === 'literal' ? 'literal' : o.kind === 'static' ? 'static' : 'global'
        const label = `${key === 'literal' ? 'string literal' : key} ${o.name}`
        return {
          kind: o.section === 'rodata' ? 'rodata' : 'global',
          label: offset ? `${label} (+${offset})` : label,
          reason: { key, params: offset ? { name: o.name, offset } : { name: o.name } },
          base: start
        }
      }
    }
    if (address >= layout.stackBottom && address < layout.stackTop) {
      const found = this.stackVariable(p, address)
      if (found) return { kind: 'stack', ...found }
      return {
        kind: 'stack',
        label: `stack ${hex(address)}`,
        reason: { key: 'stack', params: { address } }
      }
    }
    const inMmap =
      address >= layout.mmapBase - 0x10000000000 &&
      address < layout.stackBottom &&
      address >= m.programBreak()
    // What malloc returned, as most pointers hold: one look-up in the heap checker's table. A
    // heap of 250,000 blocks took 90 ms a step to sort their payloads for the search below.
    if (m.liveRequestedAt(address) >= 0)
      return { kind: inMmap ? 'mmap' : 'heap', label: `block at ${hex(address)}`, base: address }
    const { payloads, requested } = this.extentsAtStep(p)
    // The last live block starting at or before the address (they do not overlap).
    let lo = 0
    let hi = payloads.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if ((payloads[mid] as number) <= address) lo = mid + 1
      else hi = mid - 1
    }
    if (hi >= 0) {
      const payload = payloads[hi] as number
      if (address >= payload && address < payload + Math.max(1, requested[hi] as number)) {
        const offset = address - payload
        return {
          kind: inMmap ? 'mmap' : 'heap',
          label: `block at ${hex(payload)}${offset ? ` (+${offset})` : ''}`,
          base: payload
        }
      }
    }
    const block = this.blocksAtStep(p).find(
      (b: BlockInfo) => address >= b.address && address < b.address + b.size
    )
    if (block) {
      if (block.free)
        return { kind: 'freed', label: `freed block at ${hex(block.payload)}`, base: block.payload }
      return {
        kind: 'heap',
        label: `inside the block at ${hex(block.payload)} (header or padding)`,
        reason: { key: 'blockOverhead', params: { address: block.payload } },
        base: block.payload
      }
    }
    if (address >= m.heapStart && address < alignUp(m.programBreak(), layout.pageSize))
      return {
        kind: 'heap',
        label: `heap ${hex(address)}`,
        reason: { key: 'heapAddress', params: { address } }
      }
    return {
      kind: 'invalid',
      label: `${hex(address)} (nothing valid there)`,
      reason: { key: 'invalid', params: { address } }
    }
  }

  /**
   * Live blocks (sorted by payload) and all blocks at the current step, each computed once per
   * step and only when needed: classifying the 64 pointers of an array must not list the heap
   * 64 times. All blocks (the allocator's list, thousands of objects in a big heap) when a state
   * is made or a pointer needs them: one into a freed block or a header.
   */
  private heapAtStep(p: Process): HeapAtStep {
    // A run is deterministic: the heap at step k is the same however the session got there.
    const key = `${p.steps}:${p.exit === null ? 'running' : 'ended'}`
    if (this.heapCache?.key !== key) this.heapCache = { key, extents: null, blocks: null }
    return this.heapCache
  }

  /** Live blocks' payloads, ascending, and their requested bytes (see heapAtStep). */
  private extentsAtStep(p: Process): NonNullable<HeapAtStep['extents']> {
    const cache = this.heapAtStep(p)
    if (cache.extents === null) {
      // Two number columns from the heap checker, no object per block (Machine.liveExtents);
      // without the checker, the allocator's blocks (liveBlocks).
      let extents = p.machine.liveExtents()
      if (extents === null) {
        const live = p.machine.liveBlocks().sort((x, y) => x.payload - y.payload)
        extents = {
          payloads: Float64Array.from(live, (b) => b.payload),
          requested: Float64Array.from(live, (b) => b.requested)
        }
      }
      cache.extents = extents
    }
    return cache.extents
  }

  /**
   * All blocks at the current step (see heapAtStep), listed on first need. Kept as data, not
   * as a function made per step: V8 compiled classify() calling the first step's function and
   * threw the compiled code away at the next step that needed the blocks (a cold worker's jump).
   */
  private blocksAtStep(p: Process): BlockInfo[] {
    const cache = this.heapAtStep(p)
    return (cache.blocks ??= p.machine.allocator.blocks())
  }

  private heapCache: HeapAtStep | null = null

  private stackVariable(
    p: Process,
    address: number
  ): { label: string; reason: Reason; base: number } | null {
    let rbp = p.rbp
    let pc = p.pc
    const mem = p.machine.memory
    for (let d = p.depth; d >= 0; d--) {
      const f = p.functionAt(pc)
      if (f) {
        for (const s of [...f.info.params, ...f.info.locals]) {
          const start = rbp + s.slot.offset
          if (address >= start && address < start + Math.max(1, s.slot.size)) {
            const offset = address - start
            return {
              label: `${s.name} in ${f.name}${offset ? ` (+${offset})` : ''}`,
              reason: {
                key: 'stackVariable',
                params: offset
                  ? { name: s.name, function: f.name, offset }
                  : { name: s.name, function: f.name }
              },
              base: start
            }
          }
        }
      }
      if (d === 0) break
      pc = p.pcOfReturn(mem.readPointer(rbp + 8))
      rbp = mem.readPointer(rbp)
    }
    return null
  }

  /** Bytes around `address` at the current step, for the byte inspector. */
  readMemory(address: number, length: number): MemoryDump {
    const p = this.process
    const n = Math.max(0, Math.min(length, 1 << 16))
    if (!p)
      return {
        address,
        bytes: new Array(n).fill(null),
        initialized: new Array(n).fill(false),
        changed: new Array(n).fill(false)
      }
    const current = this.dump(p, address, n)
    const changed = new Array<boolean>(n).fill(false)
    const step = p.steps
    if (step > 0) {
      this.jumpTo(step - 1)
      const before = this.dump(p, address, n)
      this.jumpTo(step)
      // A byte changed when its value did or when it was written for the first time.
      for (let i = 0; i < n; i++)
        changed[i] =
          before.bytes[i] !== current.bytes[i] || before.initialized[i] !== current.initialized[i]
    }
    return { address, bytes: current.bytes, initialized: current.initialized, changed }
  }

  private dump(
    p: Process,
    address: number,
    n: number
  ): { bytes: Array<number | null>; initialized: boolean[] } {
    const mem = p.machine.memory
    const bytes: Array<number | null> = []
    const initialized: boolean[] = []
    for (let i = 0; i < n; i++) {
      const a = address + i
      const mapped = p.machine.space.check(a, 1, 'read') === null
      bytes.push(mapped ? mem.read8(a) : null)
      initialized.push(mapped && mem.isInitialized(a))
    }
    return { bytes, initialized }
  }

  /** The declaration of a type around a name, e.g. `int (*p)[3]`, for views that need it. */
  static declare(type: CType, name: string): string {
    return declarator(type, name)
  }
}

/**
 * `leakSummary(p).bytes` (definitely + indirectly lost, without the collector's blocks) for a
 * timeline point, without the summary's sorted list of every live block.
 */
function leakedBytes(p: Process): number {
  const exited = p.exit !== null && p.exit.signal === undefined
  const report = p.leakReport(!exited)
  const collected = p.gcBlocks
  let bytes = 0
  for (const lost of [report.definite, report.indirect, report.possible])
    for (const b of lost)
      if (b.leak !== 'possible' && !collected.includes(b.payload)) bytes += b.requested
  return bytes
}

function formatDouble(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return v.toFixed(1)
  return String(v)
}

/**
 * A float (its binary32 encoding) as the shortest decimal that reads back as the same float:
 * 0.1f shows as 0.1, not as the double 0.10000000149011612 it equals.
 */
function formatFloat(encoding: number): string {
  const v = float32FromBits(encoding)
  if (!Number.isFinite(v)) return formatDouble(v)
  for (let digits = 1; digits < 9; digits++) {
    const shortest = Number(v.toPrecision(digits))
    if (Math.fround(shortest) === v) return formatDouble(shortest)
  }
  return formatDouble(Number(v.toPrecision(9)))
}

/** The heap's blocks with stdout's and stdin's buffers (the C library's, not the program's) marked as such. */
function markStdioBuffers(blocks: BlockInfo[], stdout: number, stdin: number): BlockInfo[] {
  if (stdout === 0 && stdin === 0) return blocks
  return blocks.map((b) => {
    if (b.free || b.payload === 0) return b
    if (b.payload === stdout) return { ...b, role: 'stdio-buffer' as const }
    if (b.payload === stdin) return { ...b, role: 'stdin-buffer' as const }
    return b
  })
}

function emptyState(options: RunOptions): ProcessState {
  return {
    step: 0,
    line: null,
    layout: options.layout ?? 'linux-x86_64',
    allocator: options.allocator ?? defaultAllocator(options.layout ?? 'linux-x86_64'),
    segments: [],
    heapStart: 0,
    programBreak: 0,
    stackTop: 0,
    stackLimit: 0,
    stackPointer: 0,
    framePointer: 0,
    frames: [],
    frameCount: 0,
    globals: [],
    literals: [],
    blocks: [],
    freeLists: {},
    metrics: {
      heapSize: 0,
      requestedBytes: 0,
      allocatedBytes: 0,
      internalFragmentation: 0,
      headerBytes: 0,
      paddingBytes: 0,
      externalFragmentation: 0,
      freeBytes: 0,
      freeBlocks: 0,
      largestFreeBlock: 0,
      peakUtilization: 0,
      mmapBytes: 0,
      liveBlocks: 0
    },
    events: [],
    output: ''
  }
}
