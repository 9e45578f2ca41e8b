/**
 * Leak checking as valgrind's memcheck does it: scan the roots (the stack in use, .data and
 * .bss, register values) for 8-byte aligned words that point into live heap blocks, then scan
 * every block reached the same way. Blocks never reached are lost:
 *
 * - *definitely lost*: no pointer to the block was found anywhere;
 * - *indirectly lost*: the only pointers to it are inside other lost blocks (the rest of a
 *   linked list whose head was lost). In a cycle of lost blocks, one is reported definitely
 *   lost and the others indirectly, as memcheck does.
 * - *possibly lost*: a chain of pointers from the roots reaches it, but some link of that
 *   chain points into the middle of a block instead of at its start (an "interior pointer").
 *   Memcheck cannot tell whether such a value is really a pointer to the block, so it says
 *   "possibly". Following its rules (mc_leakcheck.c): a start pointer from a root or from a
 *   still-reachable block makes a block still reachable; an interior pointer, or any pointer
 *   found inside a possibly lost block, makes it possibly lost; a block reached both ways is
 *   still reachable.
 */
import type { Machine } from './machine'
import type { BlockOrigin, MisuseEvent } from './types'
import { formatAddress } from './layout'

/** Where pointers that keep blocks alive may be. */
export interface LeakRoots {
  /** Memory ranges [start, end) scanned for pointers: the stack in use, .data, .bss. */
  ranges: Array<[number, number]>
  /** Values held outside memory (registers, interpreter temporaries). */
  values?: number[]
}

export interface LostBlock {
  payload: number
  requested: number
  allocated?: BlockOrigin
  leak: 'definite' | 'indirect' | 'possible'
}

export interface LeakReport {
  definite: LostBlock[]
  indirect: LostBlock[]
  /** Reached from the roots only through an interior pointer somewhere on the way. */
  possible: LostBlock[]
  definiteBytes: number
  indirectBytes: number
  possibleBytes: number
  reachableBlocks: number
  reachableBytes: number
  /** One `leak` event per lost block: definitely lost, then indirectly, then possibly. */
  events: MisuseEvent[]
}

const UNVISITED = 0
const REACHABLE = 1
const LEADER = 2
const INDIRECT = 3
const POSSIBLE = 4

/**
 * Classify the machine's live blocks as still reachable, possibly lost, definitely lost or
 * indirectly lost.
 */
export function findLeaks(machine: Machine, roots: LeakRoots): LeakReport {
  const blocks = machine.liveBlocks().sort((a, b) => a.payload - b.payload)
  const n = blocks.length
  const starts = new Float64Array(n)
  const ends = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    starts[i] = blocks[i].payload
    ends[i] = blocks[i].payload + Math.max(1, blocks[i].requested)
  }
  const low = n > 0 ? starts[0] : 0
  let high = 0
  for (let i = 0; i < n; i++) if (ends[i] > high) high = ends[i]

  /** Index of the block containing `value`, or -1. */
  const blockOf = (value: number): number => {
    if (value < low || value >= high) return -1
    let lo = 0
    let hi = n - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (value < starts[mid]) hi = mid - 1
      else if (value >= ends[mid]) lo = mid + 1
      else return mid
    }
    return -1
  }

  const memory = machine.memory
  /** Every block index pointed to from the aligned words of [start, end), with the value. */
  const pointees = (
    start: number,
    end: number,
    visit: (index: number, value: number) => void
  ): void => {
    // Zero words point nowhere: untouched pages (a big block never written) are skipped whole.
    // A word not wholly initialized is garbage, not a pointer, as memcheck takes it
    // (mc_leakcheck.c scans only words whose bits are all defined): a stale link the allocator
    // left in a block malloc handed out again keeps nothing alive.
    memory.eachNonZeroWord(start, end, (a, value) => {
      const i = blockOf(value)
      if (i >= 0 && memory.isRangeInitialized(a, 8)) visit(i, value)
    })
  }

  const state = new Uint8Array(n)
  const stack: number[] = []
  // Memcheck's marking: `definiteChain` when the pointer was found in a root or in a still
  // reachable block. A block first marked possible is pushed again when a start pointer from
  // a definite chain upgrades it, so everything below it is upgraded too.
  const reachFrom =
    (definiteChain: boolean) =>
    (i: number, value: number): void => {
      if (definiteChain && value === starts[i]) {
        if (state[i] !== REACHABLE) {
          state[i] = REACHABLE
          stack.push(i)
        }
      } else if (state[i] === UNVISITED) {
        state[i] = POSSIBLE
        stack.push(i)
      }
    }
  const fromRoot = reachFrom(true)
  const fromReachable = fromRoot
  const fromPossible = reachFrom(false)
  for (const [start, end] of roots.ranges) pointees(start, end, fromRoot)
  for (const v of roots.values ?? []) {
    const i = blockOf(v)
    if (i >= 0) fromRoot(i, v)
  }
  while (stack.length > 0) {
    const i = stack.pop() as number
    const visit = state[i] === REACHABLE ? fromReachable : fromPossible
    pointees(starts[i], blocks[i].payload + blocks[i].requested, visit)
  }

  // Lost blocks: each not yet claimed leads a clique; everything it reaches is indirect.
  for (let leader = 0; leader < n; leader++) {
    if (state[leader] !== UNVISITED) continue
    state[leader] = LEADER
    stack.push(leader)
    while (stack.length > 0) {
      const i = stack.pop() as number
      pointees(starts[i], blocks[i].payload + blocks[i].requested, (j) => {
        if (j !== leader && (state[j] === UNVISITED || state[j] === LEADER)) {
          state[j] = INDIRECT
          stack.push(j)
        }
      })
    }
  }

  const report: LeakReport = {
    definite: [],
    indirect: [],
    possible: [],
    definiteBytes: 0,
    indirectBytes: 0,
    possibleBytes: 0,
    reachableBlocks: 0,
    reachableBytes: 0,
    events: []
  }
  for (let i = 0; i < n; i++) {
    const b = blocks[i]
    if (state[i] === REACHABLE) {
      report.reachableBlocks++
      report.reachableBytes += b.requested
      continue
    }
    const lost: LostBlock = {
      payload: b.payload,
      requested: b.requested,
      ...(b.allocated !== undefined ? { allocated: b.allocated } : {}),
      leak: state[i] === LEADER ? 'definite' : state[i] === POSSIBLE ? 'possible' : 'indirect'
    }
    if (lost.leak === 'definite') {
      report.definite.push(lost)
      report.definiteBytes += b.requested
    } else if (lost.leak === 'possible') {
      report.possible.push(lost)
      report.possibleBytes += b.requested
    } else {
      report.indirect.push(lost)
      report.indirectBytes += b.requested
    }
  }
  const where = (o: BlockOrigin | undefined): string =>
    o === undefined
      ? ''
      : o.line !== undefined
        ? ` (allocated at line ${o.line})`
        : ` (allocated at step ${o.step})`
  const what: Record<LostBlock['leak'], string> = {
    definite: 'is definitely lost: no pointer to it remains anywhere',
    indirect: 'is indirectly lost: the only pointers to it are inside other lost blocks',
    possible:
      'is possibly lost: the only pointers that lead to it point into the middle of a block, not at its start'
  }
  const key: Record<LostBlock['leak'], string> = {
    definite: 'misuse.leakDefinite',
    indirect: 'misuse.leakIndirect',
    possible: 'misuse.leakPossible'
  }
  for (const lost of [...report.definite, ...report.indirect, ...report.possible]) {
    report.events.push({
      kind: 'leak',
      step: machine.step,
      address: lost.payload,
      message: `The ${lost.requested}-byte block at ${formatAddress(lost.payload)}${where(lost.allocated)} ${what[lost.leak]}.`,
      leak: lost.leak,
      bytes: lost.requested,
      reason: {
        key: key[lost.leak],
        params: { bytes: lost.requested, address: formatAddress(lost.payload) }
      },
      ...(lost.allocated !== undefined ? { allocated: lost.allocated } : {})
    })
  }
  return report
}
