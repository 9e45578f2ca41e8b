/**
 * The free-space manager of OSTEP's homework simulator (`vm-freespace/malloc.py`), rule for rule,
 * because its output is what instructors' answer keys are made of:
 *
 * - a request is rounded up to a multiple of the alignment (when there is one), then the header
 *   size is added; the block handed out is that many bytes, cut from the *front* of the chosen
 *   free chunk (the remainder keeps the chunk's place in the list);
 * - the search walks the whole list for BEST and WORST and stops at the first fit for FIRST;
 *   "searched N elements" counts every element looked at, including the one chosen;
 *   BEST keeps the first of equally small chunks, WORST the first of equally large ones;
 * - the list is re-sorted (stably, by address or size) only when a block is freed, never after
 *   a split, so a split can leave a size-sorted list out of order;
 * - coalescing, when on, runs after every free as one pass over the list *in list order*,
 *   merging an element into the previous one when it starts where that one ends. With a list
 *   that is not address-sorted, neighbours in memory that are not neighbours in the list stay
 *   apart, exactly as in malloc.py.
 */

/** Where to place a request: the smallest, the largest or the first chunk that fits. */
export type OstepPolicy = 'BEST' | 'WORST' | 'FIRST'

/** How freed chunks go back on the list. */
export type OstepListOrder = 'ADDRSORT' | 'SIZESORT+' | 'SIZESORT-' | 'INSERT-FRONT' | 'INSERT-BACK'

export const OSTEP_POLICIES: readonly OstepPolicy[] = ['BEST', 'WORST', 'FIRST']
export const OSTEP_LIST_ORDERS: readonly OstepListOrder[] = [
  'ADDRSORT',
  'SIZESORT+',
  'SIZESORT-',
  'INSERT-FRONT',
  'INSERT-BACK'
]

/** A free chunk as malloc.py prints it: `[ addr:A sz:S ]`. */
export type FreeChunk = [address: number, size: number]

export interface OstepHeapConfig {
  /** Bytes of the heap (`-S`). */
  size: number
  /** Address of the heap's first byte (`-b`). */
  baseAddr: number
  /** Bytes of the pretend header in front of each block (`-H`). */
  headerSize: number
  /** Round requests up to a multiple of this; -1 for no alignment (`-a`). */
  alignment: number
  policy: OstepPolicy
  listOrder: OstepListOrder
  /** Merge adjacent free chunks after each free (`-C`). */
  coalesce: boolean
}

/** What one allocation did: the block's address (-1 when nothing fit) and the search length. */
export interface OstepAllocation {
  /** Address of the block (its header), or -1. */
  address: number
  /** Free-list elements examined. */
  searched: number
  /** Block size handed out: aligned request plus header. */
  blockSize: number
}

/** OSTEP's free-space manager: one free list over `[baseAddr, baseAddr + size)`. */
export class OstepFreeSpace {
  readonly config: Readonly<OstepHeapConfig>
  private freeList: FreeChunk[]
  /** Allocated block address → block size, as malloc.py's `sizemap`. */
  private readonly allocated = new Map<number, number>()

  constructor(config: OstepHeapConfig) {
    if (config.alignment !== -1 && !(config.alignment > 0)) {
      throw new RangeError(`alignment must be -1 (none) or positive, not ${config.alignment}.`)
    }
    this.config = { ...config }
    this.freeList = [[config.baseAddr, config.size]]
  }

  /** The block size a request of `size` bytes occupies: aligned up, plus the header. */
  blockSizeFor(size: number): number {
    const { alignment, headerSize } = this.config
    let rounded = size
    if (alignment !== -1) {
      const left = size % alignment
      if (left !== 0) rounded += alignment - left
    }
    return rounded + headerSize
  }

  /** Allocate `size` bytes; see the module comment for the exact rules. */
  malloc(size: number): OstepAllocation {
    const blockSize = this.blockSizeFor(size)
    const { policy } = this.config
    let bestIndex = -1
    let bestSize = policy === 'BEST' ? this.config.size + 1 : -1
    let searched = 0
    for (let i = 0; i < this.freeList.length; i++) {
      const chunkSize = this.freeList[i]![1]
      searched++
      const fits = chunkSize >= blockSize
      if (
        fits &&
        (policy === 'FIRST' ||
          (policy === 'BEST' && chunkSize < bestSize) ||
          (policy === 'WORST' && chunkSize > bestSize))
      ) {
        bestIndex = i
        bestSize = chunkSize
        if (policy === 'FIRST') break
      }
    }
    if (bestIndex === -1) return { address: -1, searched, blockSize }

    const address = this.freeList[bestIndex]![0]
    if (this.allocated.has(address)) {
      // Only a zero-byte block (size 0, header 0) can hand out an address twice; malloc.py
      // stops on an assertion there.
      throw new ZeroByteTwiceError(size, address)
    }
    if (bestSize > blockSize) {
      this.freeList[bestIndex] = [address + blockSize, bestSize - blockSize]
    } else {
      this.freeList.splice(bestIndex, 1)
    }
    this.allocated.set(address, blockSize)
    return { address, searched, blockSize }
  }

  /** Free the block at `address` (its header address). 0 on success, -1 if no block starts there. */
  free(address: number): 0 | -1 {
    const size = this.allocated.get(address)
    if (size === undefined) return -1
    const chunk: FreeChunk = [address, size]
    switch (this.config.listOrder) {
      case 'INSERT-BACK':
        this.freeList.push(chunk)
        break
      case 'INSERT-FRONT':
        this.freeList.unshift(chunk)
        break
      case 'ADDRSORT':
        this.freeList.push(chunk)
        this.freeList.sort((a, b) => a[0] - b[0])
        break
      case 'SIZESORT+':
        this.freeList.push(chunk)
        this.freeList.sort((a, b) => a[1] - b[1])
        break
      case 'SIZESORT-':
        this.freeList.push(chunk)
        // Python's sorted(reverse=True) keeps equal keys in their original order, as this does.
        this.freeList.sort((a, b) => b[1] - a[1])
        break
    }
    if (this.config.coalesce) this.coalescePass()
    this.allocated.delete(address)
    return 0
  }

  /** The free list in list order, as fresh pairs. */
  list(): FreeChunk[] {
    return this.freeList.map(([a, s]) => [a, s])
  }

  /** malloc.py's line for the free list: `Free List [ Size 2 ]: [ addr:1000 sz:3 ][ addr:1003 sz:97 ]`. */
  dump(): string {
    const chunks = this.freeList.map(([a, s]) => `[ addr:${a} sz:${s} ]`).join('')
    return `Free List [ Size ${this.freeList.length} ]: ${chunks}`
  }

  private coalescePass(): void {
    const merged: FreeChunk[] = []
    let current = this.freeList[0]!
    for (let i = 1; i < this.freeList.length; i++) {
      const next = this.freeList[i]!
      if (next[0] === current[0] + current[1]) {
        current = [current[0], current[1] + next[1]]
      } else {
        merged.push(current)
        current = next
      }
    }
    merged.push(current)
    this.freeList = merged
  }
}

/**
 * malloc.py's assertion that no address is handed out twice, which only a zero-byte block (size
 * 0, header 0) can trip. Its values let the command line say it in the reader's language.
 */
export class ZeroByteTwiceError extends RangeError {
  constructor(
    readonly size: number,
    readonly address: number
  ) {
    super(
      `Alloc(${size}) would make a second zero-byte block at address ${address}; use a header or a size above 0.`
    )
    this.name = 'ZeroByteTwiceError'
  }
}
