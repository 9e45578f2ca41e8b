/**
 * Leak checking as valgrind's memcheck does it: scan the roots (the stack in use, .data and
 * .bss, register values) for 8-byte aligned words that point into live heap blocks, then scan
 * every block reached the same way. Blocks never reached are lost:
 *
 * - *definitely lost*: no pointer to the block was found anywhere;
 * - *indirectly lost*: the only pointers to it are inside other lost blocks (the rest of a
 *   linked list whose head was lost). In a cycle of lost blocks, one is reported definitely
 *   lost and the others indirectly, as memcheck does.
 *
 * Simplification (said so to learners): a pointer into the middle of a block counts as
 * reaching it; memcheck would call a block reached only that way "possibly lost".
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
  leak: 'definite' | 'indirect'
}

export interface LeakReport {
  definite: LostBlock[]
  indirect: LostBlock[]
  definiteBytes: number
  indirectBytes: number
  reachableBlocks: number
  reachableBytes: number
  /** One `leak` event per lost block, definitely lost first. */
  events: MisuseEvent[]
}

const UNVISITED = 0
const REACHABLE = 1
const LEADER = 2
const INDIRECT = 3

/** Classify the machine's live blocks as reachable, definitely lost or indirectly lost. */
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
  /** Every block index pointed to from the aligned words of [start, end). */
  const pointees = (start: number, end: number, visit: (index: number) => void): void => {
    for (let a = Math.ceil(start / 8) * 8; a + 8 <= end; a += 8) {
      const i = blockOf(memory.readPointer(a))
      if (i >= 0) visit(i)
    }
  }

  const state = new Uint8Array(n)
  const stack: number[] = []
  const reach = (i: number): void => {
    if (state[i] === UNVISITED) {
      state[i] = REACHABLE
      stack.push(i)
    }
  }
  for (const [start, end] of roots.ranges) pointees(start, end, reach)
  for (const v of roots.values ?? []) {
    const i = blockOf(v)
    if (i >= 0) reach(i)
  }
  while (stack.length > 0) {
    const i = stack.pop() as number
    pointees(starts[i], blocks[i].payload + blocks[i].requested, reach)
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
    definiteBytes: 0,
    indirectBytes: 0,
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
      leak: state[i] === LEADER ? 'definite' : 'indirect'
    }
    if (lost.leak === 'definite') {
      report.definite.push(lost)
      report.definiteBytes += b.requested
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
  for (const lost of [...report.definite, ...report.indirect]) {
    const what =
      lost.leak === 'definite'
        ? 'is definitely lost: no pointer to it remains anywhere'
        : 'is indirectly lost: the only pointers to it are inside other lost blocks'
    report.events.push({
      kind: 'leak',
      step: machine.step,
      address: lost.payload,
      message: `The ${lost.requested}-byte block at ${formatAddress(lost.payload)}${where(lost.allocated)} ${what}.`,
      leak: lost.leak,
      bytes: lost.requested,
      reason: {
        key: lost.leak === 'definite' ? 'misuse.leakDefinite' : 'misuse.leakIndirect',
        params: { bytes: lost.requested, address: formatAddress(lost.payload) }
      },
      ...(lost.allocated !== undefined ? { allocated: lost.allocated } : {})
    })
  }
  return report
}
