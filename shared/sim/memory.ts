/**
 * Sparse, paged, little-endian memory with a per-byte "initialized" shadow, a per-byte heap tag
 * (for use-after-free and overflow checks) and copy-on-write snapshots for time travel.
 *
 * Storage pages are 512 bytes (small, so copy-on-write copies little), independent of the
 * profile's page size. Each page holds the data,
 * a bitmap of initialized bytes (1 = written since mapped or allocated) and, once the heap
 * checker tags it, one heap tag per byte (see `HeapTag`). Pages are created on first write;
 * a page never written reads as zeros, as fresh anonymous memory does on Linux.
 *
 * Snapshots: the page table is a small root map of 512 KiB directories of pages. Taking a
 * snapshot only bumps a generation counter; a page or directory from an older generation is
 * frozen and copied on its next write. So a snapshot costs nothing up front, and the work
 * after it is proportional to the pages touched since, never to the whole memory.
 */
import type { AddressSpace } from './address-space'
import type { AccessKind, Fault, Memory, MemoryWatch } from './types'

const PAGE = 512
/** Bytes of simulated memory per page (what a memory limit counts in). */
export const SIMULATED_PAGE_BYTES = PAGE
/**
 * Pages per directory (512 KiB). Each snapshot's first write to a directory copies its array of
 * page references, so a directory's size is paid per snapshot per directory written: at 4,096
 * pages (32 KiB of references) that was most of what fib's snapshots copied (16.7 MB per run,
 * 3.6 with 512 pages) and a quarter of malloc-heavy's. Larger ones make a huge uniform block
 * (a 1 GiB calloc) fewer root entries, which the root map's copy per snapshot pays for.
 */
const DIR_PAGES = 1024
/** Offset of the initialized bitmap (one bit per byte) inside a page buffer. */
const INIT = PAGE
/**
 * Offset of the heap tags (one byte per byte) inside a page buffer, a multiple of 8 so that
 * they can be written four at a time through the slab's 32-bit words.
 */
const TAG = PAGE + PAGE / 8
const PAGE_BYTES = TAG + PAGE
/** Blocks spanning up to this many storage pages are tagged page by page in one loop (tagBlock). */
const TAG_BLOCK_PAGES = 4
/** Below this many bytes a typed array's fill() costs more than a loop. */
const SHORT_FILL = 64
/** Copies up to this long (struct assignments) go byte by byte through a reused buffer. */
const SHORT_COPY = 128
/** Pages are carved out of slabs: one ArrayBuffer per 256 pages keeps allocation and GC cheap. */
const SLAB_PAGES = 256
/**
 * What one page copy costs in memory, roughly: its slab bytes plus the Page object and the
 * Uint8Array view over the slab (with what the garbage collector keeps beyond them, the resident memory of a glibc replay grew by about 1,700 bytes a page copied, Node 20).
 */
export const PAGE_COPY_BYTES = PAGE_BYTES + 600
/** What a directory copy costs: its array of DIR_PAGES page references, 8 bytes each. */
const DIRECTORY_COPY_BYTES = DIR_PAGES * 8 + 64
/** What a copy of the root map costs per directory it lists. */
const ROOT_ENTRY_BYTES = 64
/**
 * Slots of the page cache (a power of two): 4096 pages of 512 bytes, 2 MiB of heap, stack and
 * data before two pages compete for a slot.
 */
const CACHE_SLOTS = 4096
const SLOT_MASK = CACHE_SLOTS - 1
/** Most pages the dense heap table covers (1 GiB of heap); pages beyond go through the cache. */
const DENSE_MAX_PAGES = 1 << 21
/**
 * Most pages the heap arena holds (64 MiB of simulated memory in a 71 MB buffer); the heap's
 * pages beyond are made in slabs as the others, and written through the page cache.
 */
const ARENA_MAX_PAGES = 1 << 16
/** Pages of the heap arena's first buffer (about 70 KB); it doubles as it fills. */
const ARENA_FIRST_PAGES = 64
const TWO_32 = 0x100000000
/**
 * The constants of the allocators' hot write path (writePointer, writable) as literals: a
 * module-level const is a load from the module context and a type check at every use in
 * optimized code; an enum member is inlined. Same values as PAGE, SLOT_MASK, TWO_32, and 2^53.
 */
const enum Hot {
  PAGE = 512,
  SLOT_MASK = 4095,
  TWO_30 = 0x40000000,
  TWO_32 = 0x100000000,
  TWO_53 = 9007199254740992
}
/** INIT, the initialized bitmap's offset in a page buffer, for the same path. */
const enum HotPage {
  INIT = 512
}
/**
 * Aligned words are read through a Uint32Array over the slab, which follows the host's byte
 * order; every JavaScript engine on x86 and ARM is little-endian, and on any other one the
 * DataView paths (explicitly little-endian) serve instead.
 */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** What the heap checker knows about a byte. */
export const HeapTag = {
  /** Not a live payload byte (headers, padding, never-allocated heap, or not heap at all). */
  none: 0,
  /** Inside a live block's requested payload. */
  allocated: 1,
  /** Inside the payload of a freed block (poisoned). */
  freed: 2
} as const

interface Page {
  /** Data bytes [0, 512), then the initialized bitmap, then the heap tags. */
  buf: Uint8Array
  /** The whole slab as a DataView and as 32-bit words; the page starts at byte `at` of it. */
  view: DataView
  words: Uint32Array
  at: number
  /**
   * Heap tags, one byte per byte: a view of `buf`'s tag bytes made the first time a tag is set;
   * null while they are all `HeapTag.none`.
   */
  tag: Uint8Array | null
  gen: number
  /** -1 for a page of its own; for a shared uniform page, its index in UNIFORM. */
  uniform: number
}

interface Directory {
  pages: Array<Page | undefined>
  gen: number
  /** What a page missing from `pages` reads as: ZERO_PAGE, or a uniform page for the whole directory. */
  fill: Page
}

/** An opaque, immutable picture of memory at one moment. */
export interface MemorySnapshot {
  readonly root: Map<number, Directory>
  /** `PagedMemory.ownPages` then. */
  readonly ownPages: number
}

/**
 * Thrown by a write that would make memory hold more than `PagedMemory.pageLimit` pages of its
 * own: the program is ended there (the process catches it), before the machine running the
 * simulator runs out of real memory for it.
 */
export class MemoryLimitExceeded extends Error {
  constructor(
    /** Pages memory held (the limit); `PAGE` bytes each. */
    readonly pages: number
  ) {
    super(`the simulated memory limit of ${pages} pages was reached`)
    this.name = 'MemoryLimitExceeded'
  }
}

let slab = new ArrayBuffer(0)
let slabView = new DataView(slab)
let slabWords = new Uint32Array(slab)
let slabUsed = SLAB_PAGES

let pagesMadeSoFar = 0

/** Storage pages made so far by every memory of this process (reused spares not counted). */
export function pagesMade(): number {
  return pagesMadeSoFar
}

function newPage(gen: number, from?: Page): Page {
  pagesMadeSoFar++
  if (slabUsed === SLAB_PAGES) {
    slab = new ArrayBuffer(SLAB_PAGES * PAGE_BYTES)
    slabView = new DataView(slab)
    slabWords = new Uint32Array(slab)
    slabUsed = 0
  }
  // PAGE_BYTES is a multiple of 8, so every page (and each aligned word in it) is 8-aligned.
  const at = slabUsed++ * PAGE_BYTES
  const buf = new Uint8Array(slab, at, PAGE_BYTES)
  let tag: Uint8Array | null = null
  if (from !== undefined) {
    // Data, bitmap and tags in one copy (a page without tags has zeros there).
    buf.set(from.buf)
    if (from.tag !== null) tag = buf.subarray(TAG, TAG + PAGE)
  }
  return { buf, view: slabView, words: slabWords, at, tag, gen, uniform: -1 }
}

/**
 * Shared read-only pages of zeros whose bytes all have one state: initialized or not, and one
 * heap tag; index `tag * 2 + (initialized ? 1 : 0)`. A range op that covers a whole page which
 * holds no data (a fresh block's payload, .bss, an sbrk increment, a freed mapping) points the
 * page table at one of these instead of making a page and a tag array, so a 1 GiB block costs a
 * few directory entries, not 2 GB of JavaScript memory. They are never written: their
 * generation is older than any memory's, so a write takes the slow path and copies one.
 */
const UNIFORM: Page[] = [0, 1, 2, 3, 4, 5].map((index) => {
  const buffer = new ArrayBuffer(PAGE_BYTES)
  const buf = new Uint8Array(buffer)
  if (index % 2 === 1) buf.fill(0xff, INIT, TAG)
  const tag = index >> 1
  if (tag !== 0) buf.fill(tag, TAG, TAG + PAGE)
  return {
    buf,
    view: new DataView(buffer),
    words: new Uint32Array(buffer),
    at: 0,
    tag: tag === 0 ? null : buf.subarray(TAG, TAG + PAGE),
    gen: -1,
    uniform: index
  }
})

/**
 * What a page never written reads as: zeros, uninitialized, untagged. It stands in the cache
 * for missing pages (so reads need no undefined check).
 */
const ZERO_PAGE: Page = UNIFORM[0] as Page

/** Uniform directories (a whole directory of one state), one per uniform page; never written. */
const UNIFORM_DIRS: Directory[] = UNIFORM.map((fill) => ({ pages: [], gen: -1, fill }))

/** An empty list of pages that V8 already treats as a list of objects (see `sparePages`). */
function emptyPageList(): Page[] {
  const list = [ZERO_PAGE]
  list.length = 0
  return list
}

/**
 * Spare pages a memory keeps at most (about 36 MB): more than two heaps' pages, what a trace
 * replay's jump to another checkpoint hands back (the pages written since, and the checkpoint
 * left). At 8,192 the spares overflowed on glibc's 7,227-page heap (random x209): each such jump
 * dropped ~900 pages into slabs that their other pages kept alive, and made as many new ones
 * (the process grew from 230 to 353 MB over 300 jumps; 240 MB with this cap).
 */
const MAX_SPARE_PAGES = 1 << 15

/** What a directory with no page array lists (a uniform directory's `pages`). */
const EMPTY_PAGES: Array<Page | undefined> = []

/** `releaseReplaced`'s page arrays of the snapshots it keeps, for one directory at a time. */
const keepDirectories: Array<Array<Page | undefined>> = []

/** 32-bit words of a page buffer: data and initialized bitmap, then the heap tags. */
const UNTAGGED_WORDS = TAG >> 2
const PAGE_WORDS = PAGE_BYTES >> 2

/**
 * The changes between two states of a memory (`PagedMemory.diff`), page by page in page-number
 * order of discovery: for page `pageNos[p]`, `counts[p]` words follow in `index`; a negative
 * count −1 − u says the page became shared uniform page u (see `UNIFORM`). Each entry of
 * `index` is the 32-bit word's place in the page buffer (data, initialized bitmap, tags; below
 * `WORD_PLACES`) plus its `ValueKind` times `WORD_PLACES`: where its new value is kept, in order,
 * in `bytes`, `halves` or `words`, or nowhere for a zero. Most values an allocator writes are
 * small (sizes, flags, the high halves of heap pointers, cleared links, bitmap words of all ones
 * or none): four bytes for each was 6 bytes a word; this takes 4.1 (first fit on binary2 x42)
 * to 4.5 (glibc), so a replay's snapshot budget holds more snapshots, closer together.
 */
export interface MemoryDelta {
  readonly pageNos: Float64Array
  readonly counts: Int32Array
  readonly index: Uint16Array
  readonly bytes: Uint8Array
  readonly halves: Uint16Array
  readonly words: Uint32Array
}

/** Places of a page buffer's 32-bit words (`PAGE_WORDS` of them) in a delta's `index` entry. */
const WORD_PLACE_BITS = 9
const WORD_PLACES = 1 << WORD_PLACE_BITS
const WORD_PLACE_MASK = WORD_PLACES - 1
/** How a delta keeps a changed word's new value (see `MemoryDelta`). */
const enum ValueKind {
  zero = 0,
  /** In `bytes`. */
  byte = 1,
  /** In `halves`. */
  half = 2,
  /** 0xffff0000 plus a number in `halves` (bitmap words of a region's first initialized bytes). */
  highOnes = 3,
  /** In `words`. */
  word = 4
}

/** Bytes a delta takes, roughly (for a replay's snapshot budget). */
export function deltaBytes(d: MemoryDelta): number {
  return (
    d.pageNos.byteLength +
    d.counts.byteLength +
    d.index.byteLength +
    d.bytes.byteLength +
    d.halves.byteLength +
    d.words.byteLength +
    256
  )
}

/**
 * Builds one delta at a time in growing typed arrays kept from one delta to the next (`finish`
 * copies it out at its size): a page's change from two page objects (`page`, for `diff`), or
 * entry by entry (`uniform`, `written`, for `mergeDeltas`: a merge of two checkpoints holds
 * hundreds of thousands of words, and as plain arrays they grew the JavaScript heap by tens of
 * megabytes that it kept).
 */
class DeltaBuilder {
  private pageNos = new Float64Array(256)
  private counts = new Int32Array(256)
  private index = new Uint16Array(4096)
  private bytes = new Uint8Array(4096)
  private halves = new Uint16Array(4096)
  private values = new Uint32Array(4096)
  private pages = 0
  private words = 0
  private byteCount = 0
  private halfCount = 0
  private valueCount = 0

  reset(): void {
    this.pages = 0
    this.words = 0
    this.byteCount = 0
    this.halfCount = 0
    this.valueCount = 0
  }

  /** A page's entry: `count` words follow, or the page became uniform (-1 - its index). */
  private entry(pageNo: number, count: number): number {
    if (this.pages === this.pageNos.length) {
      const pageNos = new Float64Array(this.pages * 2)
      pageNos.set(this.pageNos)
      this.pageNos = pageNos
      const counts = new Int32Array(this.pages * 2)
      counts.set(this.counts)
      this.counts = counts
    }
    const p = this.pages++
    this.pageNos[p] = pageNo
    this.counts[p] = count
    return p
  }

  /** Room for `n` more words (in each value array: they are not known yet). */
  private room(n: number): void {
    if (this.words + n > this.index.length) {
      this.index = grown(this.index, this.words, this.words + n, (k) => new Uint16Array(k))
    }
    if (this.byteCount + n > this.bytes.length) {
      this.bytes = grown(this.bytes, this.byteCount, this.byteCount + n, (k) => new Uint8Array(k))
    }
    if (this.halfCount + n > this.halves.length) {
      this.halves = grown(
        this.halves,
        this.halfCount,
        this.halfCount + n,
        (k) => new Uint16Array(k)
      )
    }
    if (this.valueCount + n > this.values.length) {
      this.values = grown(
        this.values,
        this.valueCount,
        this.valueCount + n,
        (k) => new Uint32Array(k)
      )
    }
  }

  /**
   * The words of one page in `pendingWords`/`pendingValues` (`n` of them) go into the delta
   * grouped by how their values are kept, zeros first, then bytes, halves, 0xffff0000 plus a
   * half, whole words (after `room`): `applyDelta` branches on each word's kind, and in runs of
   * one kind the branches are predicted (in word order, measured 12 % slower to apply than
   * 32-bit values for every word; a page's words may be put back in any order).
   */
  private emit(n: number): void {
    const ws = pendingWords
    const vs = pendingValues
    const index = this.index
    let k = this.words
    for (let i = 0; i < n; i++) if (vs[i] === 0) index[k++] = ws[i] as number
    for (let i = 0; i < n; i++) {
      const v = vs[i] as number
      if (v !== 0 && v < 0x100) {
        index[k++] = (ws[i] as number) + ValueKind.byte * WORD_PLACES
        this.bytes[this.byteCount++] = v
      }
    }
    for (let i = 0; i < n; i++) {
      const v = vs[i] as number
      if (v >= 0x100 && v < 0x10000) {
        index[k++] = (ws[i] as number) + ValueKind.half * WORD_PLACES
        this.halves[this.halfCount++] = v
      }
    }
    for (let i = 0; i < n; i++) {
      const v = vs[i] as number
      if (v >= 0xffff0000) {
        index[k++] = (ws[i] as number) + ValueKind.highOnes * WORD_PLACES
        this.halves[this.halfCount++] = v - 0xffff0000
      }
    }
    for (let i = 0; i < n; i++) {
      const v = vs[i] as number
      if (v >= 0x10000 && v < 0xffff0000) {
        index[k++] = (ws[i] as number) + ValueKind.word * WORD_PLACES
        this.values[this.valueCount++] = v
      }
    }
    this.words = k
  }

  /** Record how page `pageNo` went from `before` to `after` (two different page objects). */
  page(pageNo: number, before: Page, after: Page): void {
    if (after.uniform >= 0) {
      this.entry(pageNo, -1 - after.uniform)
      return
    }
    const p = this.entry(pageNo, 0)
    // A page without tags has zeros where they go, so comparing them is needed only with some.
    const n = before.tag === null && after.tag === null ? UNTAGGED_WORDS : PAGE_WORDS
    this.room(n)
    const a = before.words
    const b = after.words
    const aBase = before.at >> 2
    const bBase = after.at >> 2
    let changed = 0
    for (let w = 0; w < n; w++) {
      const v = b[bBase + w] as number
      if (v !== a[aBase + w]) {
        pendingWords[changed] = w
        pendingValues[changed++] = v
      }
    }
    this.emit(changed)
    this.counts[p] = changed
  }

  /** Page `pageNo` became shared uniform page `uniform` (see `UNIFORM`). */
  uniform(pageNo: number, uniform: number): void {
    this.entry(pageNo, -1 - uniform)
  }

  /** Words `words` (ascending) of page `pageNo` were written, with `values[w]` each. */
  written(pageNo: number, words: readonly number[], values: Uint32Array): void {
    this.entry(pageNo, words.length)
    this.room(words.length)
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as number
      pendingWords[i] = w
      pendingValues[i] = values[w] as number
    }
    this.emit(words.length)
  }

  finish(): MemoryDelta {
    return {
      pageNos: this.pageNos.slice(0, this.pages),
      counts: this.counts.slice(0, this.pages),
      index: this.index.slice(0, this.words),
      bytes: this.bytes.slice(0, this.byteCount),
      halves: this.halves.slice(0, this.halfCount),
      words: this.values.slice(0, this.valueCount)
    }
  }
}

/** One page's changed words and their values, before `DeltaBuilder.emit` groups them. */
const pendingWords = new Uint16Array(PAGE_WORDS)
const pendingValues = new Uint32Array(PAGE_WORDS)

/** `a` with its first `used` numbers in an array at least twice as long, or `need` long. */
function grown<T extends Uint8Array | Uint16Array | Uint32Array>(
  a: T,
  used: number,
  need: number,
  make: (length: number) => T
): T {
  const b = make(Math.max(a.length * 2, need))
  b.set(a.subarray(0, used))
  return b
}

/**
 * Every changed word's new value of `delta`, in `index` order, as 32-bit numbers (in `into`
 * when it is long enough).
 */
function deltaValues(delta: MemoryDelta, into: Uint32Array): Uint32Array {
  const { index, bytes, halves, words } = delta
  const out = into.length >= index.length ? into : new Uint32Array(index.length * 2)
  let b = 0
  let h = 0
  let v = 0
  for (let k = 0; k < index.length; k++) {
    const kind = (index[k] as number) >>> WORD_PLACE_BITS
    out[k] =
      kind === ValueKind.zero
        ? 0
        : kind === ValueKind.byte
          ? (bytes[b++] as number)
          : kind === ValueKind.half
            ? (halves[h++] as number)
            : kind === ValueKind.highOnes
              ? 0xffff0000 + (halves[h++] as number)
              : (words[v++] as number)
  }
  return out
}

const deltaScratch = new DeltaBuilder()

/**
 * What one `applyDelta` overwrote, to put it back (`PagedMemory.undoDelta`), laid out along the
 * delta itself so that collecting it costs a load and a store per word: `values[k]` is what
 * word `index[k]` of the delta held, `uniform[p]` the shared uniform page that page `p` of the
 * delta was (it goes back to being that page, not a page of its own holding the same bytes), or
 * -1; and the pages the delta made uniform that were pages of their own, as a delta of their
 * words against the uniform page (`pages`; rare: a trim, a discard). Its arrays are kept and
 * grown, so that a replay reuses one for delta after delta.
 */
export class DeltaUndo {
  values = new Uint32Array(0)
  uniform = new Int8Array(0)
  pages: MemoryDelta | null = null

  /** Room for a delta of `words` words on `pages` pages. */
  fit(words: number, pages: number): void {
    if (this.values.length < words) this.values = new Uint32Array(words + (words >> 2))
    if (this.uniform.length < pages) this.uniform = new Int8Array(pages + (pages >> 2))
    this.pages = null
  }
}

/** The pages an undo collects whole (see `DeltaUndo.pages`). */
const undoPagesScratch = new DeltaBuilder()

/** Scratch of `mergeDeltas`: one page's words, the value and whether it is set, by word. */
const mergeValue = new Uint32Array(PAGE_WORDS)
const mergeSet = new Uint8Array(PAGE_WORDS)
/** Scratch of `mergeDeltas`: the two deltas' values, in their `index` order. */
let mergeOlderValues: Uint32Array = new Uint32Array(0)
let mergeNewerValues: Uint32Array = new Uint32Array(0)

/**
 * One delta that does what `older` then `newer` do (`applyDelta` of it equals applying both in
 * order): per page, the last uniform state either one gives it, then the words written after
 * that, the newer value where both wrote one. A replay that drops a snapshot folds the
 * snapshot's delta into the next one's this way. A page both made uniform and then wrote words
 * to appears twice, the uniform entry first (`applyDelta` takes entries in order).
 */
export function mergeDeltas(older: MemoryDelta, newer: MemoryDelta): MemoryDelta {
  mergeOlderValues = deltaValues(older, mergeOlderValues)
  mergeNewerValues = deltaValues(newer, mergeNewerValues)
  // Where each page's entries are: [delta (0/1), entry, first word] triples, pages in the order
  // they first appear.
  const entries = new Map<number, number[]>()
  for (const [d, delta] of [older, newer].entries()) {
    let k = 0
    for (let p = 0; p < delta.pageNos.length; p++) {
      const pageNo = delta.pageNos[p] as number
      let list = entries.get(pageNo)
      if (list === undefined) entries.set(pageNo, (list = []))
      list.push(d, p, k)
      const count = delta.counts[p] as number
      if (count > 0) k += count
    }
  }
  const out = deltaScratchMerge
  out.reset()
  const touched: number[] = []
  for (const [pageNo, list] of entries) {
    let uniform = -1
    touched.length = 0
    for (let e = 0; e < list.length; e += 3) {
      const delta = list[e] === 0 ? older : newer
      const values = list[e] === 0 ? mergeOlderValues : mergeNewerValues
      const count = delta.counts[list[e + 1] as number] as number
      if (count < 0) {
        // The page became uniform: whatever was written to it before no longer counts.
        uniform = -1 - count
        for (const w of touched) mergeSet[w] = 0
        touched.length = 0
        continue
      }
      const start = list[e + 2] as number
      for (let k = start; k < start + count; k++) {
        const w = (delta.index[k] as number) & WORD_PLACE_MASK
        if (mergeSet[w] === 0) {
          mergeSet[w] = 1
          touched.push(w)
        }
        mergeValue[w] = values[k] as number
      }
    }
    if (uniform >= 0) out.uniform(pageNo, uniform)
    if (touched.length > 0) {
      touched.sort((a, b) => a - b)
      out.written(pageNo, touched, mergeValue)
      for (const w of touched) mergeSet[w] = 0
    }
  }
  return out.finish()
}

const deltaScratchMerge = new DeltaBuilder()

/**
 * The uniform state a whole page (or directory) takes in a change: given its uniform index, or
 * -1 when it holds data of its own; -1 to change it byte by byte instead.
 */
type PageChange = (uniform: number) => number

/** Changes of state that keep a page's data: pages with data of their own change byte by byte. */
const keepData =
  (f: (uniform: number) => number): PageChange =>
  (u) =>
    u < 0 ? -1 : f(u)

/**
 * Set (or clear) the initialized bits of bytes [off, off + n) of one page: a mask for the
 * bitmap bytes at either end, whole bytes between (a loop when short: fill() costs more).
 */
function markInit(buf: Uint8Array, off: number, n: number, on: boolean): void {
  if (n <= 0) return
  const end = off + n
  const first = INIT + (off >> 3)
  const last = INIT + ((end - 1) >> 3)
  const head = (0xff << (off & 7)) & 0xff
  const tail = 0xff >> (7 - ((end - 1) & 7))
  if (first === last) {
    if (on) buf[first] |= head & tail
    else buf[first] &= ~(head & tail)
    return
  }
  if (on) {
    buf[first] |= head
    buf[last] |= tail
  } else {
    buf[first] &= ~head
    buf[last] &= ~tail
  }
  const value = on ? 0xff : 0
  if (last - first > SHORT_FILL) buf.fill(value, first + 1, last)
  else for (let b = first + 1; b < last; b++) buf[b] = value
}

/**
 * Copy the initialized bits of bytes [from, from + n) of one page buffer to bytes
 * [to, to + n) of another (n ≥ 1, both ranges inside a page): whole bitmap bytes where the two
 * lie at the same place within a byte (8-aligned blocks, every allocator's), bit by bit otherwise.
 */
function copyInitBits(
  source: Uint8Array,
  from: number,
  target: Uint8Array,
  to: number,
  n: number
): void {
  if (((from ^ to) & 7) !== 0) {
    for (let i = 0; i < n; i++) {
      const s = from + i
      const t = to + i
      const bit = 1 << (t & 7)
      if (((source[INIT + (s >> 3)] as number) & (1 << (s & 7))) !== 0)
        target[INIT + (t >> 3)] |= bit
      else target[INIT + (t >> 3)] &= ~bit
    }
    return
  }
  const end = to + n
  const first = to >> 3
  const last = (end - 1) >> 3
  const shift = (from >> 3) - first
  const head = (0xff << (to & 7)) & 0xff
  const tail = 0xff >> (7 - ((end - 1) & 7))
  if (first === last) {
    const mask = head & tail
    const at = INIT + first
    target[at] = ((target[at] as number) & ~mask) | ((source[at + shift] as number) & mask)
    return
  }
  target[INIT + first] =
    ((target[INIT + first] as number) & ~head) | ((source[INIT + first + shift] as number) & head)
  for (let b = first + 1; b < last; b++) target[INIT + b] = source[INIT + b + shift] as number
  target[INIT + last] =
    ((target[INIT + last] as number) & ~tail) | ((source[INIT + last + shift] as number) & tail)
}

/**
 * `page` (a spare, or a new page of zeros) made a page of generation `gen`: `from`'s copy, or
 * zeros. A page whose `tag` is null has zeros in its tag bytes (see `Page.tag`), so between two
 * such pages only the data and the initialized bitmap are copied or cleared, 576 bytes of the
 * 1,088: a trace replay (no heap checker) never tags a page, and a jump to another checkpoint
 * makes or copies every page of the heap (glibc on random x209: ~7,000 pages twice a jump).
 */
function reusePage(page: Page, gen: number, from?: Page): Page {
  page.gen = gen
  const buf = page.buf
  if (page.tag !== null && (from === undefined || from.tag === null)) {
    buf.fill(0, TAG)
    page.tag = null
  }
  if (from === undefined) {
    buf.fill(0, 0, TAG)
  } else if (from.tag === null) {
    const words = page.words
    const source = from.words
    const to = page.at >> 2
    const at = from.at >> 2
    for (let w = 0; w < UNTAGGED_WORDS; w++) words[to + w] = source[at + w] as number
  } else {
    buf.set(from.buf)
    page.tag = buf.subarray(TAG, TAG + PAGE)
  }
  return page
}

/** The tags of a page that has them (made on first use: zeros in the page's tag bytes). */
function tagsOf(page: Page): Uint8Array {
  let tags = page.tag
  if (tags === null) tags = page.tag = page.buf.subarray(TAG, TAG + PAGE)
  return tags
}

/**
 * Tag bytes [from, to) of a writable page `value`: four at a time through the slab's words
 * (a byte repeated four times is the same word in either byte order), fill() when long.
 */
function fillTags(page: Page, from: number, to: number, value: number): void {
  const tags = tagsOf(page)
  if (to - from > SHORT_FILL) {
    tags.fill(value, from, to)
    return
  }
  let i = from
  while (i < to && (i & 3) !== 0) tags[i++] = value
  const wholeEnd = to & ~3
  if (i < wholeEnd) {
    const words = page.words
    const word = value * 0x01010101
    // page.at and TAG are multiples of 8: tag byte i is byte page.at + TAG + i of the slab.
    const base = (page.at + TAG) >> 2
    for (let w = base + (i >> 2), stop = base + (wholeEnd >> 2); w < stop; w++) words[w] = word
    i = wholeEnd
  }
  while (i < to) tags[i++] = value
}

/** How many ranges one `MemoryWatch` holds (the heap, glibc's arena, a spare or two). */
export const WATCH_RANGES = 4

/**
 * A watch on a few address ranges of a `PagedMemory` (`memory.watch()`; the contract is
 * `MemoryWatch` in types.ts), for an allocator that
 * keeps a private typed-array copy of its metadata words (headers, links, arena words) and must
 * know, at the start of each call, whether anyone else has written any of them since its last
 * call: the program through the interpreter, memset/memcpy builtins, `writeBytes`/`fill`/`copy`,
 * a break or mapping given back (`discard`), or time travel (`restore`, which always counts).
 *
 * Use: set the ranges (`setRange(i, start, end)`, and again when the break moves); at the end
 * of each call, after the allocator's own writes, keep `count`; at the start of the next call,
 * a different `count` means someone else wrote there (reload the cache). `written()` gives the
 * span those writes covered since the allocator last looked, to reload only that part.
 *
 * The check is cheap because it is coarse: the memory compares each data write against the span
 * from the lowest start to the highest end of every watch's ranges and counts every write that
 * overlaps it, so `count` may also move for a write between two ranges or into another watch's
 * range. It never stays still for a write that overlaps a range. Reads cost nothing.
 */
export class PagedMemoryWatch implements MemoryWatch {
  /** [start, end) pairs; an empty range is [0, 0). */
  readonly ranges = new Float64Array(WATCH_RANGES * 2)

  constructor(private readonly memory: PagedMemory) {}

  /**
   * Moves on every counted write (and every restore); compare for equality only (it wraps
   * around as a 32-bit integer).
   */
  get count(): number {
    return this.memory.watchedWrites
  }

  /** Watch [start, end) as range `index` (0 ≤ index < WATCH_RANGES); start = end: none. */
  setRange(index: number, start: number, end: number): void {
    if (!(index >= 0 && index < WATCH_RANGES))
      throw new RangeError(`A memory watch has ranges 0 to ${WATCH_RANGES - 1}, not ${index}.`)
    this.ranges[index * 2] = start
    this.ranges[index * 2 + 1] = Math.max(start, end)
    this.memory.rewatch()
  }

  /**
   * The span [lowest, end) of the counted writes since the last `clearWritten()` (or since
   * the watch was made); [0, Infinity) after a restore; [Infinity, -Infinity) when none.
   */
  written(): { start: number; end: number } {
    return { start: this.memory.writtenStart, end: this.memory.writtenEnd }
  }

  /** Forget the span of the writes seen so far (`written()` starts empty again). */
  clearWritten(): void {
    this.memory.writtenStart = Infinity
    this.memory.writtenEnd = -Infinity
  }

  /** Stop watching: every range empty. */
  close(): void {
    this.ranges.fill(0)
    this.memory.rewatch()
  }
}

/** Bytes of one storage page: what a `PageWords` window covers (aligned to it). */
export const PAGE_WORDS_BYTES = PAGE

/**
 * A window onto one storage page (`PAGE_WORDS_BYTES` bytes, aligned) through which code that
 * touches several 64-bit words of one page in a row (an allocator's chunk header, its links,
 * the tcache's counts and heads) reads and writes them as plain typed-array loads and stores.
 * `PagedMemory.readPage` / `writePage` point it at a page: the page lookup, the copy-on-write
 * of a page a snapshot froze and the watch notification are done there, once, instead of in
 * every `readPointer` / `writePointer` call, and the accessors below are small enough for V8
 * to inline anywhere (the memory's own methods, a page lookup and a watch check each, mostly
 * are not, inside a large allocator function).
 *
 * Rules (the window holds the page object itself, so it must not outlive it):
 * - point it afresh at the start of each operation, and drop it before anything else runs:
 *   a `snapshot()` freezes the page (a write through an old window would change the snapshot),
 *   `restore()` and range operations over whole pages may replace it;
 * - a window from `readPage` sees the page as it was: after a write to that page by any other
 *   means (a `writePage` window or a memory method, which may copy a frozen page), read it
 *   again;
 * - addresses must lie in the page (`holds`); words are 8-aligned; values are whole numbers
 *   in [0, 2^64) (above 2^53 as exactly as a double holds them, as `writePointer` stores them).
 *
 * Each write marks its bytes initialized, as the memory's own writes do. Heap tags are not
 * touched by writes (no memory write changes them).
 */
export class PageWords {
  /** The slab's 32-bit words; the page's byte k is byte 4 * base + k of them. */
  words: Uint32Array = ZERO_PAGE.words
  /** Index in `words` of the page's first 32-bit word. */
  base = 0
  /** The page's bytes, then its initialized bitmap (from byte `PAGE_WORDS_BYTES`). */
  bytes: Uint8Array = ZERO_PAGE.buf
  /** Address of the page's first byte; -1 before the window is pointed anywhere. */
  start = -1
  /**
   * True when writes through this window are allowed as it is: the page is the current,
   * unfrozen one and no watch covers it. Otherwise `writePage` first.
   */
  writable = false
  /** The memory that last pointed this window (it re-points the window when its heap arena moves). */
  pointedBy: PagedMemory | null = null

  /** True when `address` lies in this window's page. */
  holds(address: number): boolean {
    const offset = address - this.start
    return offset >= 0 && offset < Hot.PAGE
  }

  /** The aligned 64-bit word at `address` (in the page), as `readPointer` reads it. */
  read(address: number): number {
    const i = this.base + ((address - this.start) >> 2)
    return (this.words[i] as number) + (this.words[i + 1] as number) * Hot.TWO_32
  }

  /** The aligned 16-bit value at `address` (in the page; address even). */
  read16(address: number): number {
    const offset = address - this.start
    return ((this.words[this.base + (offset >> 2)] as number) >>> ((offset & 2) << 3)) & 0xffff
  }

  /** Store `value` (a whole number below 2^64) as the aligned word at `address`. Write windows only. */
  write(address: number, value: number): void {
    const offset = address - this.start
    const i = this.base + (offset >> 2)
    const high = Math.floor(value / Hot.TWO_32)
    this.words[i] = value - high * Hot.TWO_32
    this.words[i + 1] = high
    this.bytes[HotPage.INIT + (offset >> 3)] = 0xff
  }

  /** Store the 16-bit `value` at the even `address` (in the page). Write windows only. */
  write16(address: number, value: number): void {
    const offset = address - this.start
    const i = this.base + (offset >> 2)
    const shift = (offset & 2) << 3
    const word = this.words[i] as number
    this.words[i] = (word & ~(0xffff << shift)) | ((value & 0xffff) << shift)
    this.bytes[HotPage.INIT + (offset >> 3)] |= 3 << (offset & 7)
  }
}

/**
 * The heap's words as an allocator may read and store them in its own code, without a call
 * per word (`PagedMemory.heapWords()`): for the page at `first + 512 * k` (`PAGE_WORDS_BYTES`
 * pages from the heap's start, rounded down), `meta[2k] === gen` says that the page is the
 * current one, not frozen by a snapshot, lies in `words` from word `meta[2k + 1]` on (its
 * initialized bitmap from byte `4 * meta[2k + 1] + PAGE_WORDS_BYTES` of `bytes`), and that no
 * watch covers the heap: an aligned word of it is then read as `words[i] + words[i + 1] * 2^32`
 * and stored as its two halves plus the bitmap byte `0xff`, exactly as `readPointer` and
 * `writePointer` would. Any other page (never written, frozen, a shared uniform one, out of the
 * table) goes through the memory's own methods, which also bring its entry up to date.
 *
 * The memory keeps this one object current (the arrays are replaced as the heap grows, `gen`
 * moves at every snapshot and restore), so hold the object, never its fields across calls into
 * the memory.
 */
export class HeapWords {
  /** Two Int32 per page: the generation it was made writable in, and its first word in `words`. */
  meta = new Int32Array(0)
  /** The heap arena's 32-bit words. */
  words = new Uint32Array(0)
  /** The same buffer as bytes (for the initialized bitmap). */
  bytes = new Uint8Array(0)
  /** Address of the table's first page. */
  first = 0
  /**
   * The generation a `meta` entry must hold; -2 (none does) while a watch is set, or on a
   * big-endian host (where `words` would hold the bytes in the other order).
   */
  gen = -2

  /**
   * Store the aligned 8-byte `value` (below 2^53: a header, a size, a link) at heap `address`
   * as `writePointer` would, when the page is current; false, storing nothing, otherwise (the
   * caller then takes `writePointer`). Small enough to inline into an allocator's own code, so
   * that the address crosses no call and is never boxed.
   */
  store(address: number, value: number): boolean {
    const offset = address - this.first
    const k = (offset >> 9) << 1
    const meta = this.meta
    // (offset below 2^30, so that the shift is exact: the table covers 1 GiB of heap at most.)
    if (
      offset >= 0 &&
      offset < Hot.TWO_30 &&
      k < meta.length &&
      meta[k] === this.gen &&
      (offset & 7) === 0 &&
      value < Hot.TWO_53
    ) {
      const base = meta[k + 1] as number
      const i = base + ((offset & 511) >> 2)
      const high = Math.floor(value / Hot.TWO_32)
      this.words[i] = value - high * Hot.TWO_32
      this.words[i + 1] = high
      this.bytes[base * 4 + HotPage.INIT + ((offset & 511) >> 3)] = 0xff
      return true
    }
    return false
  }
}

export class PagedMemory implements Memory {
  private root = new Map<number, Directory>()
  private rootGen = 0
  private gen = 0
  /**
   * A direct-mapped cache of pages by page number (slot = page number mod CACHE_SLOTS): the
   * page as the current contents have it (ZERO_PAGE when missing). A cached page may be frozen
   * by a snapshot: reads use it as it is, a write first checks that its generation is the
   * current one. Allocators jump between hundreds of pages (headers, free-list links), each a
   * Map and a directory lookup otherwise.
   */
  private readonly cacheNo = new Float64Array(CACHE_SLOTS).fill(-1)
  private readonly cachePage = new Array<Page>(CACHE_SLOTS).fill(ZERO_PAGE)
  /**
   * The dense heap table: for page `denseFirst + k` (the heap, from its start), the page's
   * generation at `denseMeta[2k]` and the index of its first 32-bit word in the heap arena
   * (`arenaWords`) at `denseMeta[2k + 1]`: where `writePointer` stores a word of a page
   * written since the last snapshot without touching the `Page` object or the page cache. On
   * a 15 MB heap (30,000 pages, random-bal.rep) those were three more dependent loads per
   * word written, each likely to miss the CPU cache. An entry is right only while its
   * generation is the current one (a snapshot or restore makes them all stale at once); a
   * page replaced by a shared uniform one, or made outside the arena, marks its entry stale
   * (-1).
   */
  private denseFirst = 0
  private denseCount = 0
  private denseMeta = new Int32Array(0)
  /**
   * The heap arena: one buffer that holds the heap's pages (those of the dense table's range,
   * up to ARENA_MAX_PAGES), each `PAGE_BYTES` at slot `page.at / PAGE_BYTES`, laid out as a
   * slab's, so that a page of the heap is found by one word index (`denseMeta[2k + 1]`) into
   * one array (`arenaWords`, `arenaBytes`) instead of through its slab's array. When it fills
   * it is copied into one twice as large and its pages (`arenaPages`, by slot) and the
   * `PageWords` windows pointed at them are pointed at the new one. Its pages are reused
   * through `arenaSpares`, never given to another memory.
   */
  private arenaWords = new Uint32Array(0)
  private arenaBytes = new Uint8Array(0)
  private arenaView = new DataView(new ArrayBuffer(0))
  private readonly arenaPages: Page[] = emptyPageList()
  private readonly arenaSpares: Page[] = emptyPageList()
  /** The windows this memory has pointed (to re-point them when the arena moves). */
  private readonly windows: PageWords[] = []
  /** The dense table and heap arena as an allocator reads them (see `HeapWords`; `heapWords()`). */
  private readonly heapView = new HeapWords()
  private readonly space: AddressSpace | null
  /** copyShort's buffers: the bytes and their initialized bits (1/0) on their way. */
  private readonly copyBytes = new Uint8Array(SHORT_COPY)
  private readonly copyInit = new Uint8Array(SHORT_COPY)
  /**
   * The watches (`watch()`) and the span [watchStart, watchEnd) of all their ranges: a data
   * write that overlaps the span moves `watchedWrites` and widens [writtenStart, writtenEnd).
   * Doubles from the start (addresses are above 2^31), so the fields never change shape.
   */
  private readonly watches: PagedMemoryWatch[] = []
  private watchStart = 0.5
  private watchEnd = 0.5
  /** Counted writes (see `MemoryWatch.count`); a 32-bit integer that wraps. */
  watchedWrites = 0
  /**
   * The span of counted writes since a watch last cleared it (see `MemoryWatch.written`); one
   * span for all the watches of this memory.
   */
  writtenStart = Infinity
  writtenEnd = -Infinity
  /**
   * Bytes that copy-on-write has copied so far, roughly (pages, directories and the root map
   * copied because a snapshot froze them): the memory the snapshots hold on to beyond the
   * current contents. A replay that spaces its snapshots by what they cost reads it.
   */
  copiedBytes = 0
  /**
   * Bytes the range operations (`fill`, `copy`, `writeBytes`: memset, memcpy, strcpy, a struct
   * copy) have written so far, counted whatever their pages held: what a replay of them costs
   * beyond one step each. A replay that spaces its snapshots by their cost reads it.
   */
  rangeBytes = 0
  /**
   * Pages no snapshot and no current contents have, to be reused (see `restore`). Made holding
   * a page and emptied, so that V8 sees an array of objects from the start: a fresh `[]` is an
   * array of small integers to it until the first push, and `restore`, compiled while another
   * memory's spares held pages (the worker's warm-up run), was thrown away at the first jump
   * of every new run, whose spares were still empty.
   */
  private readonly sparePages: Page[] = emptyPageList()
  /**
   * Pages of its own memory holds now (`pageCount()`, kept as pages are made and given back):
   * the real memory a program has touched, apart from copies snapshots keep. The same at the
   * same step of every run of a program, whenever snapshots were taken.
   */
  ownPages = 0
  /**
   * Most pages of its own memory may hold: a write that needs one more throws
   * `MemoryLimitExceeded`. Checked only where a page is made, never per store.
   */
  pageLimit = Infinity

  /** `space` supplies the segment map for `check`; without one every access is allowed. */
  constructor(space: AddressSpace | null = null) {
    this.space = space
  }

  /**
   * Keep the dense heap table (see `denseMeta`) for the pages from `start` on (the heap's
   * start; the table grows with the pages written, up to 1 GiB).
   */
  denseFrom(start: number): void {
    this.denseFirst = Math.floor(start / PAGE)
    this.denseCount = 0
    this.denseMeta = new Int32Array(0)
    this.syncHeapView()
  }

  /**
   * The heap's dense table and arena for an allocator's own word reads and stores (see
   * `HeapWords`): one object, which this memory keeps current.
   */
  heapWords(): HeapWords {
    return this.heapView
  }

  /** Bring `heapView` up to date (the table or arena replaced, a new generation, watches changed). */
  private syncHeapView(): void {
    const view = this.heapView
    view.meta = this.denseMeta
    view.words = this.arenaWords
    view.bytes = this.arenaBytes
    view.first = this.denseFirst * PAGE
    view.gen = this.watchStart < this.watchEnd || !HOST_LITTLE_ENDIAN ? -2 : this.gen
  }

  /** Page `pageNo` is now `page`, current and writable: its dense heap table entry, if it has one. */
  private densePut(pageNo: number, page: Page): void {
    const k = pageNo - this.denseFirst
    if (k < 0 || k >= DENSE_MAX_PAGES) return
    if (k >= this.denseCount) {
      let count = Math.max(1024, this.denseCount)
      while (count <= k) count *= 2
      const meta = new Int32Array(count * 2).fill(-1)
      meta.set(this.denseMeta)
      this.denseMeta = meta
      this.denseCount = count
      this.heapView.meta = meta
    }
    // A heap page made in a slab (the arena was full) is written through the page cache.
    this.denseMeta[2 * k] = page.words === this.arenaWords ? page.gen : -1
    this.denseMeta[2 * k + 1] = page.at >> 2
  }

  /** Pages [pageNo, pageNo + n) were replaced by shared uniform ones: their entries are stale. */
  private denseDrop(pageNo: number, n: number): void {
    const from = Math.max(0, pageNo - this.denseFirst)
    const to = Math.min(this.denseCount, pageNo + n - this.denseFirst)
    for (let k = from; k < to; k++) this.denseMeta[2 * k] = -1
  }

  check(address: number, length: number, access: AccessKind): Fault | null {
    return this.space === null ? null : this.space.check(address, length, access)
  }

  // ---- watches ----------------------------------------------------------------------------

  /** A new watch on this memory (see `MemoryWatch`); it watches nothing until given a range. */
  watch(): PagedMemoryWatch {
    const w = new PagedMemoryWatch(this)
    this.watches.push(w)
    return w
  }

  /** Recompute the span of every watch's ranges (a watch's ranges changed). */
  rewatch(): void {
    let start = Infinity
    let end = -Infinity
    for (const w of this.watches) {
      const r = w.ranges
      for (let i = 0; i < r.length; i += 2) {
        if ((r[i + 1] as number) <= (r[i] as number)) continue
        start = Math.min(start, r[i] as number)
        end = Math.max(end, r[i + 1] as number)
      }
    }
    // No range: an empty span that no address overlaps (start >= end).
    this.watchStart = start === Infinity ? 0.5 : start
    this.watchEnd = end === -Infinity ? 0.5 : end
    this.syncHeapView()
  }

  /**
   * A data write of [address, end): counted when it overlaps the watched span. Small enough to
   * inline into every write; two compares when nothing is watched there.
   */
  private wrote(address: number, end: number): void {
    if (address < this.watchEnd && end > this.watchStart) {
      this.watchedWrites = (this.watchedWrites + 1) | 0
      if (address < this.writtenStart) this.writtenStart = address
      if (end > this.writtenEnd) this.writtenEnd = end
    }
  }

  /**
   * Count a change of the whole memory for every watch (a restore of memory, or one the caller
   * makes without this memory's writes, such as a machine restored without its memory).
   */
  wroteEverything(): void {
    this.watchedWrites = (this.watchedWrites + 1) | 0
    this.writtenStart = 0
    this.writtenEnd = Infinity
  }

  // ---- page table -------------------------------------------------------------------------

  /** The page for reading (ZERO_PAGE when there is none); it may be frozen. */
  private page(pageNo: number): Page {
    const slot = pageNo & Hot.SLOT_MASK
    // The miss is a call of its own, so that this stays small enough to inline everywhere.
    return this.cacheNo[slot] === pageNo ? (this.cachePage[slot] as Page) : this.miss(pageNo, slot)
  }

  /** A page not in the cache: found in the page table (or ZERO_PAGE) and cached. */
  private miss(pageNo: number, slot: number): Page {
    const dirKey = Math.floor(pageNo / DIR_PAGES)
    const dir = this.root.get(dirKey)
    const page =
      dir === undefined ? ZERO_PAGE : (dir.pages[pageNo - dirKey * DIR_PAGES] ?? dir.fill)
    this.cacheNo[slot] = pageNo
    this.cachePage[slot] = page
    return page
  }

  /** The page if it exists (for reading; it may be frozen). */
  private lookup(pageNo: number): Page | undefined {
    const page = this.page(pageNo)
    return page === ZERO_PAGE ? undefined : page
  }

  /** The page for writing: created if missing, copied first if a snapshot froze it. */
  private writable(pageNo: number): Page {
    const slot = pageNo & Hot.SLOT_MASK
    if (this.cacheNo[slot] === pageNo) {
      const cached = this.cachePage[slot] as Page
      if (cached.gen === this.gen) return cached
    }
    return this.writableMiss(pageNo, slot)
  }

  /** A page to write that the cache does not hold writable: made, or copied from a frozen one. */
  private writableMiss(pageNo: number, slot: number): Page {
    const gen = this.gen
    const dir = this.writableDirectory(Math.floor(pageNo / DIR_PAGES))
    const index = pageNo - Math.floor(pageNo / DIR_PAGES) * DIR_PAGES
    let page = dir.pages[index] ?? dir.fill
    if (page.gen !== gen) {
      // A page of its own from an older generation stays with the snapshot that froze it.
      if (page.uniform < 0 && page !== ZERO_PAGE) this.copiedBytes += PAGE_COPY_BYTES
      else if (this.ownPages >= this.pageLimit) throw new MemoryLimitExceeded(this.ownPages)
      else this.ownPages++
      const from = page === ZERO_PAGE ? undefined : page
      const k = pageNo - this.denseFirst
      if (from !== undefined && from.uniform < 0 && from.words === this.arenaWords)
        page = this.moveOutOfArena(from, gen)
      else if (k >= 0 && k < DENSE_MAX_PAGES) page = this.heapPage(gen, from)
      else page = this.freshPage(gen, from)
      dir.pages[index] = page
    }
    this.cacheNo[slot] = pageNo
    this.cachePage[slot] = page
    this.densePut(pageNo, page)
    return page
  }

  /**
   * A page of this generation's that memory no longer holds (it became a shared uniform page)
   * goes to the spares: no snapshot has it. Dropped, each was a hole in a slab that the other
   * pages of the slab kept alive, and a trace replay's jumps over glibc's trims made as many
   * new pages again each time (random-bal, 200,000 operations: 200-500 pages a jump).
   */
  private retire(page: Page): void {
    if (page.gen === this.gen && page.uniform < 0) this.spare(page)
  }

  /** Keep `page` (which nothing holds any more) for reuse: in the arena's spares if it is one of its pages. */
  private spare(page: Page): void {
    const spares = page.words === this.arenaWords ? this.arenaSpares : this.sparePages
    if (spares.length < MAX_SPARE_PAGES) spares.push(page)
  }

  /**
   * A page of the heap (of the dense table's range) of generation `gen`, `from`'s copy or
   * zeros: in the heap arena while it has room (an arena spare, or the next slot), else as
   * any other page.
   */
  private heapPage(gen: number, from?: Page): Page {
    const page = this.arenaSpares.pop()
    if (page !== undefined) return reusePage(page, gen, from)
    const slot = this.arenaPages.length
    if (slot === ARENA_MAX_PAGES) return this.freshPage(gen, from)
    if ((slot + 1) * PAGE_BYTES > this.arenaWords.byteLength) this.growArena()
    pagesMadeSoFar++
    const at = slot * PAGE_BYTES
    const made: Page = {
      buf: new Uint8Array(this.arenaWords.buffer, at, PAGE_BYTES),
      view: this.arenaView,
      words: this.arenaWords,
      at,
      tag: null,
      gen,
      uniform: -1
    }
    this.arenaPages.push(made)
    // A new slot holds zeros (the arena's buffer is made zeroed and slots are used once).
    return from === undefined ? made : reusePage(made, gen, from)
  }

  /**
   * A page of the heap arena that a snapshot froze, about to be written: its bytes go to a page
   * of their own outside the arena (`frozen`, the object the snapshots hold, is pointed there),
   * and its arena slot holds the current page, returned, of generation `gen`. Copy-on-write
   * copies a page either way; copied into a new slot instead, the old versions every snapshot
   * keeps filled the arena, which grew to hold them all (malloc-heavy with a snapshot every
   * 2,000 steps: 47 MB of copies, and growArena re-pointing every page at each doubling was 7 %
   * of the run). So the arena holds only the current heap and its spares.
   */
  private moveOutOfArena(frozen: Page, gen: number): Page {
    const kept = this.freshPage(frozen.gen, frozen)
    const current: Page = {
      buf: frozen.buf,
      view: frozen.view,
      words: frozen.words,
      at: frozen.at,
      tag: frozen.tag,
      gen,
      uniform: -1
    }
    frozen.buf = kept.buf
    frozen.view = kept.view
    frozen.words = kept.words
    frozen.at = kept.at
    frozen.tag = kept.tag
    this.arenaPages[current.at / PAGE_BYTES] = current
    return current
  }

  /**
   * Move the heap arena into a buffer twice as large (or its first one), and point its pages
   * and the windows on them there.
   */
  private growArena(): void {
    const old = this.arenaWords
    const slots = Math.min(
      ARENA_MAX_PAGES,
      Math.max(ARENA_FIRST_PAGES, (old.byteLength / PAGE_BYTES) * 2)
    )
    const buffer = new ArrayBuffer(slots * PAGE_BYTES)
    const bytes = new Uint8Array(buffer)
    bytes.set(this.arenaBytes)
    const words = new Uint32Array(buffer)
    const view = new DataView(buffer)
    for (const page of this.arenaPages) {
      page.buf = new Uint8Array(buffer, page.at, PAGE_BYTES)
      page.view = view
      page.words = words
      if (page.tag !== null) page.tag = page.buf.subarray(TAG, TAG + PAGE)
    }
    for (const window of this.windows) {
      if (window.words !== old || old.length === 0) continue
      window.words = words
      window.bytes = (this.arenaPages[(window.base * 4) / PAGE_BYTES] as Page).buf
    }
    this.arenaWords = words
    this.arenaBytes = bytes
    this.arenaView = view
    this.syncHeapView()
  }

  /** A page of generation `gen`: a spare if there is one, else a new one; `from`'s copy, or zeros. */
  private freshPage(gen: number, from?: Page): Page {
    const page = this.sparePages.pop()
    return page === undefined ? newPage(gen, from) : reusePage(page, gen, from)
  }

  /** The directory for changing: made, or copied if a snapshot froze it or it is shared. */
  private writableDirectory(dirKey: number): Directory {
    const gen = this.gen
    if (this.rootGen !== gen) {
      this.root = new Map(this.root)
      this.rootGen = gen
      this.copiedBytes += this.root.size * ROOT_ENTRY_BYTES
    }
    let dir = this.root.get(dirKey)
    if (dir === undefined) {
      dir = { pages: new Array<Page | undefined>(DIR_PAGES), gen, fill: ZERO_PAGE }
      this.root.set(dirKey, dir)
    } else if (dir.gen !== gen) {
      const pages = dir.gen === -1 ? new Array<Page | undefined>(DIR_PAGES) : dir.pages.slice()
      if (dir.gen !== -1) this.copiedBytes += DIRECTORY_COPY_BYTES
      dir = { pages, gen, fill: dir.fill }
      this.root.set(dirKey, dir)
    }
    return dir
  }

  /**
   * Apply a change of state to [address, address + length): whole directories and whole pages
   * that hold no data of their own become shared uniform ones (`change` gives the new uniform
   * index, or -1 to keep a page's own); the rest is handed to `partial` on a writable page.
   */
  private changeRange(
    address: number,
    length: number,
    change: PageChange,
    partial: (page: Page, off: number, n: number) => void
  ): void {
    const DIR_BYTES = PAGE * DIR_PAGES
    let done = 0
    while (done < length) {
      const at = address + done
      const pageNo = Math.floor(at / PAGE)
      const off = at - pageNo * PAGE
      // A whole directory of one state (nothing written in it) changes as one entry.
      if (off === 0 && at % DIR_BYTES === 0 && length - done >= DIR_BYTES) {
        const dirKey = at / DIR_BYTES
        const dir = this.root.get(dirKey)
        const now = dir === undefined ? 0 : dir.gen === -1 ? dir.fill.uniform : -1
        const next = change(now)
        if (next >= 0) {
          if (next !== now) {
            if (this.rootGen !== this.gen) {
              this.root = new Map(this.root)
              this.rootGen = this.gen
              this.copiedBytes += this.root.size * ROOT_ENTRY_BYTES
            }
            if (dir !== undefined && dir.gen !== -1) {
              for (const page of dir.pages) {
                if (page === undefined || page.uniform >= 0) continue
                this.ownPages--
                if (dir.gen === this.gen) this.retire(page)
              }
            }
            if (next === 0) this.root.delete(dirKey)
            else this.root.set(dirKey, UNIFORM_DIRS[next] as Directory)
            // Pages of this directory may sit in the cache.
            this.cacheNo.fill(-1)
            this.denseDrop(dirKey * DIR_PAGES, DIR_PAGES)
          }
          done += DIR_BYTES
          continue
        }
      }
      const n = Math.min(PAGE - off, length - done)
      done += n
      const now = this.page(pageNo)
      if (n === PAGE) {
        const next = change(now.uniform)
        if (next >= 0) {
          if (next !== now.uniform) this.makeUniform(pageNo, next)
          continue
        }
      }
      partial(this.writable(pageNo), off, n)
    }
  }

  /** Freeze the current contents; later writes copy the pages they touch. O(1). */
  snapshot(): MemorySnapshot {
    const snap: MemorySnapshot = { root: this.root, ownPages: this.ownPages }
    // The cached pages stay right for reading; their older generation sends writes to copy them.
    this.gen++
    this.syncHeapView()
    return snap
  }

  // ---- page windows (PageWords) --------------------------------------------------------------

  /**
   * Point `window` at the page holding `address`, for reading (a page never written reads as
   * zeros through a shared page). `window.writable` says whether it may be written through as
   * it is: true for a page of the current generation that no watch covers (a heap page written
   * since the last snapshot), so that a read-modify-write of a page takes one call. See
   * `PageWords` for how long the window stays valid.
   */
  readPage(window: PageWords, address: number): void {
    if (window.pointedBy !== this) this.adopt(window)
    const pageNo = Math.floor(address / Hot.PAGE)
    const page = this.page(pageNo)
    const start = pageNo * Hot.PAGE
    window.words = page.words
    window.base = page.at >> 2
    window.bytes = page.buf
    window.start = start
    window.writable =
      page.gen === this.gen && (start >= this.watchEnd || start + Hot.PAGE <= this.watchStart)
  }

  /**
   * Point `window` at the page holding `address`, for writing: the page is made (or copied, if
   * a snapshot froze it) now, as the first write to it would, so call this only when a write
   * follows. For watches the window counts as one write of the whole page, now (a watch may
   * see more than was written, never less).
   */
  writePage(window: PageWords, address: number): void {
    if (window.pointedBy !== this) this.adopt(window)
    const pageNo = Math.floor(address / Hot.PAGE)
    const start = pageNo * Hot.PAGE
    this.wrote(start, start + Hot.PAGE)
    const page = this.writable(pageNo)
    window.words = page.words
    window.base = page.at >> 2
    window.bytes = page.buf
    window.start = start
    window.writable = true
  }

  /** Remember a window this memory points, so that a move of the heap arena re-points it. */
  private adopt(window: PageWords): void {
    window.pointedBy = this
    if (!this.windows.includes(window)) this.windows.push(window)
  }

  /**
   * Return to a snapshot's contents. O(1) but for the pages written since the last snapshot or
   * restore, which no snapshot has: they become spares for later copies (a jump copies the
   * pages it changes, and would otherwise leave as many behind as garbage). The snapshot stays
   * valid and reusable.
   */
  restore(snap: MemorySnapshot): void {
    if (this.rootGen === this.gen) {
      for (const dir of this.root.values()) {
        if (dir.gen !== this.gen) continue
        for (const page of dir.pages) {
          if (page !== undefined && page.gen === this.gen && page.uniform < 0) this.spare(page)
        }
      }
    }
    this.root = snap.root
    this.ownPages = snap.ownPages
    this.gen++
    this.syncHeapView()
    this.rootGen = -1
    this.cacheNo.fill(-1)
    this.wroteEverything()
  }

  // ---- deltas (time travel between full snapshots) -------------------------------------------

  /**
   * What changed since `older` (a snapshot of this memory), word by word: the 32-bit words of
   * data, initialized bitmap and heap tags that differ, and the pages that became uniform again.
   * Copy-on-write makes this cheap: a page or directory not written since `older` is the same
   * object in both, so only the pages written since are compared, and a delta holds the words
   * that changed, not the pages around them (an allocator's interval of work rewrites a few
   * headers and links on each of hundreds of pages). `applyDelta` on memory as `older` has it
   * gives memory as it is now, exactly.
   */
  diff(older: MemorySnapshot): MemoryDelta {
    const out = deltaScratch
    out.reset()
    this.eachReplaced(older, (pageNo, before, after) => out.page(pageNo, before, after))
    return out.finish()
  }

  /**
   * Hand the pages of `older` that this memory no longer has (and no snapshot of `keep` has)
   * to the spares, for later copies to reuse: call it only when `older` and every snapshot
   * taken between it and now will never be restored or compared again, and `keep` are the only
   * other snapshots still in use (a trace replay moving its delta base on). Saves the garbage
   * of a page per page written in each interval, which the process kept as resident memory.
   */
  releaseReplaced(older: MemorySnapshot, keep: readonly MemorySnapshot[]): void {
    const now = this.root
    if (now === older.root) return
    // Only `older`'s own pages matter, so only its directories: directory by directory, with
    // the directories of `now` and of `keep` looked up once each, not once a page (a trace
    // replay's jump to another checkpoint releases ~7,000 pages of a 15 MB heap this way).
    const held = keepDirectories
    for (const [dirKey, dir] of older.root) {
      const current = now.get(dirKey)
      if (current === dir || dir.gen === -1) continue
      const currentPages = current === undefined ? EMPTY_PAGES : current.pages
      const currentFill = current === undefined ? ZERO_PAGE : current.fill
      held.length = 0
      for (const k of keep) {
        const kept = k.root.get(dirKey)
        if (kept !== undefined && kept !== current && kept.gen !== -1) held.push(kept.pages)
      }
      const pages = dir.pages
      for (let i = 0; i < pages.length; i++) {
        const page = pages[i]
        if (page === undefined || page.uniform >= 0) continue
        if ((currentPages[i] ?? currentFill) === page) continue
        let kept = false
        for (let h = 0; h < held.length && !kept; h++) kept = (held[h] as Page[])[i] === page
        if (!kept) this.spare(page)
      }
    }
    held.length = 0
  }

  /** Every page number whose page differs between `older` and now, with both pages. */
  private eachReplaced(
    older: MemorySnapshot,
    visit: (pageNo: number, before: Page, after: Page) => void
  ): void {
    const now = this.root
    const before = older.root
    if (now === before) return
    const walk = (dirKey: number, a: Directory | undefined, b: Directory | undefined): void => {
      if (a === b) return
      const aPages = a === undefined ? EMPTY_PAGES : a.pages
      const bPages = b === undefined ? EMPTY_PAGES : b.pages
      const aFill = a === undefined ? ZERO_PAGE : a.fill
      const bFill = b === undefined ? ZERO_PAGE : b.fill
      const n = Math.max(aPages.length, bPages.length)
      // Pages beyond both arrays read as the fills: equal unless the fills differ.
      const last = aFill === bFill ? n : DIR_PAGES
      for (let i = 0; i < last; i++) {
        const pa = aPages[i] ?? aFill
        const pb = bPages[i] ?? bFill
        if (pa !== pb) visit(dirKey * DIR_PAGES + i, pa, pb)
      }
    }
    for (const [dirKey, dir] of before) walk(dirKey, dir, now.get(dirKey))
    for (const [dirKey, dir] of now) if (!before.has(dirKey)) walk(dirKey, undefined, dir)
  }

  /**
   * Apply a delta made by `diff` to memory that is as that diff's `older` snapshot was (after
   * `restore` of it, or of an earlier full snapshot and the deltas between in order). The pages
   * it changes are copied first when a snapshot froze them, as any write copies them.
   *
   * With `undo`, it also keeps there what it overwrote (see `DeltaUndo`), so that `undoDelta`
   * takes memory back to where it was: a trace replay steps back within a checkpoint with these,
   * in what the deltas between cost, instead of rebuilding the checkpoint (every page of the
   * heap) and the deltas since.
   */
  applyDelta(delta: MemoryDelta, undo: DeltaUndo | null = null): void {
    const { pageNos, counts, index, bytes, halves, words: values } = delta
    let old: Uint32Array | null = null
    let wasUniform: Int8Array | null = null
    if (undo !== null) {
      undo.fit(index.length, pageNos.length)
      old = undo.values
      wasUniform = undo.uniform
      undoPagesScratch.reset()
    }
    let pagesWhole = false
    let k = 0
    // Where the next value of each kind is (see `MemoryDelta`).
    let b = 0
    let h = 0
    let v = 0
    for (let p = 0; p < pageNos.length; p++) {
      const pageNo = pageNos[p] as number
      const count = counts[p] as number
      if (count < 0) {
        // The page became uniform (discarded, or a range op covered it whole).
        const page = UNIFORM[-1 - count] as Page
        if (wasUniform !== null) {
          const dirKey = Math.floor(pageNo / DIR_PAGES)
          const dir = this.writableDirectory(dirKey)
          const before = dir.pages[pageNo - dirKey * DIR_PAGES]
          // Read before `retire` hands the page to the spares (a later page may reuse it).
          const was = before ?? dir.fill
          // Its undo keeps what it was; -1 (a page of its own) is told by `pages`.
          wasUniform[p] = was.uniform < 0 ? -1 : was.uniform
          if (was.uniform < 0) {
            undoPagesScratch.page(pageNo, page, was)
            pagesWhole = true
          }
        }
        this.makeUniform(pageNo, -1 - count)
        continue
      }
      // A page made from a shared uniform one (never written, or covered whole) goes back to it.
      if (wasUniform !== null) wasUniform[p] = this.page(pageNo).uniform
      const page = this.writable(pageNo)
      const words = page.words
      const base = page.at >> 2
      const end = k + count
      let tagged = false
      if (old !== null) {
        for (let i = k; i < end; i++) {
          old[i] = words[base + ((index[i] as number) & WORD_PLACE_MASK)] as number
        }
      }
      for (; k < end; k++) {
        const entry = index[k] as number
        const w = entry & WORD_PLACE_MASK
        const kind = entry >>> WORD_PLACE_BITS
        let value: number
        if (kind === ValueKind.word) value = values[v++] as number
        else if (kind === ValueKind.half) value = halves[h++] as number
        else if (kind === ValueKind.byte) value = bytes[b++] as number
        else if (kind === ValueKind.zero) value = 0
        else value = 0xffff0000 + (halves[h++] as number)
        words[base + w] = value
        if (w >= UNTAGGED_WORDS) tagged = true
      }
      if (tagged) tagsOf(page)
    }
    if (undo !== null && pagesWhole) undo.pages = undoPagesScratch.finish()
    this.wroteEverything()
  }

  /**
   * Take memory back to where it was before `applyDelta(delta, undo)`: it must be as that apply
   * left it (or as the snapshot after it has it), and `undo` not reused since.
   */
  undoDelta(delta: MemoryDelta, undo: DeltaUndo): void {
    const { pageNos, counts, index } = delta
    const { values, uniform } = undo
    let k = 0
    for (let p = 0; p < pageNos.length; p++) {
      const pageNo = pageNos[p] as number
      const count = counts[p] as number
      const was = uniform[p] as number
      if (was >= 0) this.makeUniform(pageNo, was)
      else if (count >= 0) {
        const page = this.writable(pageNo)
        const words = page.words
        const base = page.at >> 2
        let tagged = false
        for (let i = k, end = k + count; i < end; i++) {
          const w = (index[i] as number) & WORD_PLACE_MASK
          words[base + w] = values[i] as number
          if (w >= UNTAGGED_WORDS) tagged = true
        }
        if (tagged) tagsOf(page)
      }
      if (count > 0) k += count
    }
    // The pages it made uniform that were pages of their own: their words on the uniform page.
    if (undo.pages !== null) this.applyDelta(undo.pages)
    this.wroteEverything()
  }

  /** Page `pageNo` becomes shared uniform page `uniform` (see `UNIFORM`), the page it was retired. */
  private makeUniform(pageNo: number, uniform: number): void {
    const dirKey = Math.floor(pageNo / DIR_PAGES)
    const dir = this.writableDirectory(dirKey)
    const page = UNIFORM[uniform] as Page
    const before = dir.pages[pageNo - dirKey * DIR_PAGES]
    if (before !== undefined) {
      if (before.uniform < 0) this.ownPages--
      this.retire(before)
    }
    dir.pages[pageNo - dirKey * DIR_PAGES] = page
    const slot = pageNo & SLOT_MASK
    this.cacheNo[slot] = pageNo
    this.cachePage[slot] = page
    // (A delta applies over the state it was made from, in which no page it makes uniform was
    // written in this generation; dropped all the same, as every replaced page is.)
    this.denseDrop(pageNo, 1)
  }

  /**
   * Number of storage pages of its own memory holds (for benchmarks and memory figures); the
   * shared uniform pages standing for untouched ranges are not counted.
   */
  pageCount(): number {
    let n = 0
    for (const dir of this.root.values())
      for (const p of dir.pages) if (p !== undefined && p.uniform < 0) n++
    return n
  }

  /**
   * Visit every aligned 64-bit word of [start, end) that is not zero, with its value as
   * `readPointer` gives it, skipping untouched pages and directories whole (the leak checker
   * scans a 1 GiB block that way in the time of the pages actually written).
   */
  eachNonZeroWord(
    start: number,
    end: number,
    visit: (address: number, value: number) => void
  ): void {
    const DIR_BYTES = PAGE * DIR_PAGES
    let a = Math.ceil(start / 8) * 8
    while (a + 8 <= end) {
      const dirKey = Math.floor(a / DIR_BYTES)
      const dir = this.root.get(dirKey)
      if (dir === undefined || dir.gen === -1) {
        // Nothing of its own in this directory: all zeros.
        a = (dirKey + 1) * DIR_BYTES
        continue
      }
      const pageNo = Math.floor(a / PAGE)
      const pageEnd = Math.min((pageNo + 1) * PAGE, end)
      if (this.page(pageNo).uniform >= 0) {
        a = (pageNo + 1) * PAGE
        continue
      }
      // Aligned words never straddle a page (512 is a multiple of 8).
      for (; a + 8 <= pageEnd; a += 8) {
        const value = this.readPointer(a)
        if (value !== 0) visit(a, value)
      }
      if (pageEnd === end) break
    }
  }

  // ---- reads ------------------------------------------------------------------------------
  // Each read finds its page once (through the cache) and reads the slab at the page's offset;
  // a value that straddles two pages is put together from smaller reads.

  read8(address: number): number {
    const pageNo = Math.floor(address / PAGE)
    return this.page(pageNo).buf[address - pageNo * PAGE] as number
  }

  read16(address: number): number {
    const pageNo = Math.floor(address / PAGE)
    const off = address - pageNo * PAGE
    if (off <= PAGE - 2) {
      const page = this.page(pageNo)
      return page.view.getUint16(page.at + off, true)
    }
    return this.read8(address) | (this.read8(address + 1) << 8)
  }

  read32(address: number): number {
    const pageNo = Math.floor(address / PAGE)
    const off = address - pageNo * PAGE
    if (off <= PAGE - 4) {
      const page = this.page(pageNo)
      return page.view.getUint32(page.at + off, true)
    }
    return (this.read16(address) + this.read16(address + 2) * 0x10000) >>> 0
  }

  /** Unsigned 64-bit value. */
  read64(address: number): bigint {
    const pageNo = Math.floor(address / PAGE)
    const off = address - pageNo * PAGE
    if (off <= PAGE - 8) {
      const page = this.page(pageNo)
      return page.view.getBigUint64(page.at + off, true)
    }
    return BigInt(this.read32(address)) | (BigInt(this.read32(address + 4)) << 32n)
  }

  /** A 64-bit value as a number, exact below 2^53 (pointers, sizes): faster than `read64`. */
  readPointer(address: number): number {
    const pageNo = Math.floor(address / Hot.PAGE)
    const off = address - pageNo * Hot.PAGE
    if ((off & 7) === 0 && HOST_LITTLE_ENDIAN) {
      // An aligned word (every allocator header and link): two loads, no DataView. This path
      // is kept small so that it inlines into the allocators' word accessors (a number above
      // 2^31 returned from a call that is not inlined costs an allocation).
      const page = this.page(pageNo)
      const i = (page.at + off) >> 2
      return (page.words[i] as number) + (page.words[i + 1] as number) * Hot.TWO_32
    }
    return this.readUnalignedPointer(address)
  }

  private readUnalignedPointer(address: number): number {
    const pageNo = Math.floor(address / PAGE)
    const off = address - pageNo * PAGE
    const page = this.page(pageNo)
    if (off <= PAGE - 8) {
      const at = page.at + off
      return page.view.getUint32(at, true) + page.view.getUint32(at + 4, true) * TWO_32
    }
    return this.read32(address) + this.read32(address + 4) * TWO_32
  }

  readDouble(address: number): number {
    const pageNo = Math.floor(address / PAGE)
    const off = address - pageNo * PAGE
    if (off <= PAGE - 8) {
      const page = this.page(pageNo)
      return page.view.getFloat64(page.at + off, true)
    }
    const bytes = this.readBytes(address, 8)
    return new DataView(bytes.buffer).getFloat64(0, true)
  }

  readBytes(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length)
    let done = 0
    while (done < length) {
      const at = address + done
      const pageNo = Math.floor(at / PAGE)
      const off = at - pageNo * PAGE
      const n = Math.min(PAGE - off, length - done)
      const page = this.lookup(pageNo)
      if (page !== undefined) out.set(page.buf.subarray(off, off + n), done)
      done += n
    }
    return out
  }

  // ---- writes -----------------------------------------------------------------------------

  write8(address: number, value: number): void {
    this.wrote(address, address + 1)
    const pageNo = Math.floor(address / PAGE)
    const off = address - pageNo * PAGE
    const buf = this.writable(pageNo).buf
    buf[off] = value
    buf[INIT + (off >> 3)] |= 1 << (off & 7)
  }

  write16(address: number, value: number): void {
    const pageNo = Math.floor(address / PAGE)
    const off = address - pageNo * PAGE
    if (off <= PAGE - 2) {
      this.wrote(address, address + 2)
      const page = this.writable(pageNo)
      page.view.setUint16(page.at + off, value, true)
      if ((off & 7) !== 7) page.buf[INIT + (off >> 3)] |= 3 << (off & 7)
      else markInit(page.buf, off, 2, true)
      return
    }
    this.write8(address, value & 0xff)
    this.write8(address + 1, (value >>> 8) & 0xff)
  }

  write32(address: number, value: number): void {
    const pageNo = Math.floor(address / PAGE)
    const off = address - pageNo * PAGE
    if (off <= PAGE - 4) {
      this.wrote(address, address + 4)
      const page = this.writable(pageNo)
      page.view.setUint32(page.at + off, value >>> 0, true)
      const bit = off & 7
      if (bit <= 4) page.buf[INIT + (off >> 3)] |= 0xf << bit
      else markInit(page.buf, off, 4, true)
      return
    }
    this.write16(address, value & 0xffff)
    this.write16(address + 2, (value >>> 16) & 0xffff)
  }

  write64(address: number, value: bigint): void {
    const v = BigInt.asUintN(64, value)
    this.write32(address, Number(v & 0xffffffffn))
    this.write32(address + 4, Number(v >> 32n))
  }

  /**
   * Store a non-negative whole number as 64 bits (pointers, sizes): faster than `write64`.
   * Exact below 2^53, and for the larger whole numbers a double holds (their halves split
   * exactly); 2^64 (only ever 2^64 - 1 rounded, as `(void *)-1`) is stored as all ones.
   */
  writePointer(address: number, value: number): void {
    const pageNo = Math.floor(address / Hot.PAGE)
    const off = address - pageNo * Hot.PAGE
    const k = pageNo - this.denseFirst
    if (
      k >= 0 &&
      k < this.denseCount &&
      (off & 7) === 0 &&
      value < Hot.TWO_53 &&
      HOST_LITTLE_ENDIAN &&
      this.denseMeta[2 * k] === this.gen
    ) {
      // A heap page written since the last snapshot: its place in the arena from the dense table.
      const high = Math.floor(value / Hot.TWO_32)
      this.wrote(address, address + 8)
      const base = this.denseMeta[2 * k + 1] as number
      const words = this.arenaWords
      const i = base + (off >> 2)
      words[i] = value - high * Hot.TWO_32
      words[i + 1] = high
      // The bitmap byte of these 8 bytes: a store, not a read-modify-write of its word (the
      // line is often not in the CPU's cache, and a store need not wait for it).
      this.arenaBytes[base * 4 + HotPage.INIT + (off >> 3)] = 0xff
      return
    }
    this.writePagedPointer(address, value)
  }

  /** writePointer through the page cache (a page not in the dense heap table). */
  private writePagedPointer(address: number, value: number): void {
    const pageNo = Math.floor(address / Hot.PAGE)
    const off = address - pageNo * Hot.PAGE
    if ((off & 7) === 0 && value < Hot.TWO_53 && HOST_LITTLE_ENDIAN) {
      // An aligned word below 2^53 (allocator headers and links): two stores and one bitmap
      // byte, in a path small enough to inline into the allocators.
      const high = Math.floor(value / Hot.TWO_32)
      this.wrote(address, address + 8)
      const page = this.writable(pageNo)
      const i = (page.at + off) >> 2
      page.words[i] = value - high * Hot.TWO_32
      page.words[i + 1] = high
      page.buf[HotPage.INIT + (off >> 3)] = 0xff
      return
    }
    this.writeWidePointer(address, value)
  }

  /** writePointer of an unaligned word, or of a number at or above 2^53. */
  private writeWidePointer(address: number, value: number): void {
    // A double of 2^64 is 2^64 - 1 rounded ((void *)-1): stored as all ones, it reads back the same.
    let high = Math.floor(value / TWO_32)
    let low = value - high * TWO_32
    if (high >= TWO_32) high = low = 0xffffffff
    const pageNo = Math.floor(address / PAGE)
    const off = address - pageNo * PAGE
    if (off <= PAGE - 8) this.wrote(address, address + 8)
    if ((off & 7) === 0 && HOST_LITTLE_ENDIAN) {
      const page = this.writable(pageNo)
      const i = (page.at + off) >> 2
      page.words[i] = low
      page.words[i + 1] = high
      page.buf[INIT + (off >> 3)] = 0xff
      return
    }
    if (off <= PAGE - 8) {
      const page = this.writable(pageNo)
      page.view.setUint32(page.at + off, low, true)
      page.view.setUint32(page.at + off + 4, high, true)
      markInit(page.buf, off, 8, true)
      return
    }
    this.write32(address, low)
    this.write32(address + 4, high)
  }

  writeDouble(address: number, value: number): void {
    const pageNo = Math.floor(address / PAGE)
    const off = address - pageNo * PAGE
    if (off <= PAGE - 8) {
      // Within one page (every aligned double): one store, no bytes array made per write.
      this.wrote(address, address + 8)
      const page = this.writable(pageNo)
      page.view.setFloat64(page.at + off, value, true)
      if ((off & 7) === 0) page.buf[INIT + (off >> 3)] = 0xff
      else markInit(page.buf, off, 8, true)
      return
    }
    const bytes = new Uint8Array(8)
    new DataView(bytes.buffer).setFloat64(0, value, true)
    this.writeBytes(address, bytes)
  }

  writeBytes(address: number, bytes: Uint8Array): void {
    const length = bytes.length
    this.rangeBytes += length
    if (length > 0) this.wrote(address, address + length)
    let done = 0
    while (done < length) {
      const at = address + done
      const pageNo = Math.floor(at / PAGE)
      const off = at - pageNo * PAGE
      const n = Math.min(PAGE - off, length - done)
      const buf = this.writable(pageNo).buf
      buf.set(bytes.subarray(done, done + n), off)
      markInit(buf, off, n, true)
      done += n
    }
  }

  fill(address: number, length: number, value: number): void {
    this.rangeBytes += length
    if (length > 0) this.wrote(address, address + length)
    // Zeros over untouched pages (calloc, memset(p, 0, n) of a fresh block) need no page.
    if (value === 0 && length >= PAGE) {
      this.changeRange(
        address,
        length,
        keepData((u) => u | 1),
        (page, off, n) => {
          page.buf.fill(0, off, off + n)
          markInit(page.buf, off, n, true)
        }
      )
      return
    }
    let done = 0
    while (done < length) {
      const at = address + done
      const pageNo = Math.floor(at / PAGE)
      const off = at - pageNo * PAGE
      const n = Math.min(PAGE - off, length - done)
      const buf = this.writable(pageNo).buf
      buf.fill(value, off, off + n)
      markInit(buf, off, n, true)
      done += n
    }
  }

  /** memmove: copy `length` bytes (and their initialized shadow) from `source` to `target`. */
  copy(target: number, source: number, length: number): void {
    if (length <= 0 || target === source) return
    this.rangeBytes += length
    if (length <= SHORT_COPY && this.copyShort(target, source, length)) return
    if (target >= source + length || source >= target + length) {
      this.copyDisjoint(target, source, length)
      return
    }
    // Overlapping ranges (memmove within a block, a realloc sliding a block down over itself):
    // through a copy of the source. Its uninitialized runs as [from, to) offsets, read 8 bytes
    // a bitmap byte at a time where it is all set or all clear.
    const data = this.readBytes(source, length)
    const runs: number[] = []
    let runStart = -1
    let done = 0
    while (done < length) {
      const at = source + done
      const pageNo = Math.floor(at / PAGE)
      const off = at - pageNo * PAGE
      const n = Math.min(PAGE - off, length - done)
      const page = this.lookup(pageNo)
      if (page === undefined) {
        if (runStart < 0) runStart = done
        done += n
        continue
      }
      const buf = page.buf
      let i = 0
      while (i < n) {
        const o = off + i
        const bits = buf[INIT + (o >> 3)]
        if ((o & 7) === 0 && i + 8 <= n && (bits === 0xff || bits === 0)) {
          if (bits === 0xff && runStart >= 0) {
            runs.push(runStart, done + i)
            runStart = -1
          } else if (bits === 0 && runStart < 0) runStart = done + i
          i += 8
          continue
        }
        if ((bits & (1 << (o & 7))) !== 0) {
          if (runStart >= 0) {
            runs.push(runStart, done + i)
            runStart = -1
          }
        } else if (runStart < 0) runStart = done + i
        i++
      }
      done += n
    }
    if (runStart >= 0) runs.push(runStart, length)
    this.writeBytes(target, data)
    for (let k = 0; k < runs.length; k += 2)
      this.uninitialize(target + runs[k], runs[k + 1] - runs[k])
  }

  /**
   * `copy` of ranges that do not overlap (realloc moving a block, memcpy): page piece by page
   * piece straight from the source's page into the target's, data and initialized bits, with
   * no array of the whole range in between (realloc-bal moves a 614 KB block twice a pass).
   */
  private copyDisjoint(target: number, source: number, length: number): void {
    this.wrote(target, target + length)
    let done = 0
    while (done < length) {
      const from = source + done
      const to = target + done
      const sourceNo = Math.floor(from / PAGE)
      const targetNo = Math.floor(to / PAGE)
      const sourceOff = from - sourceNo * PAGE
      const targetOff = to - targetNo * PAGE
      const n = Math.min(PAGE - sourceOff, PAGE - targetOff, length - done)
      // The source page first: making the target writable may copy it (the same page, when
      // both ranges lie in one), and the bytes read are the same in either version.
      const sourceBuf = this.page(sourceNo).buf
      const buf = this.writable(targetNo).buf
      buf.set(sourceBuf.subarray(sourceOff, sourceOff + n), targetOff)
      copyInitBits(sourceBuf, sourceOff, buf, targetOff, n)
      done += n
    }
  }

  /**
   * `copy` of a few bytes (a struct assignment) where source and target each lie in one page:
   * through a reused buffer, with no array made per call. False (nothing done) otherwise.
   */
  private copyShort(target: number, source: number, length: number): boolean {
    // Offsets as small integers (| 0): indexing with a double costs a conversion per byte.
    const sourceNo = Math.floor(source / PAGE)
    const from = (source - sourceNo * PAGE) | 0
    const targetNo = Math.floor(target / PAGE)
    const to = (target - targetNo * PAGE) | 0
    if (from + length > PAGE || to + length > PAGE) return false
    const bytes = this.copyBytes
    const init = this.copyInit
    // Read everything first: memmove's overlap, and writable() may copy the source's page.
    const sourceBuf = this.page(sourceNo).buf
    for (let i = 0; i < length; i++) {
      const o = from + i
      bytes[i] = sourceBuf[o] as number
      init[i] = ((sourceBuf[INIT + (o >> 3)] as number) >> (o & 7)) & 1
    }
    this.wrote(target, target + length)
    const buf = this.writable(targetNo).buf
    // The target's bits are gathered per bitmap byte and stored once per byte (a read-modify-
    // write of the same byte for every bit would wait on the store before it each time).
    let bits = 0
    let mask = 0
    for (let i = 0; i < length; i++) {
      const o = to + i
      buf[o] = bytes[i] as number
      bits |= (init[i] as number) << (o & 7)
      mask |= 1 << (o & 7)
      if ((o & 7) === 7 || i === length - 1) {
        const at = INIT + (o >> 3)
        buf[at] = ((buf[at] as number) & ~mask) | bits
        bits = mask = 0
      }
    }
    return true
  }

  // ---- shadows ----------------------------------------------------------------------------

  isInitialized(address: number): boolean {
    const pageNo = Math.floor(address / PAGE)
    const off = address - pageNo * PAGE
    return ((this.page(pageNo).buf[INIT + (off >> 3)] as number) & (1 << (off & 7))) !== 0
  }

  /** True when every byte of the range is initialized. */
  isRangeInitialized(address: number, length: number): boolean {
    for (let i = 0; i < length; i++) if (!this.isInitialized(address + i)) return false
    return true
  }

  /** One entry per byte: 1 when initialized, 0 when not. */
  initializedBytes(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i++) out[i] = this.isInitialized(address + i) ? 1 : 0
    return out
  }

  uninitialize(address: number, length: number): void {
    if (length >= PAGE) {
      this.changeRange(
        address,
        length,
        keepData((u) => u & ~1),
        (page, off, n) => markInit(page.buf, off, n, false)
      )
      return
    }
    // A loop rather than eachPage's callback: malloc and free call this on every block.
    let done = 0
    while (done < length) {
      const at = address + done
      const pageNo = Math.floor(at / PAGE)
      const off = at - pageNo * PAGE
      const n = Math.min(PAGE - off, length - done)
      // A missing page (or a uniform one not initialized) is already uninitialized.
      const seen = this.page(pageNo)
      if ((seen.uniform & 1) !== 0) markInit(this.writable(pageNo).buf, off, n, false)
      done += n
    }
  }

  /** Mark a range initialized without changing its bytes (zero-filled .bss, calloc'd pages). */
  initialize(address: number, length: number): void {
    this.changeRange(
      address,
      length,
      keepData((u) => u | 1),
      (page, off, n) => markInit(page.buf, off, n, true)
    )
  }

  /**
   * Pages given back to the kernel (munmap, a shrinking break): zeros, uninitialized and
   * untagged again, as fresh anonymous memory comes back; whole pages are simply dropped.
   */
  discard(address: number, length: number): void {
    if (length > 0) this.wrote(address, address + length)
    this.changeRange(
      address,
      length,
      () => 0,
      (page, off, n) => {
        page.buf.fill(0, off, off + n)
        markInit(page.buf, off, n, false)
        if (page.tag !== null) page.tag.fill(0, off, off + n)
      }
    )
  }

  /** The heap tag of one byte (`HeapTag`). */
  tagAt(address: number): number {
    const pageNo = Math.floor(address / PAGE)
    const tag = this.page(pageNo).tag
    return tag === null ? 0 : (tag[address - pageNo * PAGE] as number)
  }

  /** The first address in [address, address + length) whose tag is not `tag`, or -1. */
  firstUntagged(address: number, length: number, tag: number): number {
    let done = 0
    while (done < length) {
      const at = address + done
      const pageNo = Math.floor(at / PAGE)
      const off = at - pageNo * PAGE
      const n = Math.min(PAGE - off, length - done)
      const page = this.lookup(pageNo)
      const tags = page === undefined ? null : page.tag
      if (tags === null) {
        if (tag !== 0) return at
      } else if ((page as Page).uniform >= 0) {
        if (tags[0] !== tag) return at
      } else {
        for (let i = 0; i < n; i++) if (tags[off + i] !== tag) return at + i
      }
      done += n
    }
    return -1
  }

  setTag(address: number, length: number, tag: number): void {
    if (length >= PAGE) {
      this.changeRange(
        address,
        length,
        keepData((u) => tag * 2 + (u & 1)),
        (page, off, n) => {
          if (page.tag === null && tag === 0) return
          tagsOf(page).fill(tag, off, off + n)
        }
      )
      return
    }
    // A loop rather than eachPage's callback: malloc and free call this on every block.
    let done = 0
    while (done < length) {
      const at = address + done
      const pageNo = Math.floor(at / PAGE)
      const off = at - pageNo * PAGE
      const n = Math.min(PAGE - off, length - done)
      done += n
      // Nothing to do (and no page to copy) where every byte has the tag already: a uniform
      // page of that tag (ZERO_PAGE for a missing one), or clearing where there are no tags.
      const seen = this.page(pageNo)
      if (seen.uniform >= 0 && seen.uniform >> 1 === tag) continue
      if (tag === 0 && seen.tag === null) continue
      fillTags(this.writable(pageNo), off, off + n, tag)
    }
  }

  /**
   * Tag a block the allocator just handed out: [start, payload) and [payload + requested, end)
   * untagged (header, padding, footer), the requested bytes `HeapTag.allocated`, and those
   * uninitialized when `uninitialize` (malloc; calloc and realloc keep their contents). The
   * same as the setTag and uninitialize calls it stands for; a block of up to TAG_BLOCK_PAGES
   * storage pages with a payload shorter than one takes one page lookup per page and plain
   * loops instead of four range walks (a quarter of glibc's chunks in malloc-heavy straddle two
   * 512-byte pages).
   */
  tagBlock(
    start: number,
    payload: number,
    requested: number,
    end: number,
    uninitialize: boolean
  ): void {
    const to = payload + requested
    // A payload of a page or more goes through setTag's range walk, which leaves the pages it
    // covers whole as shared uniform pages instead of pages of their own.
    if (
      requested > 0 &&
      requested < PAGE &&
      start <= payload &&
      to <= end &&
      end - start <= TAG_BLOCK_PAGES * PAGE
    ) {
      const lastPage = Math.floor((end - 1) / PAGE)
      for (let pageNo = Math.floor(start / PAGE); pageNo <= lastPage; pageNo++) {
        const base = pageNo * PAGE
        // This page's share of the block, of its payload, and of what is left after it.
        const lo = Math.max(start - base, 0)
        const hi = Math.min(end - base, PAGE)
        const from = Math.max(payload - base, lo)
        const upto = Math.min(to - base, hi)
        if (from >= upto) {
          // Header or tail alone: untagged, which a page without tags is already.
          this.setTag(base + lo, hi - lo, HeapTag.none)
          continue
        }
        const page = this.writable(pageNo)
        // A page without tags has none everywhere: only the payload needs writing.
        if (page.tag !== null) {
          fillTags(page, lo, from, HeapTag.none)
          fillTags(page, upto, hi, HeapTag.none)
        }
        fillTags(page, from, upto, HeapTag.allocated)
        if (uninitialize) markInit(page.buf, from, upto - from, false)
      }
      return
    }
    this.setTag(start, payload - start, HeapTag.none)
    this.setTag(to, end - to, HeapTag.none)
    this.setTag(payload, requested, HeapTag.allocated)
    if (uninitialize) this.uninitialize(payload, requested)
  }

  /**
   * Visit the writable pages of a range. `create`: make missing pages (a missing page is
   * already uninitialized and untagged, so clearing needs none).
   */
  private eachPage(
    address: number,
    length: number,
    create: boolean,
    visit: (page: Page, off: number, n: number) => void
  ): void {
    let done = 0
    while (done < length) {
      const at = address + done
      const pageNo = Math.floor(at / PAGE)
      const off = at - pageNo * PAGE
      const n = Math.min(PAGE - off, length - done)
      if (create || this.lookup(pageNo) !== undefined) visit(this.writable(pageNo), off, n)
      done += n
    }
  }

  /** Bytes and their initialized flags (1/0) for the byte inspector. */
  dump(address: number, length: number): { bytes: Uint8Array; initialized: Uint8Array } {
    return {
      bytes: this.readBytes(address, length),
      initialized: this.initializedBytes(address, length)
    }
  }
}
