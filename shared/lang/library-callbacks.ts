/**
 * Library functions that call back into the program: `qsort` and `bsearch` call the learner's
 * comparison function. The comparison runs as interpreted C like any other call — its frame on
 * the simulated stack, its statements steps the learner can pause on — so the library side
 * cannot be a JavaScript loop that calls it. Each is a resumable state machine instead: the
 * interpreter's small driver for the function (codegen.ts `compileCallbackLoop`) asks `next`
 * for the next comparison, calls the comparator with those two pointers, and hands its answer
 * to `answer`, until `next` says the work is done. The state is plain numbers, so a
 * time-travel snapshot copies it.
 *
 * `qsort` is glibc 2.36's (stdlib/msort.c, Mike Haertel's merge sort): the same comparisons in
 * the same order, the same copies through the same temporary array — on the stack (alloca)
 * below 1024 bytes, else malloc'd and freed at the end — and, for elements over 32 bytes,
 * glibc's indirect sort of pointers followed by its cycle-following permutation. `bsearch` is
 * the binary search of glibc's <bits/stdlib-bsearch.h>.
 */

/** What the interpreter lends the state machines: checked copies and pointer accesses. */
export interface CallbackMemory {
  copy(dest: number, src: number, bytes: number): void
  readPointer(address: number): number
  writePointer(address: number, value: number): void
}

/**
 * Stack use measured on the reference machine (gcc 12 -O0 caller, glibc 2.36): the caller's
 * %rsp minus the comparator's %rbp is 288 + the alloca'd array + 112 per merge level below the
 * first for qsort, 96 for bsearch; qsort's temporary array starts 160 bytes below the caller's
 * %rsp. The driver's own frame is sized so that its %rsp is where glibc's alloca starts.
 */
export const QSORT_FRAME_BYTES = 144
export const BSEARCH_FRAME_BYTES = 64
/** One msort_with_tmp frame (return address, saved registers, locals). */
export const MERGE_FRAME_BYTES = 112

/** Below this many bytes glibc puts qsort's temporary array on the stack (`__alloca`). */
export const QSORT_ALLOCA_LIMIT = 1024

/** What `__alloca(size)` takes off %rsp as gcc compiles it in glibc: (size + 23) & ~15. */
export function allocaBytes(size: number): number {
  return Math.floor((size + 23) / 16) * 16
}

/** A merge in progress (msort_with_tmp after its two recursive calls). */
interface Merge {
  /** The run being sorted and its length. */
  b: number
  n: number
  b1: number
  n1: number
  b2: number
  n2: number
  /** Where the next element goes in the temporary array. */
  t: number
  depth: number
}

/** qsort between two comparisons. */
export interface SortState {
  kind: 'qsort'
  base: number
  count: number
  size: number
  compare: number
  /** The temporary array (`p.t`). */
  tmp: number
  /** The temporary array when it was malloc'd (glibc frees it at the end), else 0. */
  heapTmp: number
  /** Bytes alloca took below the driver's frame (0 when the array was malloc'd). */
  stackBytes: number
  /** Elements over 32 bytes are sorted through an array of pointers (msort's var 3). */
  indirect: boolean
  /** The element size msort works with (8 when sorting pointers). */
  step: number
  /**
   * msort_with_tmp's work still to do, the next on top: [0, start, count, depth] sorts a run
   * (its two halves, then their merge), [1, start, count, depth] merges a run's sorted halves.
   */
  tasks: Array<[number, number, number, number]>
  /** The merge in progress, if any. */
  merge: Merge | null
  /** The comparison to make now: its two arguments and msort's depth. */
  call: [number, number, number] | null
  done: boolean
}

/** bsearch between two comparisons. */
export interface SearchState {
  kind: 'bsearch'
  key: number
  base: number
  count: number
  size: number
  compare: number
  low: number
  high: number
  /** The element compared now. */
  probe: number
  call: [number, number, number] | null
  result: number
  done: boolean
}

export type CallbackState = SortState | SearchState

/**
 * qsort(base, count, size, compare) up to its first comparison. `allocate` mallocs through the
 * run's allocator (the temporary array of 1024 bytes or more); it answers 0 on failure.
 */
export function startSort(
  base: number,
  count: number,
  size: number,
  compare: number,
  mem: CallbackMemory,
  allocate: (bytes: number) => number,
  stackTop: number
): SortState {
  const indirect = size > 32
  const bytes = indirect ? 2 * count * 8 + size : count * size
  let tmp = 0
  let heapTmp = 0
  let stackBytes = 0
  if (bytes < QSORT_ALLOCA_LIMIT) {
    stackBytes = allocaBytes(bytes)
    tmp = stackTop - stackBytes
  } else {
    heapTmp = allocate(bytes)
    tmp = heapTmp
  }
  const state: SortState = {
    kind: 'qsort',
    base,
    count,
    size,
    compare,
    tmp,
    heapTmp,
    stackBytes,
    indirect,
    step: indirect ? 8 : size,
    tasks: [],
    merge: null,
    call: null,
    done: false
  }
  if (tmp === 0) {
    // glibc falls back to its quicksort when malloc fails; see `sortFallback`.
    state.done = true
    return state
  }
  if (indirect) {
    // tp[i] = &base[i], in the second half of the temporary array.
    const tp = tmp + count * 8
    for (let i = 0; i < count; i++) mem.writePointer(tp + i * 8, base + i * size)
    state.tasks.push([0, tp, count, 1])
  } else state.tasks.push([0, base, count, 1])
  return state
}

/** bsearch(key, base, count, size, compare) before its first comparison. */
export function startSearch(
  key: number,
  base: number,
  count: number,
  size: number,
  compare: number
): SearchState {
  return {
    kind: 'bsearch',
    key,
    base,
    count,
    size,
    compare,
    low: 0,
    high: count,
    probe: 0,
    call: null,
    result: 0,
    done: false
  }
}

/**
 * Runs the library's side until it needs the comparator (`state.call` set: answer true) or
 * has finished (false).
 */
export function nextComparison(state: CallbackState, mem: CallbackMemory): boolean {
  if (state.done) return false
  if (state.kind === 'bsearch') {
    if (state.low < state.high) {
      const index = Math.floor((state.low + state.high) / 2)
      state.probe = state.base + index * state.size
      state.call = [state.key, state.probe, 1]
      return true
    }
    state.call = null
    state.result = 0
    state.done = true
    return false
  }
  const s = state.step
  for (;;) {
    const merge = state.merge
    if (merge !== null) {
      if (merge.n1 > 0 && merge.n2 > 0) {
        // msort's var 3 (indirect) compares what the two pointers point at.
        const a = state.indirect ? mem.readPointer(merge.b1) : merge.b1
        const b = state.indirect ? mem.readPointer(merge.b2) : merge.b2
        state.call = [a, b, merge.depth]
        return true
      }
      if (merge.n1 > 0) mem.copy(merge.t, merge.b1, merge.n1 * s)
      mem.copy(merge.b, state.tmp, (merge.n - merge.n2) * s)
      state.merge = null
    }
    const task = state.tasks.pop()
    if (task === undefined) break
    const [kind, b, n, depth] = task
    const n1 = Math.floor(n / 2)
    const n2 = n - n1
    if (kind === 1) {
      state.merge = { b, n, b1: b, n1, b2: b + n1 * s, n2, t: state.tmp, depth }
      continue
    }
    if (n <= 1) continue
    // Both halves, the first on top, then their merge.
    state.tasks.push([1, b, n, depth], [0, b + n1 * s, n2, depth + 1], [0, b, n1, depth + 1])
  }
  state.call = null
  if (state.indirect) permute(state, mem)
  state.done = true
  return false
}

/** The comparator answered `result` (its int, as glibc reads %eax). */
export function answerComparison(state: CallbackState, result: number, mem: CallbackMemory): void {
  state.call = null
  if (state.kind === 'bsearch') {
    if (result < 0) state.high = Math.floor((state.low + state.high) / 2)
    else if (result > 0) state.low = Math.floor((state.low + state.high) / 2) + 1
    else {
      state.result = state.probe
      state.done = true
    }
    return
  }
  const merge = state.merge
  if (merge === null) return
  const s = state.step
  if (result <= 0) {
    mem.copy(merge.t, merge.b1, s)
    merge.b1 += s
    merge.n1--
  } else {
    mem.copy(merge.t, merge.b2, s)
    merge.b2 += s
    merge.n2--
  }
  merge.t += s
}

/**
 * After the indirect sort, tp[0..n-1] point at the elements in order: glibc moves the
 * elements into place following each cycle of the permutation (Knuth vol. 3, ex. 5.2-10),
 * through the spare element at the end of the temporary array.
 */
function permute(state: SortState, mem: CallbackMemory): void {
  const { base, count, size } = state
  const tp = state.tmp + count * 8
  const spare = tp + count * 8
  for (let i = 0, ip = base; i < count; i++, ip += size) {
    let kp = mem.readPointer(tp + i * 8)
    if (kp === ip) continue
    let j = i
    let jp = ip
    mem.copy(spare, ip, size)
    do {
      const k = Math.floor((kp - base) / size)
      mem.writePointer(tp + j * 8, jp)
      mem.copy(jp, kp, size)
      j = k
      jp = kp
      kp = mem.readPointer(tp + k * 8)
    } while (kp !== ip)
    mem.writePointer(tp + j * 8, jp)
    mem.copy(jp, spare, size)
  }
}

/** A deep copy for a time-travel snapshot (the states are plain numbers and arrays). */
export function copyCallbackState(state: CallbackState): CallbackState {
  return JSON.parse(JSON.stringify(state)) as CallbackState
}
