/**
 * A whole run of OSTEP's free-space homework (`vm-freespace/malloc.py`): its parameters, its
 * operations (generated from a seed exactly as the Python program does, or given as an op list
 * like `+10,-0,+20`), the result of every operation and the exact text of its `-c` output.
 *
 * Two rules of malloc.py's `-A` mode are fixed here, as Memory Lane's specification asks:
 * the returned pointer is always block address + header size (-1 for a failure), and every
 * alloc op takes the next index 0, 1, 2, … whether it succeeds or not, so `-K` always frees
 * alloc number K; a free of a failed or already-freed alloc returns -1 and changes nothing.
 * In seeded mode the text keeps malloc.py's own line for a failed alloc, which prints
 * `-1 + headerSize`; the structured result says -1.
 */
import { OstepFreeSpace, OSTEP_LIST_ORDERS, OSTEP_POLICIES, ZeroByteTwiceError } from './freeSpace'
import type { FreeChunk, OstepListOrder, OstepPolicy } from './freeSpace'
import { PythonRandom } from './pythonRandom'
import type { Reason } from '../types'

/** Every parameter of malloc.py, under its long option name. */
export interface OstepParams {
  /** `-s`: random seed for generated ops. */
  seed: number
  /** `-S`: heap size in bytes. */
  size: number
  /** `-b`: address of the heap's first byte. */
  baseAddr: number
  /** `-H`: header size. */
  headerSize: number
  /** `-a`: alignment, -1 for none. */
  alignment: number
  /** `-p` */
  policy: OstepPolicy
  /** `-l` */
  listOrder: OstepListOrder
  /** `-C` */
  coalesce: boolean
  /** `-n`: number of random ops to generate. */
  numOps: number
  /** `-r`: largest random request. */
  range: number
  /** `-P`: percent of generated ops that are allocs. */
  percentAlloc: number
  /** `-A`: an op list such as `+10,-0,+20`; empty for generated ops. */
  allocList: string
  /** `-c`: print the answers instead of question marks. */
  compute: boolean
}

/** malloc.py's defaults (`python malloc.py` with no flags). */
export const OSTEP_DEFAULTS: Readonly<OstepParams> = Object.freeze({
  seed: 0,
  size: 100,
  baseAddr: 1000,
  headerSize: 0,
  alignment: -1,
  policy: 'BEST',
  listOrder: 'ADDRSORT',
  coalesce: false,
  numOps: 10,
  range: 10,
  percentAlloc: 50,
  allocList: '',
  compute: false
})

/** One operation of an op list: `+SIZE` allocates, `-INDEX` frees alloc number INDEX. */
export type OstepOp = { op: 'alloc'; size: number } | { op: 'free'; index: number }

/** What an operation did and the free list after it, in list order. */
export type OstepOpResult =
  | {
      op: 'alloc'
      /** This alloc's number: `ptr[index]`. */
      index: number
      size: number
      /** Block address + header size, or -1 when no chunk was large enough. */
      ptr: number
      searched: number
      freeList: FreeChunk[]
    }
  | {
      op: 'free'
      /** Which alloc was freed: `Free(ptr[index])`. */
      index: number
      rc: 0 | -1
      freeList: FreeChunk[]
    }

/** The result of a run: every op's result and the program's printed text. */
export interface OstepRun {
  ops: OstepOpResult[]
  /** The lines malloc.py prints (with `-c`: the answers), newline-terminated. */
  text: string
}

/**
 * Bad parameters or a malformed op list; the message names the parameter or token. `reason` is
 * the same sentence as a message key under `app.simulator.` (`ostep.*`) and its values, so that
 * the app and the command line can say it in the reader's language; none for malloc.py's own
 * assertion (a second zero-byte block), which is said in English.
 */
export class OstepInputError extends Error {
  readonly reason?: Reason
  constructor(message: string, key?: string, params: Reason['params'] = {}) {
    super(message)
    this.name = 'OstepInputError'
    if (key !== undefined) this.reason = { key: `ostep.${key}`, params }
  }
}

/**
 * Parse an op list such as `+10,-0,+20`. Spaces around tokens are allowed. A free of an
 * alloc number that no earlier op has taken is rejected, naming the token.
 */
export function parseOpList(list: string): OstepOp[] {
  const ops: OstepOp[] = []
  let allocs = 0
  const tokens = list.split(',')
  tokens.forEach((raw, i) => {
    const token = raw.trim()
    const where = `op ${i + 1} "${raw}" of the op list`
    const alloc = /^\+(\d+)$/.exec(token)
    const free = /^-(\d+)$/.exec(token)
    if (alloc) {
      ops.push({ op: 'alloc', size: Number(alloc[1]) })
      allocs++
    } else if (free) {
      const index = Number(free[1])
      if (index >= allocs) {
        throw new OstepInputError(
          `${where} frees ptr[${index}], but only ${allocs} ${allocs === 1 ? 'allocation comes' : 'allocations come'} before it (numbered from 0).`,
          allocs === 1 ? 'freeBeforeAllocOne' : 'freeBeforeAlloc',
          { op: i + 1, token: raw, index, allocs }
        )
      }
      ops.push({ op: 'free', index })
    } else {
      throw new OstepInputError(
        `${where} is not +SIZE (allocate SIZE bytes) or -INDEX (free alloc number INDEX).`,
        'notOp',
        { op: i + 1, token: raw }
      )
    }
  })
  return ops
}

/** Write an op list back in malloc.py's `-A` syntax. */
export function formatOpList(ops: readonly OstepOp[]): string {
  return ops.map((o) => (o.op === 'alloc' ? `+${o.size}` : `-${o.index}`)).join(',')
}

/** Check parameters the way malloc.py's assertions would, with a sentence instead of a crash. */
export function validateParams(params: OstepParams): void {
  const wholeFromZero = (name: string, flag: string, value: number): void => {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new OstepInputError(
        `${flag} (${name}) must be a whole number of 0 or more, not ${value}.`,
        'notWholeFromZero',
        { flag, name, value }
      )
    }
  }
  if (!Number.isSafeInteger(params.seed)) {
    throw new OstepInputError(`-s (seed) must be a whole number, not ${params.seed}.`, 'notWhole', {
      flag: '-s',
      name: 'seed',
      value: params.seed
    })
  }
  wholeFromZero('size', '-S', params.size)
  wholeFromZero('baseAddr', '-b', params.baseAddr)
  wholeFromZero('headerSize', '-H', params.headerSize)
  if (
    !Number.isSafeInteger(params.alignment) ||
    (params.alignment !== -1 && params.alignment < 1)
  ) {
    throw new OstepInputError(
      `-a (alignment) must be -1 (no alignment) or a positive whole number, not ${params.alignment}.`,
      'badAlignment',
      { value: params.alignment }
    )
  }
  if (!OSTEP_POLICIES.includes(params.policy)) {
    throw new OstepInputError(
      `-p (policy) must be one of ${OSTEP_POLICIES.join(', ')}, not "${params.policy}".`,
      'notOneOf',
      { flag: '-p', name: 'policy', known: OSTEP_POLICIES.join(', '), value: params.policy }
    )
  }
  if (!OSTEP_LIST_ORDERS.includes(params.listOrder)) {
    throw new OstepInputError(
      `-l (listOrder) must be one of ${OSTEP_LIST_ORDERS.join(', ')}, not "${params.listOrder}".`,
      'notOneOf',
      {
        flag: '-l',
        name: 'listOrder',
        known: OSTEP_LIST_ORDERS.join(', '),
        value: params.listOrder
      }
    )
  }
  if (!Number.isSafeInteger(params.numOps)) {
    throw new OstepInputError(
      `-n (numOps) must be a whole number, not ${params.numOps}.`,
      'notWhole',
      { flag: '-n', name: 'numOps', value: params.numOps }
    )
  }
  wholeFromZero('range', '-r', params.range)
  if (!Number.isSafeInteger(params.percentAlloc) || params.percentAlloc <= 0) {
    throw new OstepInputError(
      `-P (percentAlloc) must be a whole number above 0, not ${params.percentAlloc}.`,
      'notAboveZero',
      { flag: '-P', name: 'percentAlloc', value: params.percentAlloc }
    )
  }
}

/** The parameter lines malloc.py prints first, exactly as Python's `print(name, value)` does. */
function parameterLines(params: OstepParams): string[] {
  const py = (v: boolean): string => (v ? 'True' : 'False')
  return [
    `seed ${params.seed}`,
    `size ${params.size}`,
    `baseAddr ${params.baseAddr}`,
    `headerSize ${params.headerSize}`,
    `alignment ${params.alignment}`,
    `policy ${params.policy}`,
    `listOrder ${params.listOrder}`,
    `coalesce ${py(params.coalesce)}`,
    `numOps ${params.numOps}`,
    `range ${params.range}`,
    `percentAlloc ${params.percentAlloc}`,
    `allocList ${params.allocList}`,
    `compute ${py(params.compute)}`,
    ''
  ]
}

/**
 * Run malloc.py's simulation: generated ops when `allocList` is empty, the op list otherwise.
 * Throws `OstepInputError` for bad parameters or a malformed op list.
 */
export function runOstep(params: OstepParams): OstepRun {
  validateParams(params)
  try {
    return simulate(params)
  } catch (error) {
    // A zero-byte block handed out twice: malloc.py stops on an assertion there.
    if (error instanceof ZeroByteTwiceError)
      throw new OstepInputError(error.message, 'zeroByteTwice', {
        size: error.size,
        address: error.address
      })
    if (error instanceof RangeError) throw new OstepInputError(error.message)
    throw error
  }
}

function simulate(params: OstepParams): OstepRun {
  const opList = params.allocList === '' ? null : parseOpList(params.allocList)
  const heap = new OstepFreeSpace(params)
  const header = params.headerSize
  const lines = parameterLines(params)
  const ops: OstepOpResult[] = []
  const answer = (text: string): string => (params.compute ? text : 'returned ?')

  if (opList === null) {
    // Generated ops, drawing random numbers in exactly malloc.py's order.
    const rng = new PythonRandom(params.seed)
    const percent = params.percentAlloc / 100.0
    const live = new Map<number, number>() // alloc index → block address (malloc.py's p)
    const order: number[] = [] // live alloc indices in allocation order (malloc.py's L)
    let index = 0
    let done = 0
    while (done < params.numOps) {
      if (rng.random() < percent) {
        const size = Math.trunc(rng.random() * params.range) + 1
        const { address, searched } = heap.malloc(size)
        if (address !== -1) {
          live.set(index, address)
          order.push(index)
        }
        const ptr = address === -1 ? -1 : address + header
        ops.push({ op: 'alloc', index, size, ptr, searched, freeList: heap.list() })
        // malloc.py adds the header even to a failure's -1; its answer keys say so.
        const shown = address + header
        lines.push(
          `ptr[${index}] = Alloc(${size}) ` +
            (params.compute ? `returned ${shown} (searched ${searched} elements)` : 'returned ?')
        )
        index++
        done++
      } else if (live.size > 0) {
        const d = Math.trunc(rng.random() * order.length)
        const victim = order[d]!
        const rc = heap.free(live.get(victim)!)
        ops.push({ op: 'free', index: victim, rc, freeList: heap.list() })
        lines.push(`Free(ptr[${victim}])`, answer(`returned ${rc}`))
        live.delete(victim)
        order.splice(d, 1)
        done++
      } else {
        continue
      }
      lines.push(params.compute ? heap.dump() : 'List? ', '')
    }
  } else {
    // The op list, with the two fixes described at the top of this module.
    const addresses: number[] = [] // alloc index → block address, -1 once failed or freed
    for (const op of opList) {
      if (op.op === 'alloc') {
        const index = addresses.length
        const { address, searched } = heap.malloc(op.size)
        addresses.push(address)
        const ptr = address === -1 ? -1 : address + header
        ops.push({ op: 'alloc', index, size: op.size, ptr, searched, freeList: heap.list() })
        lines.push(
          `ptr[${index}] = Alloc(${op.size}) ` +
            answer(`returned ${ptr} (searched ${searched} elements)`)
        )
      } else {
        const address = addresses[op.index]!
        const rc = address === -1 ? -1 : heap.free(address)
        addresses[op.index] = -1
        ops.push({ op: 'free', index: op.index, rc, freeList: heap.list() })
        lines.push(`Free(ptr[${op.index}])`, answer(`returned ${rc}`))
      }
      lines.push(params.compute ? heap.dump() : 'List?', '')
    }
  }
  return { ops, text: lines.join('\n') + '\n' }
}

/** The `--json` form of a run's ops: `{op, ptr, searched, freeList}` / `{op, rc, freeList}`. */
export function opsForJson(
  ops: readonly OstepOpResult[]
): Array<
  | { op: 'alloc'; ptr: number; searched: number; freeList: FreeChunk[] }
  | { op: 'free'; rc: 0 | -1; freeList: FreeChunk[] }
> {
  return ops.map((o) =>
    o.op === 'alloc'
      ? { op: 'alloc', ptr: o.ptr, searched: o.searched, freeList: o.freeList }
      : { op: 'free', rc: o.rc, freeList: o.freeList }
  )
}
