/**
 * Best fit's index of the free blocks: "the smallest block of at least N bytes, and of those
 * the first in list order" without walking the list.
 *
 * Exact-size bins, one per block size up to `BINS` granules, with a bitmap of the non-empty
 * ones, find the smallest size present at or above N in a few word operations. A bin that
 * holds one block (almost every bin when sizes vary, as in the random traces) holds it
 * directly. Blocks of a size that several free blocks share, and blocks too big for a bin,
 * also go into a treap ordered by (size, list order), which settles the tie: the first of them
 * in list order. So the common case costs no tree search at all, and the rest costs what the
 * size-ordered tree alone cost before.
 */
import { SizeIndexedTreap } from './treap'

/** What the index needs of a free block: its size, its list-order key and a handle slot. */
export interface BestFitEntry {
  readonly size: number
  readonly k1: number
  readonly k2: number
  /** The entry's handle in the treap while it is there, else -1 (kept by the index). */
  sizeNode: number
}

/** Bins for block sizes 0 .. BINS - 1 granules; bigger blocks live in the treap only. */
const BINS = 8192
const WORDS = BINS >>> 5
const SUMMARY_WORDS = WORDS >>> 5

/** Index of the lowest set bit of a non-zero 32-bit word. */
function lowestBit(word: number): number {
  return 31 - Math.clz32(word & -word)
}

/** Index of the highest set bit of a non-zero 32-bit word. */
function highestBit(word: number): number {
  return 31 - Math.clz32(word)
}

export class BestFitIndex<T extends BestFitEntry> {
  /** Block sizes are multiples of it (the allocator aligns them): bin = size / granularity. */
  declare private readonly granularity: number
  /** Free blocks per bin. */
  private readonly counts = new Int32Array(BINS)
  /** The block of a bin that holds exactly one; undefined otherwise. */
  private readonly single: Array<T | undefined> = new Array<T | undefined>(BINS).fill(undefined)
  /** Bit b of word b >> 5 set when bin b is not empty; `summary` the same over the words. */
  private readonly words = new Uint32Array(WORDS)
  private readonly summary = new Uint32Array(SUMMARY_WORDS)
  /** Blocks sharing a bin with others, and blocks too big for a bin, by (size, list order). */
  private readonly shared = new SizeIndexedTreap<T>(0x1b873593, false)
  private count = 0
  /** Blocks too big for a bin (in the treap only). */
  private big = 0
  private readonly scratch: T[] = []

  constructor(granularity: number) {
    this.granularity = granularity
  }

  get size(): number {
    return this.count
  }

  private binOf(size: number): number {
    const bin = size / this.granularity
    return bin < BINS && (bin | 0) === bin ? bin : -1
  }

  private mark(bin: number): void {
    const w = bin >>> 5
    if (this.words[w] === 0) this.summary[w >>> 5] |= 1 << (w & 31)
    this.words[w] |= 1 << (bin & 31)
  }

  private unmark(bin: number): void {
    const w = bin >>> 5
    this.words[w] &= ~(1 << (bin & 31))
    if (this.words[w] === 0) this.summary[w >>> 5] &= ~(1 << (w & 31))
  }

  /** The first non-empty bin at or above `bin`, or -1. */
  private nextBin(bin: number): number {
    let w = bin >>> 5
    const here = this.words[w] & (-1 << (bin & 31))
    if (here !== 0) return (w << 5) + lowestBit(here)
    w++
    for (let s = w >>> 5; s < SUMMARY_WORDS; s++) {
      const bits = s === w >>> 5 ? this.summary[s] & (-1 << (w & 31)) : this.summary[s]
      if (bits !== 0) {
        const word = (s << 5) + lowestBit(bits)
        return (word << 5) + lowestBit(this.words[word])
      }
    }
    return -1
  }

  private toTree(b: T): void {
    b.sizeNode = this.shared.insert(b, b.size, b.size, b.k1, b.k2)
  }

  insert(b: T): void {
    this.count++
    const bin = this.binOf(b.size)
    if (bin < 0) {
      this.big++
      this.toTree(b)
      return
    }
    const n = ++this.counts[bin]
    if (n === 1) {
      this.single[bin] = b
      b.sizeNode = -1
      this.mark(bin)
      return
    }
    if (n === 2) {
      // The bin's first block joins the tree: ties are settled there from now on.
      this.toTree(this.single[bin] as T)
      this.single[bin] = undefined
    }
    this.toTree(b)
  }

  /** Remove `b`, whose size and key are still those it was inserted with. */
  remove(b: T): void {
    this.count--
    const bin = this.binOf(b.size)
    if (bin < 0) {
      this.big--
      this.shared.removeAt(b.sizeNode)
      b.sizeNode = -1
      return
    }
    const n = --this.counts[bin]
    if (n === 0) {
      this.single[bin] = undefined
      this.unmark(bin)
      return
    }
    this.shared.removeAt(b.sizeNode)
    b.sizeNode = -1
    if (n === 1) {
      // The one left behind leaves the tree: it is the only block of its size there.
      const rest = this.shared.firstAtLeast(b.size) as T
      this.shared.removeAt(rest.sizeNode)
      rest.sizeNode = -1
      this.single[bin] = rest
    }
  }

  /** The smallest free block of at least `size` bytes, the first in list order of its size. */
  best(size: number): T | undefined {
    const from = Math.ceil(size / this.granularity)
    if (from < BINS) {
      const bin = this.nextBin(from)
      if (bin >= 0) {
        return this.counts[bin] === 1
          ? this.single[bin]
          : this.shared.firstAtLeast(bin * this.granularity)
      }
    }
    // Past the bins only big blocks can fit (no bin at or above the request holds a block, so
    // neither does the tree below the bins): none at all is the common answer (the heap grows).
    return this.big === 0 ? undefined : this.shared.firstAtLeast(size)
  }

  /** The largest free block's size (0 when there is none). */
  largest(): number {
    // The tree is ordered by size: its last block is its largest. Above it only a bin's
    // single block can be bigger.
    const last = this.shared.last()
    const largest = last === undefined ? 0 : last.size
    for (let s = SUMMARY_WORDS - 1; s >= 0; s--) {
      const bits = this.summary[s]
      if (bits === 0) continue
      const word = (s << 5) + highestBit(bits)
      const bin = (word << 5) + highestBit(this.words[word])
      return Math.max(largest, bin * this.granularity)
    }
    return largest
  }

  /** Call `visit` with every block by (size, list order). */
  forEach(visit: (b: T) => void): void {
    const tree = this.scratch
    tree.length = 0
    this.shared.forEach((b) => tree.push(b))
    // Merge the bins' single blocks into the tree's order (no size is in both).
    let t = 0
    for (let bin = this.nextBin(0); bin >= 0; bin = bin + 1 < BINS ? this.nextBin(bin + 1) : -1) {
      if (this.counts[bin] !== 1) continue
      const b = this.single[bin] as T
      while (t < tree.length && tree[t].size < b.size) visit(tree[t++])
      visit(b)
    }
    while (t < tree.length) visit(tree[t++])
  }

  /** Empty the index. */
  clear(): void {
    if (this.count === 0) return
    this.counts.fill(0)
    this.single.fill(undefined)
    this.words.fill(0)
    this.summary.fill(0)
    this.shared.clear()
    this.count = 0
    this.big = 0
  }

  /**
   * Fill the (emptied) index with `sorted`, the free blocks by (size, list order), in O(n);
   * `scratch` receives the tree's keys (four numbers per block, grown when too short) and is
   * returned for reuse.
   */
  build(sorted: readonly T[], scratch: Float64Array): Float64Array {
    this.clear()
    const inTree: T[] = []
    for (let i = 0; i < sorted.length;) {
      let j = i + 1
      while (j < sorted.length && sorted[j].size === sorted[i].size) j++
      const bin = this.binOf(sorted[i].size)
      if (bin < 0) this.big += j - i
      if (bin >= 0) {
        this.counts[bin] = j - i
        this.mark(bin)
      }
      if (bin >= 0 && j - i === 1) {
        this.single[bin] = sorted[i]
        sorted[i].sizeNode = -1
      } else for (let k = i; k < j; k++) inTree.push(sorted[k])
      i = j
    }
    const keys = scratch.length >= inTree.length * 4 ? scratch : new Float64Array(inTree.length * 8)
    for (let i = 0; i < inTree.length; i++) {
      const b = inTree[i]
      keys[i * 4] = b.size
      keys[i * 4 + 1] = b.size
      keys[i * 4 + 2] = b.k1
      keys[i * 4 + 3] = b.k2
    }
    this.shared.build(inTree, keys)
    // build hands out handles in order.
    for (let i = 0; i < inTree.length; i++) inTree[i].sizeNode = i
    this.count = sorted.length
    return keys
  }
}
