/**
 * ptmalloc2 as glibc 2.36 runs it on x86-64 with one thread and one arena (the main arena).
 *
 * Everything glibc keeps inside the heap is kept inside the simulated memory: each chunk's size
 * word (with its PREV_INUSE / IS_MMAPPED bits), the prev_size "footer" of free chunks, the fd/bk
 * links of free chunks (fd_nextsize/bk_nextsize in large bins), the tcache's next/key words
 * (next pointers mangled by safe-linking, as in glibc), and the tcache's own bookkeeping chunk
 * at the start of the heap. A heap overflow in the simulated program therefore corrupts what
 * glibc would find corrupted, and the same checks abort with glibc's own messages.
 *
 * The arena (`struct malloc_state`: fast bin heads, top, last_remainder, bin heads) lives in
 * libc's .data in a real process; here it is a small word array that answers to the address the
 * main arena has on the reference machine, so a free chunk's fd/bk show the value a debugger
 * would show (0x7ffff7fa7cc0 for the unsorted bin, on Debian 12 with ASLR off).
 *
 * A chunk `p` (glibc's mchunkptr) is laid out as
 *   p + 0   prev_size   (the previous chunk's last 8 user bytes while that one is in use)
 *   p + 8   size | A|M|P flags
 *   p + 16  user data (fd when free)     <- the pointer malloc returns
 *   p + 24  (bk when free)
 *   p + 32  (fd_nextsize, large free chunks)
 *   p + 40  (bk_nextsize)
 * BlockInfo.address is `p + 8` (the size word), so blocks tile the heap and a block's size is
 * the chunk size: 8 bytes of header and chunk size − 8 usable bytes.
 */
import type { Allocator, BlockInfo, HeapHost, Memory } from '../../types'
import { AllocatorCounter, ProcessFault } from '../../types'
import { DEFAULT_TUNABLES, MMAP_THRESHOLD_MAX, parseTunables, type GlibcTunables } from './tunables'
import { ChunkRequests, type ChunkRequestsSnapshot } from './chunk-requests'
import { heapBlockInfo, type BlockHistory } from '../inspection'
import { HeapWords, PagedMemory } from '../../memory'

// ---- chunk geometry (malloc.c, 64-bit) ------------------------------------------------------

/**
 * malloc.c's constants, as a const enum: its members are inlined as literals, whereas a
 * module-level const is a load from the module context and a type check at every use in
 * optimized code, and `size / MALLOC_ALIGNMENT` a floating-point division instead of a
 * multiplication (the accessors on every chunk word use them).
 */
// The members are named constants, not distinct cases: several share a value (16, 4, 2).
/* eslint-disable @typescript-eslint/no-duplicate-enum-values */
const enum Malloc {
  SIZE_SZ = 8,
  MALLOC_ALIGNMENT = 16,
  MALLOC_ALIGN_MASK = 15,
  /** Smallest chunk: size word, prev_size and two links. */
  MINSIZE = 32,
  CHUNK_HDR_SZ = 16,
  PREV_INUSE = 1,
  IS_MMAPPED = 2,
  /** The chunk belongs to an arena other than the main one (its heap_info says which). */
  NON_MAIN_ARENA = 4,
  /**
   * HEAP_MAX_SIZE on x86-64 (2 × DEFAULT_MMAP_THRESHOLD_MAX): a secondary arena's heaps are aligned
   * to it, so glibc finds a chunk's heap_info (whose first word is its arena) by rounding down.
   */
  HEAP_MAX_SIZE = 64 * 1024 * 1024,
  NBINS = 128,
  MIN_LARGE_SIZE = 1024,
  NFASTBINS = 10,
  BINMAPSIZE = 4,
  TCACHE_MAX_BINS = 64,
  /** A free of a chunk this large (after coalescing) consolidates the fast bins and may trim. */
  FASTBIN_CONSOLIDATION_THRESHOLD = 65536,
  /** sizeof(tcache_perthread_struct): 64 uint16 counts + 64 entry pointers. */
  TCACHE_STRUCT_BYTES = 2 * TCACHE_MAX_BINS + 8 * TCACHE_MAX_BINS,
  /** When sbrk fails, glibc maps at least this much as a substitute heap. */
  MMAP_AS_MORECORE_SIZE = 1024 * 1024,
  MAX_ITERS = 10000,
  TWO_30 = 0x40000000,
  TWO_32 = 0x100000000,
  /** A word's high half from which the word is 2^53 or more (no longer exact as a double). */
  TWO_21 = 0x200000,
  TWO_53 = 9007199254740992,
  /** PagedMemory's storage page (PAGE_WORDS_BYTES), in which HeapWords finds a word. */
  PAGE_BYTES = 512,
  TWO_64 = 18446744073709551616,
  /** malloc's tcache fast path takes requests up to this (larger ones are beyond any tcache bin). */
  TCACHE_FAST_REQUEST = 0x7fffffff,
  /** The largest M_MXFAST mallopt accepts: 80 * sizeof(size_t) / 4. */
  MAX_FAST_SIZE = 160,

  /** Where `main_arena` sits in libc.so.6 on the reference machine with ASLR off. */
  MAIN_ARENA_ADDRESS = 0x7ffff7fa7c60,
  /** Word offsets inside the arena: fastbinsY[10] at 16, top at 96, last_remainder 104, bins at 112. */
  FASTBINS_WORD = 2,
  TOP_WORD = 12,
  LAST_REMAINDER_WORD = 13,
  BINS_WORD = 14,
  ARENA_WORDS = BINS_WORD + NBINS * 2 - 2,
  ARENA_BYTES = ARENA_WORDS * 8,
  /**
   * glibc picks tcache_key at random once per process (tcache_key_initialize); a fixed value keeps
   * runs reproducible. A free chunk's second word holds it while the chunk sits in the tcache.
   */
  TCACHE_KEY = 0x1c0ffee5ca1ab1e,
  /**
   * The halves writePointer stores for TCACHE_KEY: as a double the key is 0x1c0ffee5ca1ab20
   * (above 2^53 it rounds to a multiple of 32), so the words hold that.
   */
  TCACHE_KEY_HIGH = 0x1c0ffee,
  TCACHE_KEY_LOW = 0x5ca1ab20
}
/* eslint-enable @typescript-eslint/no-duplicate-enum-values */

/** Where `main_arena` sits in libc.so.6 on the reference machine with ASLR off (see Malloc). */
export const MAIN_ARENA_ADDRESS: number = Malloc.MAIN_ARENA_ADDRESS
/** glibc's tcache_key (a fixed value here; see Malloc.TCACHE_KEY). */
export const TCACHE_KEY: number = Malloc.TCACHE_KEY

/** request2size: user bytes to chunk size. */
export function request2size(request: number): number {
  return request + Malloc.SIZE_SZ + Malloc.MALLOC_ALIGN_MASK < Malloc.MINSIZE
    ? Malloc.MINSIZE
    : Math.floor((request + Malloc.SIZE_SZ + Malloc.MALLOC_ALIGN_MASK) / Malloc.MALLOC_ALIGNMENT) *
        Malloc.MALLOC_ALIGNMENT
}

/**
 * request2size of a whole request below 2^30, in integer operations (no division): the fast
 * paths' requests.
 */
function smallRequest2size(request: number): number {
  const nb = (request + Malloc.SIZE_SZ + Malloc.MALLOC_ALIGN_MASK) & ~Malloc.MALLOC_ALIGN_MASK
  return nb < Malloc.MINSIZE ? Malloc.MINSIZE : nb
}

/** Index of the tcache bin for a chunk size. */
function csize2tidx(size: number): number {
  return Math.floor((size - Malloc.MINSIZE + Malloc.MALLOC_ALIGNMENT - 1) / Malloc.MALLOC_ALIGNMENT)
}

function fastbinIndex(size: number): number {
  return Math.floor(size / 16) - 2
}

function inSmallbinRange(size: number): boolean {
  return size < Malloc.MIN_LARGE_SIZE
}

function smallbinIndex(size: number): number {
  return Math.floor(size / 16)
}

/** largebin_index_64: 32 bins 64 bytes apart, 16 of 512, 8 of 4096, 4 of 32768, 2 of 262144, 1. */
function largebinIndex(size: number): number {
  const by64 = Math.floor(size / 64)
  if (by64 <= 48) return 48 + by64
  const by512 = Math.floor(size / 512)
  if (by512 <= 20) return 91 + by512
  const by4096 = Math.floor(size / 4096)
  if (by4096 <= 10) return 110 + by4096
  const by32k = Math.floor(size / 32768)
  if (by32k <= 4) return 119 + by32k
  const by256k = Math.floor(size / 262144)
  if (by256k <= 2) return 124 + by256k
  return 126
}

function binIndex(size: number): number {
  return inSmallbinRange(size) ? smallbinIndex(size) : largebinIndex(size)
}

function isPowerOfTwo(x: number): boolean {
  return x > 0 && Number.isInteger(Math.log2(x))
}

/**
 * A chunk's history as its view says it: none (glibc's chunks keep only what is in memory; the
 * heap checker adds where a block came from), free or in use.
 */
const FREE_CHUNK: BlockHistory = {
  free: true,
  allocStep: -1,
  allocLine: -1,
  freeStep: -1,
  freeLine: -1
}
const USED_CHUNK: BlockHistory = { ...FREE_CHUNK, free: false }

/** errno values posix_memalign returns. */
const EINVAL = 22
const ENOMEM = 12

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment
}

/**
 * 64-bit XOR of two non-negative integers (JavaScript's `^` is 32-bit: it takes each operand
 * modulo 2^32, which is exactly the low halves).
 */
function xor64(a: number, b: number): number {
  const low = (a ^ b) >>> 0
  const high = (Math.floor(a / Malloc.TWO_32) ^ Math.floor(b / Malloc.TWO_32)) >>> 0
  return high * Malloc.TWO_32 + low
}

// ---- the heap's words in place (HeapWords), for the fast paths --------------------------------

/**
 * The index in `h.words` of the first 32-bit word of the storage page holding the heap word at
 * offset `at` from `h.first`, when that page is current (written since the last snapshot, no
 * watch set: see HeapWords); -1 otherwise, and then only the memory's own methods may touch it.
 */
function currentPage(h: HeapWords, at: number): number {
  const k = (at >> 9) << 1
  const meta = h.meta
  // (at below 2^30, so that the shift is exact: the table covers 1 GiB of heap at most.)
  return at >= 0 && at < Malloc.TWO_30 && k < meta.length && meta[k] === h.gen
    ? (meta[k + 1] as number)
    : -1
}

/** The index in HeapWords.words of the low half of the aligned word at `at`, in `page`. */
function wordIn(page: number, at: number): number {
  return page + ((at & (Malloc.PAGE_BYTES - 1)) >> 2)
}

/** The index in HeapWords.bytes of the initialized-bitmap byte of the word at `at`, in `page`. */
function initByteOf(page: number, at: number): number {
  return page * 4 + Malloc.PAGE_BYTES + ((at & (Malloc.PAGE_BYTES - 1)) >> 3)
}

/** The word whose low half is `words[i]`, as readPointer reads it. */
function loadWord(words: Uint32Array, i: number): number {
  return (words[i] as number) + (words[i + 1] as number) * Malloc.TWO_32
}

/** Store `value` (below 2^53) as the word at `at` in `page`, as writePointer stores it. */
function storeWord(h: HeapWords, page: number, at: number, value: number): void {
  const i = wordIn(page, at)
  const high = Math.floor(value / Malloc.TWO_32)
  h.words[i] = value - high * Malloc.TWO_32
  h.words[i + 1] = high
  h.bytes[initByteOf(page, at)] = 0xff
}

/**
 * The index in the arena array (GlibcState.arena) of main_arena's word at `address`, or -1
 * when `address` is not an aligned word of main_arena (see wordElsewhere).
 */
function arenaWordIndex(address: number): number {
  const offset = address - Malloc.MAIN_ARENA_ADDRESS
  return offset >= 0 && offset < Malloc.ARENA_BYTES && (offset & 7) === 0 ? offset >> 3 : -1
}

/** -x as a 64-bit unsigned value (glibc's `(uintptr_t) -size`). */
function negate64(x: number): number {
  return x === 0 ? 0 : Malloc.TWO_64 - x
}

/** Safe-linking: PROTECT_PTR(pos, ptr) = (pos >> 12) ^ ptr. REVEAL_PTR is the same operation. */
function protectPointer(position: number, pointer: number): number {
  return xor64(Math.floor(position / 4096), pointer)
}

/**
 * The length of a word at `address` for an access check: 8 bytes, or, far beyond 2^53 (where
 * glibc goes when text overwrote a size word and it adds that "size" to a chunk's address), a
 * span wide enough that address + span is still a different double, so the check sees a range.
 */
function wordSpan(address: number): number {
  return address + Malloc.SIZE_SZ > address
    ? Malloc.SIZE_SZ
    : 2 ** (Math.floor(Math.log2(address)) - 50)
}

/** A heap starting below 4 GiB is not a Linux x86-64 process: it is the classroom profile. */
const SMALL_SPACE_LIMIT = 0x100000000

/**
 * glibc's defaults scaled to a 64 KiB teaching address space, where a 128 KiB top pad could never
 * be granted and every malloc would fail: the break grows by one spare page, requests of 8 KiB
 * and more are mmapped, and more than two free pages at the top are trimmed. Tunables still
 * override these.
 */
function smallSpaceDefaults(pageSize: number): GlibcTunables {
  return {
    ...DEFAULT_TUNABLES,
    topPad: pageSize,
    mmapThreshold: 2 * pageSize,
    trimThreshold: 2 * pageSize
  }
}

/** The allocator's own state (memory holds the rest), as `snapshot()` copies it. */
interface GlibcState {
  arena: Float64Array
  binmap: Uint32Array
  haveFastchunks: boolean
  systemMem: number
  maxSystemMem: number
  contiguous: boolean
  tunables: GlibcTunables
  tcacheBins: number
  maxFast: number
  sbrkBase: number
  nMmaps: number
  mmappedMem: number
  tcache: number
  initialized: boolean
  mmapped: Map<number, number>
  requested: ChunkRequests
  /** Free chunks in any bin or the tcache (not the top), for stats(). */
  freeCount: number
  freeChunkBytes: number
  /** Totals over the blocks handed out (heap and mmapped), as blocks() would sum them (`Used`). */
  used: Float64Array
  regions: number[]
}

/**
 * What GlibcState.used holds at every call: the bytes of the blocks handed out and how many
 * there are. With the bytes the program asked for in them (`counters`), that is every total
 * stats() gives: a block's header is SIZE_SZ, its padding what is left (see countUsed).
 */
const enum Used {
  allocatedBytes = 0,
  liveBlocks = 1,
  length = 2
}

/** The allocator's state as a snapshot keeps it (requested sizes frozen copy-on-write). */
type GlibcSnapshot = Omit<GlibcState, 'requested'> & {
  requested: ChunkRequestsSnapshot
  requestedBytes: number
}

/** Totals over the blocks (the core's AllocatorStats shape). */
export interface GlibcStats {
  allocatedBytes: number
  headerBytes: number
  paddingBytes: number
  freeBytes: number
  freeBlocks: number
  largestFreeBlock: number
  liveBlocks: number
}

/**
 * The totals stats() hands out: plain fields updated in place, and the largest free block
 * worked out only when someone reads it (the machine reads the other fields after every
 * operation, the largest free block only for the metrics). A class, so that its fields stay
 * fast to write (an object literal with a getter is a slow dictionary in V8).
 */
export class LiveStats implements GlibcStats {
  allocatedBytes = 0
  headerBytes = 0
  paddingBytes = 0
  freeBytes = 0
  freeBlocks = 0
  liveBlocks = 0
  declare private readonly largest: () => number

  constructor(largest: () => number) {
    this.largest = largest
  }

  get largestFreeBlock(): number {
    return this.largest()
  }

  /** A plain object with every figure (JSON.stringify uses it too). */
  toJSON(): GlibcStats {
    return {
      allocatedBytes: this.allocatedBytes,
      headerBytes: this.headerBytes,
      paddingBytes: this.paddingBytes,
      freeBytes: this.freeBytes,
      freeBlocks: this.freeBlocks,
      largestFreeBlock: this.largestFreeBlock,
      liveBlocks: this.liveBlocks
    }
  }
}

/** Options of the glibc allocator. */
export interface GlibcOptions {
  /** A GLIBC_TUNABLES string or already-parsed tunables. */
  tunables?: string | Partial<GlibcTunables>
}

/** A free chunk's list, for labelling blocks. */
type BinLabel = NonNullable<BlockInfo['bin']>

/**
 * The glibc 2.36 allocator. Misuse aborts through `host.abort` with glibc's message, as the
 * real library calls malloc_printerr and abort().
 */
export class GlibcAllocator implements Allocator {
  // The fields the constructor sets are declared (`declare`): with useDefineForClassFields each
  // would first be defined as undefined, and V8 would then keep heapLow and heapHighWord, read
  // at every word access, as boxed numbers.
  readonly name = 'glibc'
  /** glibc detects misuse itself (and aborts); the machine forwards frees unchecked. */
  readonly nativeMisuse = true
  declare private readonly host: HeapHost
  declare private readonly mem: Memory
  /** The heap's words for word/setWord without a call (see HeapWords); empty on other memories. */
  declare private readonly heapWords: HeapWords
  declare private readonly s: GlibcState
  /** What stats() returns (see there). */
  declare private readonly statsView: LiveStats
  /**
   * Running totals the machine reads after every malloc, calloc and realloc without a call
   * (`AllocatorCounter.requestedBytes`: what the program asked for in the blocks it holds).
   */
  readonly counters = new Float64Array(AllocatorCounter.length)
  /**
   * The chunk (user pointer) whose size word _int_malloc stored last before handing it out,
   * and that word (`handedOut`); malloc clears it before calling _int_malloc, so a chunk taken
   * from a bin as it is (size word not stored) is read back as before.
   */
  private handedMem = 0
  private handedHead = 0
  /**
   * The chunk (user pointer) freeFast left to the general path last, its size word and its
   * tcache bin's count (-1: not read), which free then takes instead of reading them again;
   * free clears it before calling freeFast.
   */
  private freedMem = 0
  private freedHead = 0
  private freedTcacheCount = -1
  /**
   * _int_malloc's tcache_unsorted_count: unsorted chunks binned since the call began (across a
   * consolidation and another scan, as glibc counts it), for tcache_unsorted_limit.
   */
  private tcacheUnsortedCount = 0
  /** The brk heap's first word and last whole word (see refreshBreak). */
  declare private readonly heapLow: number
  declare private heapHighWord: number

  constructor(host: HeapHost, options: GlibcOptions = {}) {
    this.host = host
    this.mem = host.memory
    this.heapWords = host.memory instanceof PagedMemory ? host.memory.heapWords() : new HeapWords()
    this.heapLow = host.heapStart
    this.heapHighWord = host.programBreak() - Malloc.SIZE_SZ
    const defaults =
      host.heapStart < SMALL_SPACE_LIMIT ? smallSpaceDefaults(host.pageSize) : DEFAULT_TUNABLES
    const tunables =
      typeof options.tunables === 'string'
        ? parseTunables(options.tunables, defaults)
        : { ...defaults, ...(options.tunables ?? {}) }
    this.s = {
      arena: new Float64Array(Malloc.ARENA_WORDS),
      binmap: new Uint32Array(Malloc.BINMAPSIZE),
      haveFastchunks: false,
      systemMem: 0,
      maxSystemMem: 0,
      contiguous: true,
      tunables,
      tcacheBins: csize2tidx(request2size(tunables.tcacheMax)) + 1,
      maxFast:
        tunables.mxfast === 0
          ? Malloc.MINSIZE / 2
          : Math.floor((tunables.mxfast + Malloc.SIZE_SZ) / Malloc.MALLOC_ALIGNMENT) *
            Malloc.MALLOC_ALIGNMENT,
      sbrkBase: 0,
      nMmaps: 0,
      mmappedMem: 0,
      tcache: 0,
      initialized: false,
      mmapped: new Map(),
      requested: new ChunkRequests(host.heapStart),
      freeCount: 0,
      freeChunkBytes: 0,
      used: new Float64Array(Used.length),
      regions: []
    }
    // malloc_init_state: every bin is an empty circular list pointing at itself; the top is
    // the unsorted bin's header, whose "size" (last_remainder) is 0, so the first malloc
    // goes straight to sysmalloc.
    for (let i = 1; i < Malloc.NBINS; i++) {
      const bin = this.binAt(i)
      this.setFd(bin, bin)
      this.setBk(bin, bin)
    }
    this.s.arena[Malloc.TOP_WORD] = this.binAt(1)
    this.statsView = new LiveStats(() => this.largestFreeBlock())
  }

  /** The parameters in force (mmap threshold and trim threshold move with the dynamic threshold). */
  get tunables(): Readonly<GlibcTunables> {
    return this.s.tunables
  }

  // ---- words in memory (or in the arena) -----------------------------------------------------

  /**
   * The word at `address`. Inside the brk heap (the common case, kept small so that it inlines)
   * straight from memory; elsewhere see wordElsewhere.
   */
  private word(address: number): number {
    if (address >= this.heapLow && address <= this.heapHighWord) {
      // A page of the heap written since the last snapshot: straight from the arena (see
      // HeapWords); any other through the memory's readPointer.
      const h = this.heapWords
      const offset = address - h.first
      const k = (offset >> 9) << 1
      const meta = h.meta
      // (offset below 2^30, so that the shift is exact: the table covers 1 GiB of heap at most.)
      if (offset < Malloc.TWO_30 && k < meta.length && meta[k] === h.gen && (offset & 7) === 0) {
        const i = (meta[k + 1] as number) + ((offset & 511) >> 2)
        return (h.words[i] as number) + (h.words[i + 1] as number) * Malloc.TWO_32
      }
      return this.mem.readPointer(address)
    }
    return this.wordElsewhere(address)
  }

  /** A word in the arena (main_arena's bins), or outside the brk heap where it may be unmapped. */
  private wordElsewhere(address: number): number {
    const offset = address - Malloc.MAIN_ARENA_ADDRESS
    if (offset >= 0 && offset < Malloc.ARENA_BYTES) {
      return (offset & 7) === 0 ? (this.s.arena[offset >> 3] as number) : 0
    }
    this.mustBeMapped(address, 'read')
    return this.mem.readPointer(address)
  }

  /**
   * Where the brk heap ends, taken again from the host at each call into the allocator (the
   * program may have moved the break with sbrk in between) and after each sbrk of its own:
   * words in [heapLow, heapHighWord] need no mapping check.
   */
  private refreshBreak(): void {
    this.heapHighWord = this.host.programBreak() - Malloc.SIZE_SZ
  }

  /**
   * A word outside the brk heap (an mmapped chunk, or wherever a corrupted size or link points)
   * may not be mapped: the real library's load or store faults there and the process dies of
   * SIGSEGV with nothing on stderr.
   */
  private mustBeMapped(address: number, access: 'read' | 'write'): void {
    const fault = this.mem.check(address, wordSpan(address), access)
    if (fault !== null) {
      throw new ProcessFault(
        `The C library's allocator ${access === 'read' ? 'read' : 'wrote'} the word at 0x${address.toString(16)}, which is not mapped, following a size or link it took from the heap (one the program overwrote, or a pointer malloc never returned): segmentation fault`,
        fault,
        { key: 'fault.allocatorWord', params: { address: `0x${address.toString(16)}` } }
      )
    }
  }

  /**
   * Store a word. Values of 2^53 and more (the tcache key, a corrupted word read back) are whole
   * numbers a double holds exactly, which writePointer splits into halves exactly.
   */
  private setWord(address: number, value: number): void {
    if (address >= this.heapLow && address <= this.heapHighWord) {
      const h = this.heapWords
      const offset = address - h.first
      const k = (offset >> 9) << 1
      const meta = h.meta
      if (
        offset < Malloc.TWO_30 &&
        k < meta.length &&
        meta[k] === h.gen &&
        (offset & 7) === 0 &&
        value < Malloc.TWO_53
      ) {
        // As writePointer stores it: the two halves and the word's initialized bitmap byte.
        // HeapWords.store does the same; calling it here measured 3-5 % slower on binary2 and
        // amptjp (glibc-ab, both orders, session 13), so this hot path keeps its own copy.
        const base = meta[k + 1] as number
        const i = base + ((offset & 511) >> 2)
        const high = Math.floor(value / Malloc.TWO_32)
        h.words[i] = value - high * Malloc.TWO_32
        h.words[i + 1] = high
        h.bytes[base * 4 + Malloc.PAGE_BYTES + ((offset & 511) >> 3)] = 0xff
        return
      }
      this.mem.writePointer(address, value)
    } else this.setWordElsewhere(address, value)
  }

  private setWordElsewhere(address: number, value: number): void {
    const offset = address - Malloc.MAIN_ARENA_ADDRESS
    if (offset >= 0 && offset < Malloc.ARENA_BYTES) {
      if ((offset & 7) === 0) this.s.arena[offset >> 3] = value
      return
    }
    this.mustBeMapped(address, 'write')
    this.mem.writePointer(address, value)
  }

  /**
   * The size word of the chunk whose user pointer is `mem`: the first thing glibc's free,
   * realloc and malloc_usable_size (`fn`) read. Outside the brk heap that word may not be mapped
   * (an mmapped chunk an earlier free gave back with munmap, a wild pointer): the real library's
   * read faults there and the process dies of SIGSEGV, so this one stops it the same way.
   */
  private headOf(mem: number, fn: string): number {
    const address = mem - Malloc.SIZE_SZ
    const offset = address - Malloc.MAIN_ARENA_ADDRESS
    const inArena = offset >= 0 && offset < Malloc.ARENA_BYTES
    if (!inArena && (address < this.heapLow || address > this.heapHighWord)) {
      const fault = this.mem.check(address, wordSpan(address), 'read')
      if (fault !== null) {
        throw new ProcessFault(
          `${fn}() read the size word in front of the pointer, at 0x${address.toString(16)}, which is not mapped (the pointer was not returned by malloc, or its block was already given back to the kernel): segmentation fault`,
          fault,
          { key: 'fault.allocatorSizeWord', params: { fn, address: `0x${address.toString(16)}` } }
        )
      }
    }
    return this.word(address)
  }

  /**
   * arena_for_chunk: the main arena, unless the chunk's NON_MAIN_ARENA bit is set; then glibc
   * reads the arena pointer from the heap_info at the chunk's address rounded down to 64 MiB
   * (heap_for_ptr). With one arena that bit is only ever set by a corrupted size word, and the
   * rounded address is normally not mapped (0x555554000000 below a linux-x86_64 heap): the real
   * process dies of SIGSEGV there, before any of _int_free's checks. `fn` is the C function.
   * glibc evaluates it in free and realloc before their checks, and in malloc, calloc, realloc
   * and memalign on the chunk _int_malloc handed back (an assertion that is compiled in).
   */
  private arenaForChunk(p: number, headBits: number, fn: string): void {
    if ((headBits & Malloc.NON_MAIN_ARENA) === 0) return
    const heapInfo = p - (p % Malloc.HEAP_MAX_SIZE)
    const fault = this.mem.check(heapInfo, Malloc.SIZE_SZ, 'read')
    if (fault !== null) {
      throw new ProcessFault(
        `${fn}() found the NON_MAIN_ARENA bit (0x4) set in the size word of the chunk at 0x${p.toString(16)} and read its arena from 0x${heapInfo.toString(16)} (the chunk's address rounded down to 64 MiB), which is not mapped: segmentation fault`,
        fault,
        {
          key: 'fault.allocatorArena',
          params: { fn, chunk: `0x${p.toString(16)}`, address: `0x${heapInfo.toString(16)}` }
        }
      )
    }
    // Mapped (a heap beyond 64 MiB): the word there is program data, not an arena. The real
    // process would go on with that garbage as its arena; there is only one arena here, so the
    // run stops where the real one would most likely fault, on the first use of it.
    const arena = this.word(heapInfo)
    if (arena !== Malloc.MAIN_ARENA_ADDRESS) {
      const explanation = `The C library took 0x${arena.toString(16)} for an arena's address.`
      throw new ProcessFault(
        `${fn}() found the NON_MAIN_ARENA bit (0x4) set in the size word of the chunk at 0x${p.toString(16)} and took 0x${arena.toString(16)}, read from 0x${heapInfo.toString(16)}, for its arena: segmentation fault`,
        this.mem.check(arena, Malloc.SIZE_SZ, 'read') ?? {
          signal: 'SIGSEGV',
          code: 'SEGV_MAPERR',
          address: arena,
          access: 'read',
          explanation
        }
      )
    }
  }

  /**
   * The assertion after _int_malloc: a chunk handed out must belong to the main arena. Returns
   * the chunk's size word (0 for NULL), which the caller's bookkeeping needs too.
   */
  private checkHandedOut(mem: number, fn: string): number {
    if (mem === 0) return 0
    const head = this.word(mem - Malloc.SIZE_SZ)
    const bits = this.lowBits(mem - Malloc.SIZE_SZ, head)
    if ((bits & (Malloc.IS_MMAPPED | Malloc.NON_MAIN_ARENA)) === Malloc.NON_MAIN_ARENA)
      this.arenaForChunk(mem - 16, bits, fn)
    return head
  }

  private binAt(i: number): number {
    return Malloc.MAIN_ARENA_ADDRESS + (Malloc.BINS_WORD + (i - 1) * 2) * 8 - 16
  }

  private fastbinAddress(index: number): number {
    return Malloc.MAIN_ARENA_ADDRESS + (Malloc.FASTBINS_WORD + index) * 8
  }

  // The words of main_arena that glibc reads and writes by name (a bin header's fd and bk, a
  // fast bin's head) are in the arena array, never in memory: read there directly, they cost
  // no call through word/wordElsewhere. fd(binAt(i)) is binFirst(i), bk(binAt(i)) binLast(i).

  /** The first chunk of bin `i` (its header's fd; the header itself when the bin is empty). */
  private binFirst(i: number): number {
    return this.s.arena[Malloc.BINS_WORD + 2 * i - 2] as number
  }
  /** The last chunk of bin `i` (its header's bk). */
  private binLast(i: number): number {
    return this.s.arena[Malloc.BINS_WORD + 2 * i - 1] as number
  }
  private setBinFirst(i: number, chunk: number): void {
    this.s.arena[Malloc.BINS_WORD + 2 * i - 2] = chunk
  }
  private setBinLast(i: number, chunk: number): void {
    this.s.arena[Malloc.BINS_WORD + 2 * i - 1] = chunk
  }
  // A chunk's neighbour in bin `i` may be the bin's header, whose fd and bk are those arena
  // words: where the code knows the bin, these read and store them there without the call
  // through word/wordElsewhere (the same words either way).

  /** fd of `chunk`, a chunk of bin `i` or its header. */
  private fdIn(i: number, chunk: number): number {
    return chunk === this.binAt(i) ? this.binFirst(i) : this.fd(chunk)
  }
  /** bk of `chunk`, a chunk of bin `i` or its header. */
  private bkIn(i: number, chunk: number): number {
    return chunk === this.binAt(i) ? this.binLast(i) : this.bk(chunk)
  }
  private setFdIn(i: number, chunk: number, value: number): void {
    if (chunk === this.binAt(i)) this.setBinFirst(i, value)
    else this.setFd(chunk, value)
  }
  private setBkIn(i: number, chunk: number, value: number): void {
    if (chunk === this.binAt(i)) this.setBinLast(i, value)
    else this.setBk(chunk, value)
  }

  /** The head of fast bin `index` (the chunk, not its user pointer; 0 when empty). */
  private fastbinHead(index: number): number {
    return this.s.arena[Malloc.FASTBINS_WORD + index] as number
  }
  private setFastbinHead(index: number, chunk: number): void {
    this.s.arena[Malloc.FASTBINS_WORD + index] = chunk
  }

  private get top(): number {
    return this.s.arena[Malloc.TOP_WORD] ?? 0
  }

  private set top(chunk: number) {
    this.s.arena[Malloc.TOP_WORD] = chunk
  }

  private get lastRemainder(): number {
    return this.s.arena[Malloc.LAST_REMAINDER_WORD] ?? 0
  }

  private set lastRemainder(chunk: number) {
    this.s.arena[Malloc.LAST_REMAINDER_WORD] = chunk
  }

  private sizeNomask(p: number): number {
    return this.word(p + 8)
  }

  private chunksize(p: number): number {
    const v = this.word(p + 8)
    return v - (v & 7)
  }

  /**
   * The low 32 bits of `value`, the word at `address`. A double holds a word exactly only below
   * 2^53; a size word overwritten with text ("01234567" is 0x3736353433323130) is far above, and
   * its flag and alignment bits are then read on their own, as glibc's `&` sees them.
   */
  private lowBits(address: number, value: number): number {
    // `>>> 0` is the value modulo 2^32, exact for any whole number (and, unlike `%` on a
    // double, which V8 turns into a call to fmod, one instruction).
    return value <= Number.MAX_SAFE_INTEGER ? value >>> 0 : this.mem.read32(address)
  }

  private prevInuse(p: number): boolean {
    return (this.lowBits(p + 8, this.word(p + 8)) & Malloc.PREV_INUSE) !== 0
  }

  private isMmapped(p: number): boolean {
    return (this.lowBits(p + 8, this.word(p + 8)) & Malloc.IS_MMAPPED) !== 0
  }

  private setHead(p: number, value: number): void {
    this.setWord(p + 8, value)
  }

  /** set_head_size: change the size, keep the flag bits. */
  private setHeadSize(p: number, size: number): void {
    this.setWord(p + 8, (this.lowBits(p + 8, this.word(p + 8)) & 7) + size)
  }

  private setFoot(p: number, size: number): void {
    this.setWord(p + size, size)
  }

  private prevSize(p: number): number {
    return this.word(p)
  }

  private inuseBitAtOffset(p: number, offset: number): boolean {
    const address = p + offset + 8
    return (this.lowBits(address, this.word(address)) & Malloc.PREV_INUSE) !== 0
  }

  private setInuseBitAtOffset(p: number, offset: number): void {
    const address = p + offset + 8
    const v = this.word(address)
    if (v > Number.MAX_SAFE_INTEGER) {
      this.mem.write32(address, (this.mem.read32(address) | Malloc.PREV_INUSE) >>> 0)
    } else if ((v & Malloc.PREV_INUSE) === 0) this.setWord(address, v + 1)
  }

  /**
   * clear_inuse_bit_at_offset: clear PREV_INUSE in the size word at `address`; `head`: that word, when the caller has just
   * read it and stored nothing since (else -1: it is read here).
   */
  private clearInuseBit(address: number, head: number): void {
    const v = head < 0 ? this.word(address) : head
    if (v > Number.MAX_SAFE_INTEGER) {
      this.mem.write32(address, (this.mem.read32(address) & ~Malloc.PREV_INUSE) >>> 0)
    } else if ((v & Malloc.PREV_INUSE) !== 0) this.setWord(address, v - 1)
  }

  private fd(p: number): number {
    return this.word(p + 16)
  }
  private bk(p: number): number {
    return this.word(p + 24)
  }
  private fdNextsize(p: number): number {
    return this.word(p + 32)
  }
  private bkNextsize(p: number): number {
    return this.word(p + 40)
  }
  private setFd(p: number, v: number): void {
    this.setWord(p + 16, v)
  }
  private setBk(p: number, v: number): void {
    this.setWord(p + 24, v)
  }
  private setFdNextsize(p: number, v: number): void {
    this.setWord(p + 32, v)
  }
  private setBkNextsize(p: number, v: number): void {
    this.setWord(p + 40, v)
  }

  private markBin(i: number): void {
    this.s.binmap[i >> 5] = ((this.s.binmap[i >> 5] ?? 0) | (1 << (i & 31))) >>> 0
  }

  /** More chunks than the heap could hold: a list corrupted into a cycle. */
  private listLimit(): number {
    return this.s.systemMem / Malloc.MINSIZE + 2
  }

  /**
   * A corrupted list that loops forever: the real process would hang (or crash) inside malloc;
   * the simulator stops it instead, as if glibc had noticed.
   */
  private neverEnding(list: string): never {
    return this.abort(`malloc(): corrupted ${list}: its links go round in a circle`)
  }

  private abort(message: string): never {
    return this.host.abort(message)
  }

  /**
   * _int_malloc's assert that a large-bin chunk's size word (`head`, which the caller has just
   * read and compares next) has NON_MAIN_ARENA clear.
   */
  private assertMainArena(chunk: number, head: number, expression: string): void {
    if ((this.lowBits(chunk + Malloc.SIZE_SZ, head) & Malloc.NON_MAIN_ARENA) !== 0)
      this.assertionFailed('_int_malloc', expression)
  }

  /** A failed assert() of malloc.c (Debian builds glibc with them): __malloc_assert's message. */
  private assertionFailed(fn: string, expression: string): never {
    return this.abort(`Fatal glibc error: malloc assertion failure in ${fn}: ${expression}`)
  }

  // ---- tcache -------------------------------------------------------------------------------

  private tcacheCount(index: number): number {
    return this.mem.read16(this.s.tcache + 2 * index)
  }

  private setTcacheCount(index: number, count: number): void {
    this.mem.write16(this.s.tcache + 2 * index, count)
  }

  private tcacheEntryAddress(index: number): number {
    return this.s.tcache + 2 * Malloc.TCACHE_MAX_BINS + 8 * index
  }

  /**
   * `newlyFree`: the chunk comes from the program (not from another free list); `count`: the
   * bin's count, when the caller has just read it.
   */
  private tcachePut(
    chunk: number,
    index: number,
    newlyFree: boolean,
    count = this.tcacheCount(index)
  ): void {
    // Every chunk of a tcache bin has the same size, which the index says.
    if (newlyFree) this.addFree(index * Malloc.MALLOC_ALIGNMENT + Malloc.MINSIZE)
    const entry = chunk + 16
    const head = this.tcacheEntryAddress(index)
    this.setWord(entry + 8, Malloc.TCACHE_KEY)
    this.setWord(entry, protectPointer(entry, this.word(head)))
    this.setWord(head, entry)
    this.setTcacheCount(index, count + 1)
  }

  private tcacheGet(index: number, count = this.tcacheCount(index)): number {
    const head = this.tcacheEntryAddress(index)
    const entry = this.word(head)
    if ((entry & Malloc.MALLOC_ALIGN_MASK) !== 0)
      this.abort('malloc(): unaligned tcache chunk detected')
    this.setWord(head, protectPointer(entry, this.word(entry)))
    this.setTcacheCount(index, count - 1)
    this.setWord(entry + 8, 0)
    this.removeFree(index * Malloc.MALLOC_ALIGNMENT + Malloc.MINSIZE)
    return entry
  }

  /** The usable tcache for chunk size `size`, or -1. */
  private tcacheIndexFor(size: number): number {
    const index = csize2tidx(size)
    return this.s.tcache !== 0 && index < this.s.tcacheBins ? index : -1
  }

  /** MAYBE_INIT_TCACHE: the first malloc/free/calloc/realloc carves the tcache's own chunk. */
  private maybeInitTcache(): void {
    if (this.s.initialized) return
    this.s.initialized = true
    const victim = this.intMalloc(request2size(Malloc.TCACHE_STRUCT_BYTES))
    if (victim !== 0) {
      this.mem.fill(victim, Malloc.TCACHE_STRUCT_BYTES, 0)
      this.s.tcache = victim
    }
  }

  // ---- fast paths ----------------------------------------------------------------------------
  // The three commonest operations of a program that reuses blocks, written straight through
  // over memory words instead of through the accessors: a malloc served by the tcache, a free
  // into the tcache, a realloc that stays in place. Each first checks everything the general
  // path would check or branch on, and does nothing (returns 0 / false) unless all is ordinary:
  // every word it touches lies inside the brk heap (so no access can fault), no size word is
  // beyond 2^53, no check of glibc's fails. Then the general path runs instead, from the start,
  // so a corrupted heap still gets glibc's exact behaviour. Where they act, they make the same
  // stores in the same order, and the same bookkeeping, as the general path. Each is written
  // twice: by the memory's calls (`...ByCalls`, the reference) and over the heap's words in place
  // (tcacheFastGet, freeFast, reallocInPlace: no call per word), which leaves the call to the
  // first wherever a word it needs is not on a current page of the heap table.

  /** malloc(size) from a non-empty tcache bin, or 0. `size` is a whole request ≤ TCACHE_FAST_REQUEST. */
  private tcacheFastGetByCalls(size: number): number {
    const s = this.s
    const tcache = s.tcache
    const nb = request2size(size)
    const index = (nb - Malloc.MINSIZE) >> 4
    if (tcache === 0 || index >= s.tcacheBins || (size | 0) !== size) return 0
    const mem = this.mem
    const low = this.heapLow
    const high = this.heapHighWord
    if (tcache < low || tcache + Malloc.TCACHE_STRUCT_BYTES > high) return 0
    const countAddress = tcache + 2 * index
    const count = mem.read16(countAddress)
    if (count === 0) return 0
    const headAddress = tcache + 2 * Malloc.TCACHE_MAX_BINS + 8 * index
    const entry = mem.readPointer(headAddress)
    // Unaligned (glibc aborts) or anywhere but the heap: the general path.
    if (
      (entry & Malloc.MALLOC_ALIGN_MASK) !== 0 ||
      entry - Malloc.SIZE_SZ < low ||
      entry + Malloc.SIZE_SZ > high
    ) {
      return 0
    }
    mem.writePointer(headAddress, protectPointer(entry, mem.readPointer(entry)))
    mem.write16(countAddress, count - 1)
    mem.writePointer(entry + Malloc.SIZE_SZ, 0)
    s.freeCount--
    s.freeChunkBytes -= index * Malloc.MALLOC_ALIGNMENT + Malloc.MINSIZE
    const head = mem.readPointer(entry - Malloc.SIZE_SZ)
    s.requested.set(entry, size)
    this.countUsed(head, size, 1)
    if (s.tunables.perturb !== 0) this.mem.fill(entry, size, s.tunables.perturb ^ 0xff)
    return entry
  }

  /**
   * free(pointer) of a heap chunk into its tcache bin when it has room, else (a full bin, or
   * tcache_count=0) into its fast bin; false when the general path must do it.
   */
  private freeFastByCalls(pointer: number): boolean {
    const s = this.s
    const tcache = s.tcache
    const low = this.heapLow
    const high = this.heapHighWord
    const p = pointer - Malloc.CHUNK_HDR_SZ
    if (
      tcache === 0 ||
      p < low ||
      pointer + Malloc.SIZE_SZ > high ||
      (p & Malloc.MALLOC_ALIGN_MASK) !== 0
    ) {
      return false
    }
    if (tcache < low || tcache + Malloc.TCACHE_STRUCT_BYTES > high) return false
    const mem = this.mem
    const head = mem.readPointer(pointer - Malloc.SIZE_SZ)
    if (head > Number.MAX_SAFE_INTEGER) return false
    const bits = head & Malloc.MALLOC_ALIGN_MASK
    const size = head - (bits & 7)
    // Mmapped or another arena's, too small or misaligned: the general path.
    if ((bits & ~Malloc.PREV_INUSE) !== 0 || size < Malloc.MINSIZE || p > Malloc.TWO_64 - size)
      return false
    if (size - Malloc.MINSIZE < s.tcacheBins * Malloc.MALLOC_ALIGNMENT) {
      const index = (size - Malloc.MINSIZE) >> 4
      const countAddress = tcache + 2 * index
      const count = mem.read16(countAddress)
      const room = count < s.tunables.tcacheCount
      // A full bin and a chunk beyond the fast bins: the general path, with no more reads.
      if (!room && (size > s.maxFast || s.tunables.perturb !== 0)) return false
      // Possibly a double free (the key is there): the general path walks the bin.
      if (mem.readPointer(pointer + Malloc.SIZE_SZ) === Malloc.TCACHE_KEY) return false
      if (room) {
        this.noteReleased(pointer, head)
        s.freeCount++
        s.freeChunkBytes += size
        const headAddress = tcache + 2 * Malloc.TCACHE_MAX_BINS + 8 * index
        mem.writePointer(pointer + Malloc.SIZE_SZ, Malloc.TCACHE_KEY)
        mem.writePointer(pointer, protectPointer(pointer, mem.readPointer(headAddress)))
        mem.writePointer(headAddress, pointer)
        mem.write16(countAddress, count + 1)
        return true
      }
    }
    if (size > s.maxFast || s.tunables.perturb !== 0) return false
    // The fast bin: the next chunk's size must be sane, the bin's first chunk not this one and
    // of this bin's size (glibc checks that last one after linking; here before, so that a
    // failure leaves everything to the general path).
    const next = p + size
    if (next + Malloc.SIZE_SZ > high) return false
    const nextHead = mem.readPointer(next + Malloc.SIZE_SZ)
    if (nextHead <= Malloc.CHUNK_HDR_SZ || nextHead - (nextHead & 7) >= s.systemMem) return false
    const index = fastbinIndex(size)
    const arena = s.arena
    const old = arena[Malloc.FASTBINS_WORD + index] as number
    if (old === p) return false
    if (old !== 0) {
      if (old < low || old + Malloc.SIZE_SZ > high) return false
      const oldHead = mem.readPointer(old + Malloc.SIZE_SZ)
      if (fastbinIndex(oldHead - (oldHead & 7)) !== index) return false
    }
    this.noteReleased(pointer, head)
    s.haveFastchunks = true
    mem.writePointer(pointer, protectPointer(pointer, old))
    arena[Malloc.FASTBINS_WORD + index] = p
    s.freeCount++
    s.freeChunkBytes += size
    return true
  }

  /**
   * realloc(pointer, size) of a heap chunk that grows into the top chunk or keeps its chunk
   * (a shrink by less than MINSIZE, or a size within the same chunk); 0 when the general path
   * must do it. `size` is positive.
   */
  private reallocInPlaceByCalls(pointer: number, size: number): number {
    const s = this.s
    const low = this.heapLow
    const high = this.heapHighWord
    const oldp = pointer - Malloc.CHUNK_HDR_SZ
    if (!s.initialized || oldp < low || pointer + Malloc.SIZE_SZ > high) return 0
    const mem = this.mem
    const oldHead = mem.readPointer(pointer - Malloc.SIZE_SZ)
    if (oldHead > Number.MAX_SAFE_INTEGER || (oldp & Malloc.MALLOC_ALIGN_MASK) !== 0) return 0
    const bits = oldHead & 7
    const oldsize = oldHead - bits
    if (
      (bits & (Malloc.IS_MMAPPED | Malloc.NON_MAIN_ARENA)) !== 0 ||
      oldp > Malloc.TWO_64 - oldsize
    )
      return 0
    if (oldHead <= Malloc.CHUNK_HDR_SZ || oldsize >= s.systemMem) return 0
    const next = oldp + oldsize
    if (next + Malloc.SIZE_SZ > high) return 0
    const nextHead = mem.readPointer(next + Malloc.SIZE_SZ)
    if (nextHead > Number.MAX_SAFE_INTEGER) return 0
    const nextsize = nextHead - (nextHead & 7)
    if (nextHead <= Malloc.CHUNK_HDR_SZ || nextsize >= s.systemMem) return 0
    const nb = request2size(size)
    const top = this.top
    let head: number
    if (oldsize < nb) {
      if (next !== top || oldsize + nextsize < nb + Malloc.MINSIZE) return 0
      // Grow in place into the top chunk.
      head = bits + nb
      mem.writePointer(pointer - Malloc.SIZE_SZ, head)
      this.top = oldp + nb
      mem.writePointer(oldp + nb + Malloc.SIZE_SZ, oldsize + nextsize - nb + Malloc.PREV_INUSE)
    } else {
      if (oldsize - nb >= Malloc.MINSIZE) return 0
      // The chunk stays as it is (set_head_size and set_inuse_bit_at_offset of the same values).
      head = oldHead
      mem.writePointer(pointer - Malloc.SIZE_SZ, oldHead)
      if ((nextHead & Malloc.PREV_INUSE) === 0)
        mem.writePointer(next + Malloc.SIZE_SZ, nextHead + Malloc.PREV_INUSE)
    }
    this.noteKept(pointer, oldHead, head, size)
    return pointer
  }

  /**
   * tcacheFastGetByCalls on the heap's words in place (HeapWords): no call, and the words taken
   * as their two 32-bit halves, safe-linking's XOR done half by half, so that no address but the
   * one returned is built from its halves. The same reads, checks and stores in the same order;
   * where a page is not current (a snapshot froze it, a watch is set, the memory is not paged)
   * or the chunk lies in the tcache's own words, the calls, before anything is stored.
   * -1 (instead of 0) when it found the tcache made and the request's bin empty.
   */
  private tcacheFastGet(size: number): number {
    const s = this.s
    const tcache = s.tcache
    if ((size | 0) !== size || size >= Malloc.TWO_30) return 0
    const index = (smallRequest2size(size) - Malloc.MINSIZE) >> 4
    if (tcache === 0 || index >= s.tcacheBins) return 0
    const low = this.heapLow
    const high = this.heapHighWord
    if (tcache < low || tcache + Malloc.TCACHE_STRUCT_BYTES > high) return 0
    const h = this.heapWords
    const first = h.first
    // Offsets from the table's first page as int32 (a heap within the table's 1 GiB), so that
    // the page lookups and word indexes below are integer operations.
    if (high - first >= Malloc.TWO_30) return this.tcacheFastGetByCalls(size)
    const tcacheAt = (tcache - first) | 0
    const countAt = tcacheAt + 2 * index
    const headAt = tcacheAt + 2 * Malloc.TCACHE_MAX_BINS + 8 * index
    const countPage = currentPage(h, countAt)
    const headPage = currentPage(h, headAt)
    if (countPage < 0 || headPage < 0) return this.tcacheFastGetByCalls(size)
    const words = h.words
    const ci = wordIn(countPage, countAt)
    const shift = (countAt & 2) << 3
    const count = ((words[ci] as number) >>> shift) & 0xffff
    // The bin is empty: malloc goes straight to _int_malloc (see malloc).
    if (count === 0) return -1
    const hi = wordIn(headPage, headAt)
    const entryLow = words[hi] as number
    const entryHigh = words[hi + 1] as number
    const entry = entryHigh * Malloc.TWO_32 + entryLow
    // Unaligned (glibc aborts) or anywhere but the heap: the general path.
    if (
      (entryLow & Malloc.MALLOC_ALIGN_MASK) !== 0 ||
      entry - Malloc.SIZE_SZ < low ||
      entry + Malloc.SIZE_SZ > high
    ) {
      return 0
    }
    const entryAt = (entry - first) | 0
    const sizePage = currentPage(h, entryAt - Malloc.SIZE_SZ)
    const entryPage = currentPage(h, entryAt)
    if (
      sizePage < 0 ||
      entryPage < 0 ||
      entry - Malloc.SIZE_SZ < tcache + Malloc.TCACHE_STRUCT_BYTES
    )
      return this.tcacheFastGetByCalls(size)
    const ei = wordIn(entryPage, entryAt)
    const linkHigh = words[ei + 1] as number
    // A link of 2^53 or more the calls round, as a double: they decide.
    if (linkHigh >= Malloc.TWO_21) return this.tcacheFastGetByCalls(size)
    // REVEAL_PTR(entry->next): the link XOR (entry >> 12), the halves of entry >> 12 being
    // entryHigh << 20 | entryLow >>> 12 (low) and entryHigh >>> 12 (high).
    words[hi] = (words[ei] as number) ^ ((entryHigh << 20) | (entryLow >>> 12))
    words[hi + 1] = linkHigh ^ (entryHigh >>> 12)
    h.bytes[initByteOf(headPage, headAt)] = 0xff
    words[ci] = ((words[ci] as number) & ~(0xffff << shift)) | (((count - 1) & 0xffff) << shift)
    h.bytes[initByteOf(countPage, countAt)] |= 3 << (countAt & 7)
    // e->key = 0 (entry + 8 lies in entry's page: entry is 16-byte aligned).
    words[ei + 2] = 0
    words[ei + 3] = 0
    h.bytes[initByteOf(entryPage, entryAt + Malloc.SIZE_SZ)] = 0xff
    const head = loadWord(words, wordIn(sizePage, entryAt - Malloc.SIZE_SZ))
    s.freeCount--
    s.freeChunkBytes -= index * Malloc.MALLOC_ALIGNMENT + Malloc.MINSIZE
    s.requested.set(entry, size)
    this.countUsed(head, size, 1)
    if (s.tunables.perturb !== 0) this.mem.fill(entry, size, s.tunables.perturb ^ 0xff)
    return entry
  }

  /**
   * freeFastByCalls on the heap's words in place, as tcacheFastGet: the chunk's size word, key
   * and link, the bin's count and head, the next chunk's size word (a fast bin's first chunk's)
   * read and stored where they lie; by the calls where a page is not current or a word needs
   * them, before anything is stored.
   */
  private freeFast(pointer: number): boolean {
    const s = this.s
    const tcache = s.tcache
    const low = this.heapLow
    const high = this.heapHighWord
    const p = pointer - Malloc.CHUNK_HDR_SZ
    if (
      tcache === 0 ||
      p < low ||
      pointer + Malloc.SIZE_SZ > high ||
      (p & Malloc.MALLOC_ALIGN_MASK) !== 0
    ) {
      return false
    }
    if (tcache < low || tcache + Malloc.TCACHE_STRUCT_BYTES > high) return false
    const h = this.heapWords
    const first = h.first
    // Offsets as int32 (see tcacheFastGet).
    if (high - first >= Malloc.TWO_30) return this.freeFastByCalls(pointer)
    const at = (pointer - first) | 0
    const tcacheAt = (tcache - first) | 0
    const sizePage = currentPage(h, at - Malloc.SIZE_SZ)
    const chunkPage = currentPage(h, at)
    if (
      sizePage < 0 ||
      chunkPage < 0 ||
      pointer - Malloc.SIZE_SZ < tcache + Malloc.TCACHE_STRUCT_BYTES
    )
      return this.freeFastByCalls(pointer)
    const words = h.words
    const si = wordIn(sizePage, at - Malloc.SIZE_SZ)
    const headHigh = words[si + 1] as number
    // A size word of 2^53 or more: the general path.
    if (headHigh >= Malloc.TWO_21) return false
    const head = headHigh * Malloc.TWO_32 + (words[si] as number)
    const bits = head & Malloc.MALLOC_ALIGN_MASK
    const size = head - (bits & 7)
    // Mmapped or another arena's, too small or misaligned: the general path.
    if ((bits & ~Malloc.PREV_INUSE) !== 0 || size < Malloc.MINSIZE || p > Malloc.TWO_64 - size)
      return false
    const ci = wordIn(chunkPage, at)
    const pointerHigh = Math.floor(pointer / Malloc.TWO_32)
    // PROTECT_PTR(pointer, link)'s mask, pointer >> 12, in halves (see tcacheFastGet).
    const maskLow = (pointerHigh << 20) | ((pointer >>> 0) >>> 12)
    const maskHigh = pointerHigh >>> 12
    if (size - Malloc.MINSIZE < s.tcacheBins * Malloc.MALLOC_ALIGNMENT) {
      const index = (size - Malloc.MINSIZE) >> 4
      const countAt = tcacheAt + 2 * index
      const binAt = tcacheAt + 2 * Malloc.TCACHE_MAX_BINS + 8 * index
      const countPage = currentPage(h, countAt)
      const binPage = currentPage(h, binAt)
      if (countPage < 0 || binPage < 0) return this.freeFastByCalls(pointer)
      const cti = wordIn(countPage, countAt)
      const shift = (countAt & 2) << 3
      const count = ((words[cti] as number) >>> shift) & 0xffff
      const room = count < s.tunables.tcacheCount
      // A full bin and a chunk beyond the fast bins: the general path, with no more reads.
      if (!room && (size > s.maxFast || s.tunables.perturb !== 0))
        return this.leaveToGeneral(pointer, head, count)
      // Possibly a double free (the key is there): the general path walks the bin.
      if (loadWord(words, ci + 2) === Malloc.TCACHE_KEY) return false
      if (room) {
        const bi = wordIn(binPage, binAt)
        const firstHigh = words[bi + 1] as number
        // The bin's head at 2^53 or more: the calls round it as a double.
        if (firstHigh >= Malloc.TWO_21) return this.freeFastByCalls(pointer)
        this.noteReleased(pointer, head)
        s.freeCount++
        s.freeChunkBytes += size
        // e->key = tcache_key, then e->next = PROTECT_PTR(&e->next, the bin's first), and the
        // chunk becomes the bin's first.
        words[ci + 2] = Malloc.TCACHE_KEY_LOW
        words[ci + 3] = Malloc.TCACHE_KEY_HIGH
        h.bytes[initByteOf(chunkPage, at + Malloc.SIZE_SZ)] = 0xff
        words[ci] = (words[bi] as number) ^ maskLow
        words[ci + 1] = firstHigh ^ maskHigh
        h.bytes[initByteOf(chunkPage, at)] = 0xff
        words[bi] = pointer >>> 0
        words[bi + 1] = pointerHigh
        h.bytes[initByteOf(binPage, binAt)] = 0xff
        words[cti] =
          ((words[cti] as number) & ~(0xffff << shift)) | (((count + 1) & 0xffff) << shift)
        h.bytes[initByteOf(countPage, countAt)] |= 3 << (countAt & 7)
        return true
      }
    }
    if (size > s.maxFast || s.tunables.perturb !== 0) {
      // Beyond the tcache's bins (a full bin went to the general path above).
      return size - Malloc.MINSIZE < s.tcacheBins * Malloc.MALLOC_ALIGNMENT
        ? false
        : this.leaveToGeneral(pointer, head, -1)
    }
    // The fast bin: the next chunk's size must be sane, the bin's first chunk not this one and
    // of this bin's size (glibc checks that last one after linking; here before, so that a
    // failure leaves everything to the general path).
    const next = p + size
    if (next + Malloc.SIZE_SZ > high) return false
    const nextAt = (next + Malloc.SIZE_SZ - first) | 0
    const nextPage = currentPage(h, nextAt)
    if (nextPage < 0) return this.freeFastByCalls(pointer)
    const nextHead = loadWord(words, wordIn(nextPage, nextAt))
    if (nextHead <= Malloc.CHUNK_HDR_SZ || nextHead - (nextHead & 7) >= s.systemMem) return false
    const index = fastbinIndex(size)
    const arena = s.arena
    const old = arena[Malloc.FASTBINS_WORD + index] as number
    if (old === p) return false
    if (old !== 0) {
      if (old < low || old + Malloc.SIZE_SZ > high) return false
      const oldAt = (old + Malloc.SIZE_SZ - first) | 0
      const oldPage = currentPage(h, oldAt)
      if (oldPage < 0) return this.freeFastByCalls(pointer)
      const oldHead = loadWord(words, wordIn(oldPage, oldAt))
      if (fastbinIndex(oldHead - (oldHead & 7)) !== index) return false
    }
    this.noteReleased(pointer, head)
    s.haveFastchunks = true
    // p->fd = PROTECT_PTR(&p->fd, old): old is 0 or in the heap, below 2^53.
    words[ci] = (old >>> 0) ^ maskLow
    words[ci + 1] = Math.floor(old / Malloc.TWO_32) ^ maskHigh
    h.bytes[initByteOf(chunkPage, at)] = 0xff
    arena[Malloc.FASTBINS_WORD + index] = p
    s.freeCount++
    s.freeChunkBytes += size
    return true
  }

  /**
   * freeFast declines a chunk of the brk heap whose size word it read (`head`, ordinary: in
   * use, main arena, below 2^53) and, when it is in the tcache's range, its bin's count: free
   * takes both from here instead of reading them again (nothing is stored before it would).
   */
  private leaveToGeneral(pointer: number, head: number, tcacheCount: number): false {
    this.freedMem = pointer
    this.freedHead = head
    this.freedTcacheCount = tcacheCount
    return false
  }

  /**
   * reallocInPlaceByCalls on the heap's words in place, as tcacheFastGet (the chunk's size
   * word, the next chunk's, the new top's); by the calls where a page is not current, before
   * anything is stored.
   */
  private reallocInPlace(pointer: number, size: number): number {
    const s = this.s
    const low = this.heapLow
    const high = this.heapHighWord
    const oldp = pointer - Malloc.CHUNK_HDR_SZ
    if (!s.initialized || oldp < low || pointer + Malloc.SIZE_SZ > high) return 0
    const h = this.heapWords
    const first = h.first
    // Offsets as int32 (see tcacheFastGet).
    if (high - first >= Malloc.TWO_30) return this.reallocInPlaceByCalls(pointer, size)
    const sizeAt = (pointer - Malloc.SIZE_SZ - first) | 0
    const sizePage = currentPage(h, sizeAt)
    if (sizePage < 0) return this.reallocInPlaceByCalls(pointer, size)
    const words = h.words
    const si = wordIn(sizePage, sizeAt)
    const oldHead = loadWord(words, si)
    if (oldHead > Number.MAX_SAFE_INTEGER || (oldp & Malloc.MALLOC_ALIGN_MASK) !== 0) return 0
    const bits = oldHead & 7
    const oldsize = oldHead - bits
    if (
      (bits & (Malloc.IS_MMAPPED | Malloc.NON_MAIN_ARENA)) !== 0 ||
      oldp > Malloc.TWO_64 - oldsize
    )
      return 0
    if (oldHead <= Malloc.CHUNK_HDR_SZ || oldsize >= s.systemMem) return 0
    const next = oldp + oldsize
    if (next + Malloc.SIZE_SZ > high) return 0
    const nextAt = (next + Malloc.SIZE_SZ - first) | 0
    const nextPage = currentPage(h, nextAt)
    if (nextPage < 0) return this.reallocInPlaceByCalls(pointer, size)
    const ni = wordIn(nextPage, nextAt)
    const nextHead = loadWord(words, ni)
    if (nextHead > Number.MAX_SAFE_INTEGER) return 0
    const nextsize = nextHead - (nextHead & 7)
    if (nextHead <= Malloc.CHUNK_HDR_SZ || nextsize >= s.systemMem) return 0
    const nb = size < Malloc.TWO_30 ? smallRequest2size(size) : request2size(size)
    let head: number
    if (oldsize < nb) {
      if (next !== this.top || oldsize + nextsize < nb + Malloc.MINSIZE) return 0
      // Grow in place into the top chunk: the new top starts where the chunk now ends.
      const topAt = sizeAt + nb
      const topPage = currentPage(h, topAt)
      if (topPage < 0) return this.reallocInPlaceByCalls(pointer, size)
      head = bits + nb
      storeWord(h, sizePage, sizeAt, head)
      this.top = oldp + nb
      storeWord(h, topPage, topAt, oldsize + nextsize - nb + Malloc.PREV_INUSE)
    } else {
      if (oldsize - nb >= Malloc.MINSIZE) return 0
      // The chunk stays as it is (set_head_size and set_inuse_bit_at_offset of the same values).
      head = oldHead
      storeWord(h, sizePage, sizeAt, oldHead)
      if ((nextHead & Malloc.PREV_INUSE) === 0)
        storeWord(h, nextPage, nextAt, nextHead + Malloc.PREV_INUSE)
    }
    this.noteKept(pointer, oldHead, head, size)
    return pointer
  }

  // ---- the public API ----------------------------------------------------------------------

  malloc(size: number): number {
    this.refreshBreak()
    let tcacheEmpty = false
    if (size >= 0 && size <= Malloc.TCACHE_FAST_REQUEST) {
      const mem = this.tcacheFastGet(size)
      if (mem > 0) return mem
      // -1: the fast path found the tcache made and this size's bin in it empty, which is all
      // the general path below would find out before calling _int_malloc.
      tcacheEmpty = mem < 0
    }
    return this.mallocGeneral(size, tcacheEmpty)
  }

  /**
   * malloc past the tcache fast path (a function of its own, so that malloc stays small enough
   * for the machine's heap-call path to inline it).
   */
  private mallocGeneral(size: number, tcacheEmpty: boolean): number {
    if (!Number.isFinite(size) || size < 0 || size > Number.MAX_SAFE_INTEGER) return 0
    const nb = request2size(size)
    if (!tcacheEmpty) {
      if (!this.s.initialized) this.maybeInitTcache()
      const index = this.tcacheIndexFor(nb)
      if (index >= 0) {
        const count = this.tcacheCount(index)
        if (count > 0) {
          const mem = this.tcacheGet(index, count)
          return this.handOut(mem, size, this.word(mem - Malloc.SIZE_SZ))
        }
      }
    }
    this.handedMem = -1
    const mem = this.intMalloc(nb)
    // A size word intMalloc has just stored says main arena (checkHandedOut's assert holds).
    const head = mem === this.handedMem ? this.handedHead : this.checkHandedOut(mem, 'malloc')
    return this.handOut(mem, size, head)
  }

  free(pointer: number): void {
    this.refreshBreak()
    if (pointer === 0) return
    this.freedMem = -1
    if (!this.freeFast(pointer)) this.freeGeneral(pointer)
  }

  /** free past the fast path (a function of its own, as mallocGeneral). */
  private freeGeneral(pointer: number): void {
    const p = pointer - 16
    const known = pointer === this.freedMem
    const head = known ? this.freedHead : this.headOf(pointer, 'free')
    const bits = this.lowBits(p + Malloc.SIZE_SZ, head)
    if ((bits & Malloc.IS_MMAPPED) !== 0) {
      // The threshold test reads the size word with its flag bits (chunksize_nomask), so a
      // 32 MiB chunk (0x2000002) is already above DEFAULT_MMAP_THRESHOLD_MAX.
      const t = this.s.tunables
      if (!t.noDynamicThreshold && head > t.mmapThreshold && head <= MMAP_THRESHOLD_MAX) {
        const size = head - (bits & 7)
        t.mmapThreshold = size
        t.trimThreshold = 2 * size
      }
      this.munmapChunk(p)
      this.noteReleased(pointer, head)
      return
    }
    if (!this.s.initialized) this.maybeInitTcache()
    if ((bits & Malloc.NON_MAIN_ARENA) !== 0) this.arenaForChunk(p, bits, 'free')
    this.intFree(p, head, false, known ? this.freedTcacheCount : -1)
    // Counted out once free has succeeded: a size word the program overwrote makes glibc abort
    // in there ("double free or corruption (out)"), and counting it first had left the totals
    // -4.7e18 bytes allocated at the step the process died.
    this.noteReleased(pointer, head)
  }

  calloc(count: number, size: number): number {
    this.refreshBreak()
    const bytes = count * size
    if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes >= Malloc.TWO_64 / 2) return 0
    if (!this.s.initialized) this.maybeInitTcache()
    // calloc skips the tcache: it goes to _int_malloc directly (which may still stash
    // chunks into the tcache on its way).
    const mem = this.intMalloc(request2size(bytes))
    const head = this.checkHandedOut(mem, 'calloc')
    if (mem === 0) return 0
    const p = mem - 16
    if (!this.isMmapped(p)) this.clearCallocChunk(p, mem)
    else this.mem.fill(mem, bytes, 0)
    this.noteAllocated(mem, bytes, head)
    return mem
  }

  /**
   * calloc clears the chunk as its size word says, `chunksize - SIZE_SZ` bytes in size_t: a size
   * word the program overwrote with 0 makes that 2^64 - 8, and memset runs off the end of the
   * heap (SIGSEGV); a size under 32 fails calloc's `assert (nclears >= 3)`.
   */
  private clearCallocChunk(p: number, mem: number): void {
    const csz = this.chunksize(p)
    const clearsize =
      csz >= Malloc.SIZE_SZ ? csz - Malloc.SIZE_SZ : Malloc.TWO_64 + csz - Malloc.SIZE_SZ
    if (Math.floor(clearsize / Malloc.SIZE_SZ) < 3)
      this.assertionFailed('__libc_calloc', 'nclears >= 3')
    // calloc has just refreshed the break: the heap's pages end at its page boundary.
    const heapEnd =
      Math.ceil((this.heapHighWord + Malloc.SIZE_SZ) / this.host.pageSize) * this.host.pageSize
    if (mem + clearsize > heapEnd) this.mustBeMapped(heapEnd, 'write')
    this.mem.fill(mem, clearsize, 0)
  }

  realloc(pointer: number, size: number): number {
    this.refreshBreak()
    if (pointer !== 0 && size > 0 && size <= Number.MAX_SAFE_INTEGER) {
      const mem = this.reallocInPlace(pointer, size)
      if (mem !== 0) return mem
    }
    if (size === 0 && pointer !== 0) {
      this.free(pointer)
      return 0
    }
    if (pointer === 0) return this.malloc(size)
    const oldp = pointer - 16
    const head = this.headOf(pointer, 'realloc')
    const bits = this.lowBits(oldp + Malloc.SIZE_SZ, head)
    const oldsize = head - (bits & 7)
    const mmapped = (bits & Malloc.IS_MMAPPED) !== 0
    if (!mmapped) {
      if (!this.s.initialized) this.maybeInitTcache()
      if ((bits & Malloc.NON_MAIN_ARENA) !== 0) this.arenaForChunk(oldp, bits, 'realloc')
    }
    if (oldp > negate64(oldsize) || (oldp & Malloc.MALLOC_ALIGN_MASK) !== 0) {
      this.abort('realloc(): invalid pointer')
    }
    if (!Number.isFinite(size) || size < 0 || size > Number.MAX_SAFE_INTEGER) return 0
    const nb = request2size(size)
    const oldRequested = this.s.requested.take(pointer)
    if (oldRequested !== undefined) this.countUsed(head, oldRequested, -1)
    const result = mmapped ? this.reallocMmapped(oldp, nb) : this.intRealloc(oldp, head, nb)
    if (!mmapped) {
      const resultHead = this.checkHandedOut(result, 'realloc')
      if (result !== 0) this.noteAllocated(result, size, resultHead)
    } else if (result !== 0) this.noteAllocated(result, size)
    else if (oldRequested !== undefined) this.noteAllocated(pointer, oldRequested)
    if (result === 0 && mmapped && oldsize - Malloc.SIZE_SZ < nb) {
      // mremap failed (no room for the growth): glibc then mallocs, copies and unmaps the
      // old chunk. A failing malloc still sorts the unsorted bin on its way to NULL.
      const newmem = this.malloc(size)
      if (newmem === 0) return 0
      this.mem.writeBytes(newmem, this.mem.readBytes(pointer, oldsize - Malloc.CHUNK_HDR_SZ))
      this.noteReleased(pointer, head)
      this.munmapChunk(oldp)
      return newmem
    }
    return result
  }

  // ---- memalign, malloc_usable_size, malloc_trim ----------------------------------------------

  /**
   * memalign(alignment, size) as glibc 2.36's _mid_memalign: an alignment of 16 or less is a
   * plain malloc; otherwise at least MINSIZE and rounded up to a power of two, and the chunk is
   * carved out of a larger one (_int_memalign) without the tcache. NULL when the alignment is
   * beyond 2^63 or the size is too large.
   */
  memalign(alignment: number, size: number): number {
    this.refreshBreak()
    if (alignment <= Malloc.MALLOC_ALIGNMENT) return this.malloc(size)
    if (!Number.isFinite(alignment) || alignment > Malloc.TWO_64 / 2) return 0
    let align = Math.max(alignment, Malloc.MINSIZE)
    if (!isPowerOfTwo(align)) {
      let a = Malloc.MALLOC_ALIGNMENT * 2
      while (a < align) a *= 2
      align = a
    }
    if (!Number.isFinite(size) || size < 0 || size > Number.MAX_SAFE_INTEGER) return 0
    const mem = this.intMemalign(align, size)
    return this.handOut(mem, size, this.checkHandedOut(mem, 'memalign'))
  }

  /**
   * mallopt(param, value) as glibc 2.36's __libc_mallopt: the fast bins are consolidated first
   * (whatever the parameter), then M_MXFAST (1), M_TRIM_THRESHOLD (-1), M_TOP_PAD (-2),
   * M_MMAP_THRESHOLD (-3; 2.36 takes any value, measured: 64 MiB answers 1) or M_MMAP_MAX (-4)
   * is set as the tunable of that name would be, the last four switching the dynamic mmap
   * threshold off. Answers 1, or 0 when M_MXFAST's value is refused; M_PERTURB (-6) sets the perturb byte; other parameters change
   * nothing here and answer 1, as glibc's do for a single-threaded process.
   */
  mallopt(param: number, value: number): number {
    this.refreshBreak()
    if (this.s.haveFastchunks) this.mallocConsolidate()
    const t = this.s.tunables
    // The int argument is taken as a size_t: -1 is the largest size.
    const asSize = value < 0 ? Malloc.TWO_64 + value : value
    switch (param) {
      case 1:
        if (value < 0 || value > Malloc.MAX_FAST_SIZE) return 0
        t.mxfast = value
        this.s.maxFast =
          value === 0
            ? Malloc.MINSIZE / 2
            : Math.floor((value + Malloc.SIZE_SZ) / Malloc.MALLOC_ALIGNMENT) *
              Malloc.MALLOC_ALIGNMENT
        return 1
      case -1:
        t.trimThreshold = asSize
        t.noDynamicThreshold = true
        return 1
      case -2:
        t.topPad = asSize
        t.noDynamicThreshold = true
        return 1
      case -3:
        t.mmapThreshold = asSize
        t.noDynamicThreshold = true
        return 1
      case -4:
        t.mmapMax = value
        t.noDynamicThreshold = true
        return 1
      case -6:
        t.perturb = value & 0xff
        return 1
      default:
        return 1
    }
  }

  /** aligned_alloc (C11): in glibc 2.36 the same function as memalign. */
  alignedAlloc(alignment: number, size: number): number {
    return this.memalign(alignment, size)
  }

  /**
   * posix_memalign: EINVAL (22) unless the alignment is a power-of-two multiple of 8, ENOMEM
   * (12) when memalign fails, else 0 and the pointer.
   */
  posixMemalign(alignment: number, size: number): { error: number; pointer: number } {
    if (
      alignment === 0 ||
      alignment % Malloc.SIZE_SZ !== 0 ||
      !isPowerOfTwo(alignment / Malloc.SIZE_SZ)
    ) {
      return { error: EINVAL, pointer: 0 }
    }
    const pointer = this.memalign(alignment, size)
    return pointer === 0 ? { error: ENOMEM, pointer: 0 } : { error: 0, pointer }
  }

  /**
   * malloc_usable_size: the bytes the program may use at `pointer` (chunk size − 8, since the
   * next chunk's prev_size is lent; − 16 for an mmapped chunk), 0 for NULL or a chunk whose
   * next neighbour says it is free. Like glibc, it trusts the size word it finds.
   */
  mallocUsableSize(pointer: number): number {
    this.refreshBreak()
    if (pointer === 0) return 0
    const p = pointer - 16
    const head = this.headOf(pointer, 'malloc_usable_size')
    const bits = this.lowBits(p + Malloc.SIZE_SZ, head)
    const size = head - (bits & 7)
    if ((bits & Malloc.IS_MMAPPED) !== 0) return size - Malloc.CHUNK_HDR_SZ
    return this.inuseBitAtOffset(p, size) ? size - Malloc.SIZE_SZ : 0
  }

  /**
   * malloc_trim(pad) as glibc's mtrim: consolidate the fast bins, give every whole page inside
   * a free chunk of the unsorted bin and the large bins from a page's size on back to the
   * system (madvise MADV_DONTNEED: the pages read as zeros afterwards), then trim the top down
   * to `pad`. Returns 1 when any memory went back, else 0.
   */
  mallocTrim(pad: number): number {
    this.refreshBreak()
    if (!Number.isFinite(pad) || pad < 0) pad = 0
    this.mallocConsolidate()
    const pagesize = this.host.pageSize
    const firstBin = binIndex(pagesize)
    const chunkStruct = 6 * Malloc.SIZE_SZ
    let result = 0
    for (let i = 1; i < Malloc.NBINS; i++) {
      if (i !== 1 && i < firstBin) continue
      const bin = this.binAt(i)
      let steps = 0
      for (let p = this.bk(bin); p !== bin; p = this.bk(p)) {
        if (++steps > this.listLimit()) this.neverEnding('a bin')
        let size = this.chunksize(p)
        if (size <= pagesize - 1 + chunkStruct) continue
        // The first page boundary past the chunk's own header and links.
        const alignedMem = alignUp(p + chunkStruct, pagesize)
        size -= alignedMem - p
        if (size > pagesize - 1) {
          const length = Math.floor(size / pagesize) * pagesize
          this.mem.fill(alignedMem, length, 0)
          result = 1
        }
      }
    }
    return this.systrim(pad) ? 1 : result
  }

  /** _int_memalign: malloc enough to find an aligned spot, free the lead and the tail. */
  private intMemalign(alignment: number, bytes: number): number {
    const nb = request2size(bytes)
    const m = this.intMalloc(request2size(nb + alignment + Malloc.MINSIZE))
    if (m === 0) return 0
    let p = m - 16
    if (m % alignment !== 0) {
      // The first aligned spot with room for a whole chunk before it.
      let newp = Math.ceil(m / alignment) * alignment - 16
      if (newp - p < Malloc.MINSIZE) newp += alignment
      const leadsize = newp - p
      const newsize = this.chunksize(p) - leadsize
      if (this.isMmapped(p)) {
        this.setWord(newp, this.prevSize(p) + leadsize)
        this.setHead(newp, newsize + Malloc.IS_MMAPPED)
        this.s.mmapped.delete(p)
        this.s.mmapped.set(newp, newsize)
        return newp + 16
      }
      this.setHead(newp, newsize + Malloc.PREV_INUSE)
      this.setInuseBitAtOffset(newp, newsize)
      this.setHeadSize(p, leadsize)
      this.intFree(p)
      p = newp
    }
    if (!this.isMmapped(p)) {
      const size = this.chunksize(p)
      if (size > nb + Malloc.MINSIZE) {
        const remainder = p + nb
        this.setHead(remainder, size - nb + Malloc.PREV_INUSE)
        this.setHeadSize(p, nb)
        this.intFree(remainder)
      }
    }
    return p + 16
  }

  /**
   * The chunk goes to the program. (Marking its bytes uninitialized is the machine's checker's
   * job, as valgrind's, not the C library's.)
   */
  private handOut(mem: number, requested: number, head: number): number {
    if (mem === 0) return 0
    this.noteAllocated(mem, requested, head)
    if (this.s.tunables.perturb !== 0) this.mem.fill(mem, requested, this.s.tunables.perturb ^ 0xff)
    return mem
  }

  // ---- _int_malloc -------------------------------------------------------------------------

  /**
   * The user pointer of `victim`, whose size word _int_malloc has just stored as `head`:
   * malloc then need not read it back for its assert and bookkeeping (see handedMem).
   */
  private handedOut(victim: number, head: number): number {
    this.handedMem = victim + 16
    this.handedHead = head
    return victim + 16
  }

  /**
   * _int_malloc for a normalized chunk size `nb`; returns the user pointer or 0. Its steps are
   * functions of their own (as in glibc they are blocks of one function): V8 gives each
   * optimized function a fixed budget of code it may inline (the word accessors), and one
   * function for the whole of _int_malloc spent it on a handful of them, calling the rest.
   */
  private intMalloc(nb: number): number {
    const tcacheIndex = this.tcacheIndexFor(nb)
    if (nb <= this.s.maxFast && this.fastbinHead(fastbinIndex(nb)) !== 0) {
      const mem = this.mallocFromFastbin(nb, tcacheIndex)
      if (mem !== 0) return mem
    }
    let idx: number
    if (inSmallbinRange(nb)) {
      idx = smallbinIndex(nb)
      if (this.binLast(idx) !== this.binAt(idx))
        return this.mallocFromSmallbin(idx, nb, tcacheIndex)
    } else {
      // A large request first folds the fast chunks into bigger free chunks.
      idx = largebinIndex(nb)
      if (this.s.haveFastchunks) this.mallocConsolidate()
    }

    this.tcacheUnsortedCount = 0
    for (;;) {
      // (Each step is called only when it has chunks to look at: an empty bin costs no call.)
      if (this.binLast(1) !== this.binAt(1)) {
        const sorted = this.sortUnsorted(nb, tcacheIndex)
        if (sorted !== 0) return sorted
      }

      if (!inSmallbinRange(nb) && this.binFirst(idx) !== this.binAt(idx)) {
        const mem = this.bestFitInLargeBin(idx, nb)
        if (mem !== 0) return mem
      }

      // The smallest non-empty bin above: every chunk there is big enough.
      const found = this.searchBinmap(idx + 1)
      if (found !== 0) {
        // A size word overwritten smaller than the bin it sits in says so here, before unlink.
        const size = this.chunksize(found)
        if (size < nb)
          this.assertionFailed('_int_malloc', '(unsigned long) (size) >= (unsigned long) (nb)')
        return this.takeAndSplit(found, size, nb, 'malloc(): corrupted unsorted chunks 2', true)
      }

      // The top chunk.
      const split = this.splitTopInPlace(nb)
      if (split !== 0) return split
      const topChunk = this.top
      const topSize = this.chunksize(topChunk)
      if (topSize > this.s.systemMem) this.abort('malloc(): corrupted top size')
      if (topSize >= nb + Malloc.MINSIZE) {
        const remainder = topChunk + nb
        this.top = remainder
        this.setHead(topChunk, nb + Malloc.PREV_INUSE)
        this.setHead(remainder, topSize - nb + Malloc.PREV_INUSE)
        return this.handedOut(topChunk, nb + Malloc.PREV_INUSE)
      } else if (this.s.haveFastchunks) {
        this.mallocConsolidate()
        idx = binIndex(nb)
      } else {
        return this.sysmalloc(nb)
      }
    }
  }

  /**
   * _int_malloc's use of the top chunk over the heap's words in place (see mergeInPlace): `nb`
   * bytes split off the top, their user pointer; or 0, having stored nothing, where the code
   * after the call must run instead (the top is too small, or corrupted, or a word is not on a
   * current page of the brk heap). The same read, check and stores in the same order.
   */
  private splitTopInPlace(nb: number): number {
    const top = this.top
    const remainder = top + nb
    const high = this.heapHighWord
    const h = this.heapWords
    const first = h.first
    if (top < this.heapLow || remainder + Malloc.SIZE_SZ > high || high - first >= Malloc.TWO_30)
      return 0
    const topAt = (top - first) | 0
    const remainderAt = (remainder - first) | 0
    if (((topAt | remainderAt) & Malloc.MALLOC_ALIGN_MASK) !== 0) return 0
    const topPage = currentPage(h, topAt)
    const remainderPage = currentPage(h, remainderAt)
    if (topPage < 0 || remainderPage < 0) return 0
    const topHead = loadWord(h.words, wordIn(topPage, topAt + Malloc.SIZE_SZ))
    const topSize = topHead - (topHead & 7)
    // 'malloc(): corrupted top size', or too small: the code after the call.
    if (topSize > this.s.systemMem || topSize < nb + Malloc.MINSIZE) return 0
    this.top = remainder
    storeWord(h, topPage, topAt + Malloc.SIZE_SZ, nb + Malloc.PREV_INUSE)
    storeWord(h, remainderPage, remainderAt + Malloc.SIZE_SZ, topSize - nb + Malloc.PREV_INUSE)
    return this.handedOut(top, nb + Malloc.PREV_INUSE)
  }

  /** Fast bins: exact size, LIFO; on a hit, stash the rest of that fast bin into the tcache. */
  private mallocFromFastbin(nb: number, tcacheIndex: number): number {
    const index = fastbinIndex(nb)
    const victim = this.fastbinHead(index)
    if (victim === 0) return 0
    if ((victim & Malloc.MALLOC_ALIGN_MASK) !== 0)
      this.abort('malloc(): unaligned fastbin chunk detected 2')
    this.setFastbinHead(index, protectPointer(victim + 16, this.fd(victim)))
    if (fastbinIndex(this.chunksize(victim)) !== index)
      this.abort('malloc(): memory corruption (fast)')
    this.removeFree(this.chunksize(victim))
    if (tcacheIndex >= 0) {
      let tcVictim: number
      let count = this.tcacheCount(tcacheIndex)
      while (count < this.s.tunables.tcacheCount && (tcVictim = this.fastbinHead(index)) !== 0) {
        if ((tcVictim & Malloc.MALLOC_ALIGN_MASK) !== 0)
          this.abort('malloc(): unaligned fastbin chunk detected 3')
        this.setFastbinHead(index, protectPointer(tcVictim + 16, this.fd(tcVictim)))
        this.tcachePut(tcVictim, tcacheIndex, false, count++)
      }
    }
    return victim + 16
  }

  /** Small bin `idx`: exact size, taken from the tail (FIFO); stash the rest into the tcache. */
  private mallocFromSmallbin(idx: number, nb: number, tcacheIndex: number): number {
    const bin = this.binAt(idx)
    const victim = this.binLast(idx)
    if (victim === bin) return 0
    const bck = this.bk(victim)
    if (this.fdIn(idx, bck) !== victim)
      this.abort('malloc(): smallbin double linked list corrupted')
    this.removeFree(this.chunksize(victim))
    this.setInuseBitAtOffset(victim, nb)
    this.setBinLast(idx, bck)
    this.setFdIn(idx, bck, bin)
    if (tcacheIndex >= 0) {
      let tcVictim: number
      let count = this.tcacheCount(tcacheIndex)
      while (count < this.s.tunables.tcacheCount && (tcVictim = this.binLast(idx)) !== bin) {
        const b = this.bk(tcVictim)
        this.setInuseBitAtOffset(tcVictim, nb)
        this.setBinLast(idx, b)
        this.setFdIn(idx, b, bin)
        this.tcachePut(tcVictim, tcacheIndex, false, count++)
      }
    }
    return victim + 16
  }

  /**
   * Sort the unsorted chunks into their bins, returning an exact fit (or caching it in the
   * tcache, then returning one from there) or a split of the last remainder; 0: none of these.
   */
  private sortUnsorted(nb: number, tcacheIndex: number): number {
    const unsorted = this.binAt(1)
    let returnCached = false
    let iters = 0
    let victim: number
    const h = this.heapWords
    const first = h.first
    // The checks' reads over the heap's words in place (see mergeInPlace) where the chunk, the
    // next one or bck is on a current page of the brk heap, else by the calls; reads have no
    // effect, so the in-place ones may be made together, before the checks.
    const inPlace = this.heapHighWord - first < Malloc.TWO_30
    while ((victim = this.binLast(1)) !== unsorted) {
      const low = this.heapLow
      const high = this.heapHighWord
      const victimAt = (victim - first) | 0
      const victimPage =
        inPlace &&
        victim >= low &&
        victim + 24 <= high &&
        (victimAt & Malloc.MALLOC_ALIGN_MASK) === 0 &&
        (victimAt & (Malloc.PAGE_BYTES - 1)) <= 480
          ? currentPage(h, victimAt)
          : -1
      let bck: number
      let head: number
      let victimFd = -1
      if (victimPage >= 0) {
        const i = wordIn(victimPage, victimAt)
        head = loadWord(h.words, i + 2)
        victimFd = loadWord(h.words, i + 4)
        bck = loadWord(h.words, i + 6)
      } else {
        bck = this.bk(victim)
        head = this.sizeNomask(victim)
      }
      const size = head - (head & 7)
      const next = victim + size
      if (size <= Malloc.CHUNK_HDR_SZ || size > this.s.systemMem)
        this.abort('malloc(): invalid size (unsorted)')
      const nextAt = (next - first) | 0
      const nextPage =
        inPlace && next + Malloc.SIZE_SZ <= high && (nextAt & Malloc.MALLOC_ALIGN_MASK) === 0
          ? currentPage(h, nextAt)
          : -1
      const nextSize =
        nextPage >= 0
          ? loadWord(h.words, wordIn(nextPage, nextAt + Malloc.SIZE_SZ))
          : this.sizeNomask(next)
      if (nextSize < Malloc.CHUNK_HDR_SZ || nextSize > this.s.systemMem) {
        this.abort('malloc(): invalid next size (unsorted)')
      }
      const footer =
        nextPage >= 0 ? loadWord(h.words, wordIn(nextPage, nextAt)) : this.prevSize(next)
      if (footer - (footer & 7) !== size) {
        this.abort('malloc(): mismatching next->prev_size (unsorted)')
      }
      // bck->fd: the unsorted bin's header's in the arena array, or a heap word.
      let bckFd: number
      const bckAt = (bck - first) | 0
      let bckPage = -1
      if (bck === unsorted) bckFd = this.binFirst(1)
      else {
        bckPage =
          inPlace && bck >= low && bck + 16 <= high && (bckAt & 7) === 0
            ? currentPage(h, bckAt + 16)
            : -1
        bckFd = bckPage >= 0 ? loadWord(h.words, wordIn(bckPage, bckAt + 16)) : this.fd(bck)
      }
      if (bckFd !== victim || (victimFd >= 0 ? victimFd : this.fd(victim)) !== unsorted) {
        this.abort('malloc(): unsorted double linked list corrupted')
      }
      if ((nextSize & Malloc.PREV_INUSE) !== 0) {
        this.abort('malloc(): invalid next->prev_inuse (unsorted)')
      }

      // A small request split off the last remainder when it is the only unsorted chunk:
      // consecutive small mallocs then sit next to each other.
      if (
        inSmallbinRange(nb) &&
        bck === unsorted &&
        victim === this.lastRemainder &&
        size > nb + Malloc.MINSIZE
      ) {
        return this.splitLastRemainder(victim, size, nb)
      }

      // glibc reads fd(bck) again here ('malloc(): corrupted unsorted chunks 3'); nothing has
      // been stored since the check above, so it is victim still.
      this.setBinLast(1, bck)
      // bck->fd = unsorted: the header's in the arena array, or bck's word as read above.
      if (bck === unsorted) this.setBinFirst(1, unsorted)
      else if (bckPage >= 0) storeWord(h, bckPage, bckAt + 16, unsorted)
      else this.setFd(bck, unsorted)

      if (size === nb) {
        this.setInuseBitAtOffset(victim, size)
        const count = tcacheIndex >= 0 ? this.tcacheCount(tcacheIndex) : 0
        if (tcacheIndex >= 0 && count < this.s.tunables.tcacheCount) {
          this.tcachePut(victim, tcacheIndex, false, count)
          returnCached = true
          continue
        }
        this.removeFree(size)
        return victim + 16
      }

      // Place the chunk in its bin; large bins stay sorted by size, largest first, with the
      // nextsize links skipping over runs of equal size.
      let victimIndex: number
      let binBck: number
      let fwd: number
      if (inSmallbinRange(size)) {
        victimIndex = smallbinIndex(size)
        binBck = this.binAt(victimIndex)
        fwd = this.binFirst(victimIndex)
      } else {
        victimIndex = largebinIndex(size)
        binBck = this.binAt(victimIndex)
        fwd = this.binFirst(victimIndex)
        if (fwd !== binBck) {
          const sizeP = size + Malloc.PREV_INUSE
          // Each size word is read once where glibc reads it for the assert and again for
          // the compare: nothing is stored in between, so both reads give the same value.
          const last = this.binLast(victimIndex)
          const lastHead = this.sizeNomask(last)
          this.assertMainArena(last, lastHead, 'chunk_main_arena (bck->bk)')
          if (sizeP < lastHead) {
            fwd = binBck
            binBck = last
            const first = this.fd(fwd)
            this.setFdNextsize(victim, first)
            this.setBkNextsize(victim, this.bkNextsize(first))
            this.setBkNextsize(first, victim)
            this.setFdNextsize(this.bkNextsize(victim), victim)
          } else {
            let guard = 0
            let fwdHead = this.sizeNomask(fwd)
            this.assertMainArena(fwd, fwdHead, 'chunk_main_arena (fwd)')
            while (sizeP < fwdHead) {
              fwd = this.fdNextsize(fwd)
              fwdHead = this.sizeNomask(fwd)
              this.assertMainArena(fwd, fwdHead, 'chunk_main_arena (fwd)')
              if (++guard > Malloc.MAX_ITERS)
                this.abort('malloc(): largebin double linked list corrupted (nextsize)')
            }
            if (sizeP === fwdHead) {
              // Always insert in the second position, so the nextsize links need no change.
              fwd = this.fd(fwd)
            } else {
              this.setFdNextsize(victim, fwd)
              this.setBkNextsize(victim, this.bkNextsize(fwd))
              if (this.fdNextsize(this.bkNextsize(fwd)) !== fwd) {
                this.abort('malloc(): largebin double linked list corrupted (nextsize)')
              }
              this.setBkNextsize(fwd, victim)
              this.setFdNextsize(this.bkNextsize(victim), victim)
            }
            binBck = this.bkIn(victimIndex, fwd)
            if (this.fd(binBck) !== fwd)
              this.abort('malloc(): largebin double linked list corrupted (bk)')
          }
        } else {
          this.setFdNextsize(victim, victim)
          this.setBkNextsize(victim, victim)
        }
      }
      this.markBin(victimIndex)
      this.placeInBin(victim, victimIndex, binBck, fwd)

      this.tcacheUnsortedCount++
      if (
        returnCached &&
        this.s.tunables.tcacheUnsortedLimit > 0 &&
        this.tcacheUnsortedCount > this.s.tunables.tcacheUnsortedLimit
      ) {
        return this.tcacheGet(tcacheIndex)
      }
      if (++iters >= Malloc.MAX_ITERS) break
    }
    return returnCached ? this.tcacheGet(tcacheIndex) : 0
  }

  /**
   * The unsorted scan's last four stores: `victim` goes between `binBck` and `fwd` in bin `i`
   * (each a chunk or the bin's header). Over the heap's words in place (see mergeInPlace) where
   * a word is on a current page of the brk heap, else by the calls; the same stores in the same
   * order.
   */
  private placeInBin(victim: number, i: number, binBck: number, fwd: number): void {
    const h = this.heapWords
    const first = h.first
    const low = this.heapLow
    const high = this.heapHighWord
    const inPlace = high - first < Malloc.TWO_30
    const bin = this.binAt(i)
    const victimAt = (victim - first) | 0
    const victimPage =
      inPlace &&
      victim >= low &&
      victim + 24 <= high &&
      (victimAt & Malloc.MALLOC_ALIGN_MASK) === 0 &&
      (victimAt & (Malloc.PAGE_BYTES - 1)) <= 480 &&
      binBck < Malloc.TWO_53 &&
      fwd < Malloc.TWO_53
        ? currentPage(h, victimAt)
        : -1
    if (victimPage >= 0) {
      storeWord(h, victimPage, victimAt + 24, binBck)
      storeWord(h, victimPage, victimAt + 16, fwd)
    } else {
      this.setBk(victim, binBck)
      this.setFd(victim, fwd)
    }
    // fwd->bk = victim
    if (fwd === bin) this.setBinLast(i, victim)
    else {
      const at = (fwd + 24 - first) | 0
      const page =
        inPlace && fwd >= low && fwd + 24 <= high && (at & 7) === 0 ? currentPage(h, at) : -1
      if (page >= 0) storeWord(h, page, at, victim)
      else this.setBk(fwd, victim)
    }
    // binBck->fd = victim
    if (binBck === bin) this.setBinFirst(i, victim)
    else {
      const at = (binBck + 16 - first) | 0
      const page =
        inPlace && binBck >= low && binBck + 16 <= high && (at & 7) === 0 ? currentPage(h, at) : -1
      if (page >= 0) storeWord(h, page, at, victim)
      else this.setFd(binBck, victim)
    }
  }

  /** The last remainder `victim` (of `size`), the only unsorted chunk: `nb` off its front. */
  private splitLastRemainder(victim: number, size: number, nb: number): number {
    const unsorted = this.binAt(1)
    const remainderSize = size - nb
    const remainder = victim + nb
    this.setBinLast(1, remainder)
    this.setBinFirst(1, remainder)
    this.lastRemainder = remainder
    // Over the heap's words in place (see mergeInPlace) when the victim's size word, the
    // remainder's six words and its footer are on current pages of the brk heap; else by the
    // calls below. The same stores in the same order either way.
    const h = this.heapWords
    const first = h.first
    const high = this.heapHighWord
    const victimAt = (victim - first) | 0
    const remainderAt = (remainder - first) | 0
    const footAt = remainderAt + remainderSize
    if (
      victim >= this.heapLow &&
      victim + size <= high &&
      high - first < Malloc.TWO_30 &&
      ((victimAt | remainderAt) & Malloc.MALLOC_ALIGN_MASK) === 0 &&
      (remainderAt & (Malloc.PAGE_BYTES - 1)) <= 464
    ) {
      const victimPage = currentPage(h, victimAt)
      const remainderPage = currentPage(h, remainderAt)
      const footPage = currentPage(h, footAt)
      if (victimPage >= 0 && remainderPage >= 0 && footPage >= 0) {
        storeWord(h, remainderPage, remainderAt + 24, unsorted)
        storeWord(h, remainderPage, remainderAt + 16, unsorted)
        if (!inSmallbinRange(remainderSize)) {
          storeWord(h, remainderPage, remainderAt + 32, 0)
          storeWord(h, remainderPage, remainderAt + 40, 0)
        }
        storeWord(h, victimPage, victimAt + Malloc.SIZE_SZ, nb + Malloc.PREV_INUSE)
        storeWord(h, remainderPage, remainderAt + Malloc.SIZE_SZ, remainderSize + Malloc.PREV_INUSE)
        storeWord(h, footPage, footAt, remainderSize)
        this.removeFree(size)
        this.addFree(remainderSize)
        return this.handedOut(victim, nb + Malloc.PREV_INUSE)
      }
    }
    this.setBk(remainder, unsorted)
    this.setFd(remainder, unsorted)
    if (!inSmallbinRange(remainderSize)) {
      this.setFdNextsize(remainder, 0)
      this.setBkNextsize(remainder, 0)
    }
    this.setHead(victim, nb + Malloc.PREV_INUSE)
    this.setHead(remainder, remainderSize + Malloc.PREV_INUSE)
    this.setFoot(remainder, remainderSize)
    this.removeFree(size)
    this.addFree(remainderSize)
    return this.handedOut(victim, nb + Malloc.PREV_INUSE)
  }

  /**
   * A large request `nb`: best fit within its own bin `idx` (smallest chunk that fits, the
   * second of equal ones so the nextsize links stay put), split; 0 when none fits.
   */
  private bestFitInLargeBin(idx: number, nb: number): number {
    const bin = this.binAt(idx)
    let candidate = this.binFirst(idx)
    if (candidate === bin || this.sizeNomask(candidate) < nb) return 0
    candidate = this.bkNextsize(candidate)
    let size: number
    let steps = 0
    while ((size = this.chunksize(candidate)) < nb) {
      candidate = this.bkNextsize(candidate)
      if (++steps > this.listLimit()) this.neverEnding('a large bin')
    }
    if (
      candidate !== this.binLast(idx) &&
      this.sizeNomask(candidate) === this.sizeNomask(this.fd(candidate))
    ) {
      candidate = this.fd(candidate)
    }
    return this.takeAndSplit(candidate, size, nb, 'malloc(): corrupted unsorted chunks', false)
  }

  /** Unlink `victim` (of `size`) from its bin, split off a remainder into the unsorted bin. */
  private takeAndSplit(
    victim: number,
    size: number,
    nb: number,
    corruptMessage: string,
    setsLastRemainder: boolean
  ): number {
    const remainderSize = size - nb
    if (!this.unlinkInPlace(victim, size)) this.unlinkChunk(victim, size)
    if (remainderSize < Malloc.MINSIZE) {
      this.setInuseBitAtOffset(victim, size)
    } else {
      const remainder = victim + nb
      const bck = this.binAt(1)
      const fwd = this.binFirst(1)
      // Over the heap's words in place (see mergeInPlace) when fwd's bk, the victim's size
      // word, the remainder's six words and its footer are on current pages of the brk heap;
      // else by the calls below. The same reads, check and stores in the same order.
      const h = this.heapWords
      const first = h.first
      const low = this.heapLow
      const high = this.heapHighWord
      const inPlace = high - first < Malloc.TWO_30
      const linkAt = (fwd + 24 - first) | 0
      const linkPage =
        inPlace && fwd !== bck && fwd >= low && fwd + 24 <= high && (linkAt & 7) === 0
          ? currentPage(h, linkAt)
          : -1
      const fwdBk =
        fwd === bck
          ? this.binLast(1)
          : linkPage >= 0
            ? loadWord(h.words, wordIn(linkPage, linkAt))
            : this.bk(fwd)
      if (fwdBk !== bck) this.abort(corruptMessage)
      const victimAt = (victim - first) | 0
      const remainderAt = (remainder - first) | 0
      const footAt = remainderAt + remainderSize
      if (
        inPlace &&
        (fwd === bck || linkPage >= 0) &&
        victim >= low &&
        victim + size <= high &&
        ((victimAt | remainderAt) & Malloc.MALLOC_ALIGN_MASK) === 0 &&
        (remainderAt & (Malloc.PAGE_BYTES - 1)) <= 464
      ) {
        const victimPage = currentPage(h, victimAt)
        const remainderPage = currentPage(h, remainderAt)
        const footPage = currentPage(h, footAt)
        if (victimPage >= 0 && remainderPage >= 0 && footPage >= 0) {
          storeWord(h, remainderPage, remainderAt + 24, bck)
          storeWord(h, remainderPage, remainderAt + 16, fwd)
          this.setBinFirst(1, remainder)
          if (fwd === bck) this.setBinLast(1, remainder)
          else storeWord(h, linkPage, linkAt, remainder)
          if (setsLastRemainder && inSmallbinRange(nb)) this.lastRemainder = remainder
          if (!inSmallbinRange(remainderSize)) {
            storeWord(h, remainderPage, remainderAt + 32, 0)
            storeWord(h, remainderPage, remainderAt + 40, 0)
          }
          storeWord(h, victimPage, victimAt + Malloc.SIZE_SZ, nb + Malloc.PREV_INUSE)
          storeWord(
            h,
            remainderPage,
            remainderAt + Malloc.SIZE_SZ,
            remainderSize + Malloc.PREV_INUSE
          )
          storeWord(h, footPage, footAt, remainderSize)
          this.addFree(remainderSize)
          return this.handedOut(victim, nb + Malloc.PREV_INUSE)
        }
      }
      this.setBk(remainder, bck)
      this.setFd(remainder, fwd)
      this.setBinFirst(1, remainder)
      this.setBkIn(1, fwd, remainder)
      if (setsLastRemainder && inSmallbinRange(nb)) this.lastRemainder = remainder
      if (!inSmallbinRange(remainderSize)) {
        this.setFdNextsize(remainder, 0)
        this.setBkNextsize(remainder, 0)
      }
      this.setHead(victim, nb + Malloc.PREV_INUSE)
      this.setHead(remainder, remainderSize + Malloc.PREV_INUSE)
      this.setFoot(remainder, remainderSize)
      this.addFree(remainderSize)
      return this.handedOut(victim, nb + Malloc.PREV_INUSE)
    }
    return victim + 16
  }

  /**
   * The last chunk of the first non-empty bin at index ≥ `from`, or 0: glibc's binmap scan,
   * a 32-bin word at a time, lowest set bit first.
   */
  private searchBinmap(from: number): number {
    const binmap = this.s.binmap
    let block = from >> 5
    if (block >= Malloc.BINMAPSIZE) return 0
    // The bits of this word's bins at or above `from`.
    let map = (binmap[block] as number) & (-1 << (from & 31))
    for (;;) {
      while (map === 0) {
        if (++block >= Malloc.BINMAPSIZE) return 0
        map = binmap[block] as number
      }
      const lowest = map & -map
      const i = block * 32 + (31 - Math.clz32(lowest))
      const victim = this.binLast(i)
      if (victim !== this.binAt(i)) return victim
      // An empty bin whose bit was still set: glibc clears it lazily, here.
      binmap[block] = ((binmap[block] as number) & ~lowest) >>> 0
      map &= ~lowest
    }
  }

  /**
   * unlink_chunk with glibc's integrity checks; `size`: chunksize(p), which every caller has
   * just read (nothing else runs in between, so it is what unlink_chunk's own read would give).
   */
  private unlinkChunk(p: number, size: number): void {
    if (size !== this.prevSize(p + size)) this.abort('corrupted size vs. prev_size')
    const fd = this.fd(p)
    const bk = this.bk(p)
    // A chunk alone in its bin (often so) has the bin's header in main_arena for fd and bk:
    // their words are read and stored in the arena array here, as wordElsewhere does, without
    // the calls through the accessors and word/setWord.
    const arena = this.s.arena
    const fdBk = arenaWordIndex(fd + 24)
    const bkFd = arenaWordIndex(bk + 16)
    if (
      (fdBk >= 0 ? arena[fdBk] : this.bk(fd)) !== p ||
      (bkFd >= 0 ? arena[bkFd] : this.fd(bk)) !== p
    ) {
      this.abort('corrupted double-linked list')
    }
    this.removeFree(size)
    if (fdBk >= 0) arena[fdBk] = bk
    else this.setBk(fd, bk)
    if (bkFd >= 0) arena[bkFd] = fd
    else this.setFd(bk, fd)
    const fdNext = inSmallbinRange(size) ? 0 : this.fdNextsize(p)
    if (fdNext !== 0) this.unlinkNextsize(p, fd, fdNext)
  }

  /**
   * unlink_chunk's second part, for a large chunk `p` with nextsize links (`fdNext`, its
   * fd_nextsize, not 0; `fd`, its fd): take it out of the list of sizes.
   */
  private unlinkNextsize(p: number, fd: number, fdNext: number): void {
    const arena = this.s.arena
    const bkNext = this.bkNextsize(p)
    if (this.bkNextsize(fdNext) !== p || this.fdNextsize(bkNext) !== p) {
      this.abort('corrupted double-linked list (not small)')
    }
    // fd's fd_nextsize: for a bin's header, the next header's fd, in the arena array.
    const fdFdNext = arenaWordIndex(fd + 32)
    if ((fdFdNext >= 0 ? arena[fdFdNext] : this.fdNextsize(fd)) === 0) {
      if (fdNext === p) {
        this.setFdNextsize(fd, fd)
        this.setBkNextsize(fd, fd)
      } else {
        this.setFdNextsize(fd, fdNext)
        this.setBkNextsize(fd, bkNext)
        this.setBkNextsize(fdNext, fd)
        this.setFdNextsize(bkNext, fd)
      }
    } else {
      this.setBkNextsize(fdNext, bkNext)
      this.setFdNextsize(bkNext, fdNext)
    }
  }

  /** malloc_consolidate: merge every fast chunk with its free neighbours into the unsorted bin. */
  private mallocConsolidate(): void {
    this.s.haveFastchunks = false
    const unsorted = this.binAt(1)
    for (let index = 0; index < Malloc.NFASTBINS; index++) {
      let p = this.fastbinHead(index)
      this.setFastbinHead(index, 0)
      let steps = 0
      while (p !== 0) {
        if (++steps > this.listLimit()) this.neverEnding('a fast bin')
        if ((p & Malloc.MALLOC_ALIGN_MASK) !== 0)
          this.abort('malloc_consolidate(): unaligned fastbin chunk detected')
        // glibc reads p's size word four times and nextchunk's twice; nothing is stored in
        // between (but for the unlink of a free previous chunk, after which nextchunk's is read
        // again), so each is read once here: the same values.
        const head = this.sizeNomask(p)
        let size = head - (head & 7)
        if (fastbinIndex(size) !== index) this.abort('malloc_consolidate(): invalid chunk size')
        const nextp = protectPointer(p + 16, this.fd(p))
        this.removeFree(size)
        const nextchunk = p + size
        let nextHead = this.sizeNomask(nextchunk)
        const nextsize = nextHead - (nextHead & 7)
        if ((this.lowBits(p + Malloc.SIZE_SZ, head) & Malloc.PREV_INUSE) === 0) {
          const prevsize = this.prevSize(p)
          size += prevsize
          p -= prevsize
          if (this.chunksize(p) !== prevsize) this.abort('corrupted size vs. prev_size in fastbins')
          if (!this.unlinkInPlace(p, prevsize)) this.unlinkChunk(p, prevsize)
          nextHead = -1
        }
        if (nextchunk !== this.top) {
          if (!this.inuseBitAtOffset(nextchunk, nextsize)) {
            size += nextsize
            if (!this.unlinkInPlace(nextchunk, nextsize)) this.unlinkChunk(nextchunk, nextsize)
          } else {
            this.clearInuseBit(nextchunk + Malloc.SIZE_SZ, nextHead)
          }
          const firstUnsorted = this.binFirst(1)
          this.setBinFirst(1, p)
          this.setBkIn(1, firstUnsorted, p)
          if (!inSmallbinRange(size)) {
            this.setFdNextsize(p, 0)
            this.setBkNextsize(p, 0)
          }
          this.setHead(p, size + Malloc.PREV_INUSE)
          this.setBk(p, unsorted)
          this.setFd(p, firstUnsorted)
          this.setFoot(p, size)
          this.addFree(size)
        } else {
          size += nextsize
          this.setHead(p, size + Malloc.PREV_INUSE)
          this.top = p
        }
        p = nextp
      }
    }
  }

  // ---- sysmalloc / systrim -------------------------------------------------------------------

  /** Get memory from the system: mmap a large request, else grow the heap with sbrk. */
  private sysmalloc(nb: number): number {
    const pagesize = this.host.pageSize
    const t = this.s.tunables
    if (nb >= t.mmapThreshold && this.s.nMmaps < t.mmapMax) {
      const mem = this.mmapChunk(nb)
      if (mem !== 0) return mem
    }

    const oldTop = this.top
    const oldSize = this.chunksize(oldTop)
    const oldEnd = oldTop + oldSize
    // A top whose size word an overflow changed fails glibc's compiled-in assertions here.
    if (
      !(oldTop === this.binAt(1) && oldSize === 0) &&
      !(
        oldSize >= Malloc.MINSIZE &&
        (this.lowBits(oldTop + Malloc.SIZE_SZ, this.sizeNomask(oldTop)) & Malloc.PREV_INUSE) !==
          0 &&
        oldEnd % pagesize === 0
      )
    ) {
      this.assertionFailed(
        'sysmalloc',
        '(old_top == initial_top (av) && old_size == 0) || ((unsigned long) (old_size) >= MINSIZE && prev_inuse (old_top) && ((unsigned long) old_end & (pagesize - 1)) == 0)'
      )
    }
    if (oldSize >= nb + Malloc.MINSIZE)
      this.assertionFailed(
        'sysmalloc',
        '(unsigned long) (old_size) < (unsigned long) (nb + MINSIZE)'
      )
    let size = nb + t.topPad + Malloc.MINSIZE
    if (this.s.contiguous) size -= oldSize
    size = alignUp(size, pagesize)
    let brk = -1
    let sndBrk = -1
    if (size > 0) brk = this.host.sbrk(size)
    this.refreshBreak()
    if (brk === -1) {
      // sbrk failed: map a region to use as heap instead (the heap becomes non-contiguous).
      if (this.s.contiguous) size = alignUp(size + oldSize, pagesize)
      if (size < Malloc.MMAP_AS_MORECORE_SIZE) size = Malloc.MMAP_AS_MORECORE_SIZE
      if (size > nb) {
        const mbrk = this.host.mmap(size)
        if (mbrk !== -1) {
          brk = mbrk
          sndBrk = brk + size
          this.s.contiguous = false
        }
      }
    }

    if (brk !== -1) {
      if (this.s.sbrkBase === 0) this.s.sbrkBase = brk
      this.s.systemMem += size
      if (brk === oldEnd && sndBrk === -1) {
        // The new memory continues the top chunk.
        this.setHead(oldTop, size + oldSize + Malloc.PREV_INUSE)
      } else if (this.s.contiguous && oldSize !== 0 && brk < oldEnd) {
        this.abort('break adjusted to free malloc space')
      } else {
        // A fresh start (the first call, or someone else moved the break): align the new top.
        let correction = 0
        let alignedBrk = brk
        if (this.s.contiguous) {
          if (oldSize !== 0) this.s.systemMem += brk - oldEnd
          const frontMisalign = (brk + Malloc.CHUNK_HDR_SZ) % Malloc.MALLOC_ALIGNMENT
          if (frontMisalign > 0) {
            correction = Malloc.MALLOC_ALIGNMENT - frontMisalign
            alignedBrk += correction
          }
          correction += oldSize
          const endMisalign = brk + size + correction
          correction += alignUp(endMisalign, pagesize) - endMisalign
          sndBrk = this.host.sbrk(correction)
          this.refreshBreak()
          if (sndBrk === -1) {
            correction = 0
            sndBrk = this.host.programBreak()
          }
        } else {
          const frontMisalign = (brk + Malloc.CHUNK_HDR_SZ) % Malloc.MALLOC_ALIGNMENT
          if (frontMisalign > 0) alignedBrk += Malloc.MALLOC_ALIGNMENT - frontMisalign
          if (sndBrk === -1) sndBrk = this.host.programBreak()
        }
        this.s.regions.push(alignedBrk)
        this.top = alignedBrk
        this.setHead(alignedBrk, sndBrk - alignedBrk + correction + Malloc.PREV_INUSE)
        this.s.systemMem += correction
        if (oldSize !== 0) {
          // Fence posts close the old top, which is then freed like any chunk.
          const fencedSize =
            Math.floor((oldSize - 2 * Malloc.CHUNK_HDR_SZ) / Malloc.MALLOC_ALIGNMENT) *
            Malloc.MALLOC_ALIGNMENT
          this.setHead(oldTop, fencedSize + Malloc.PREV_INUSE)
          this.setHead(oldTop + fencedSize, Malloc.CHUNK_HDR_SZ + Malloc.PREV_INUSE)
          this.setHead(
            oldTop + fencedSize + Malloc.CHUNK_HDR_SZ,
            Malloc.CHUNK_HDR_SZ + Malloc.PREV_INUSE
          )
          if (fencedSize >= Malloc.MINSIZE) this.intFree(oldTop)
        }
      }
    }
    if (this.s.systemMem > this.s.maxSystemMem) this.s.maxSystemMem = this.s.systemMem

    const p = this.top
    const topSize = this.chunksize(p)
    if (topSize >= nb + Malloc.MINSIZE) {
      const remainder = p + nb
      this.top = remainder
      this.setHead(p, nb + Malloc.PREV_INUSE)
      this.setHead(remainder, topSize - nb + Malloc.PREV_INUSE)
      return p + 16
    }
    return 0
  }

  /** sysmalloc_mmap: one private mapping per chunk, page-rounded, IS_MMAPPED in its size word. */
  private mmapChunk(nb: number): number {
    const size = alignUp(nb + Malloc.SIZE_SZ, this.host.pageSize)
    if (size <= nb) return 0
    const mm = this.host.mmap(size)
    if (mm === -1) return 0
    this.setWord(mm, 0)
    this.setHead(mm, size + Malloc.IS_MMAPPED)
    this.s.nMmaps++
    this.s.mmappedMem += size
    this.s.mmapped.set(mm, size)
    return mm + 16
  }

  private munmapChunk(p: number): void {
    const size = this.chunksize(p)
    const block = p - this.prevSize(p)
    const total = this.prevSize(p) + size
    if (!this.mappedChunkLooksRight(p)) this.abort('munmap_chunk(): invalid pointer')
    this.s.nMmaps--
    this.s.mmappedMem -= total
    this.s.mmapped.delete(p)
    this.host.munmap(block, total)
  }

  /**
   * munmap_chunk's and mremap_chunk's test: the mapping (chunk − prev_size, prev_size + size)
   * is page-aligned and the user pointer's offset in its page is a power of two. Only the low
   * bits matter, so they are taken exactly even from a size word overwritten with text.
   */
  private mappedChunkLooksRight(p: number): boolean {
    const pagesize = this.host.pageSize
    // pagesize divides 2^32, so the low 32 bits decide the offsets.
    const prevLow = this.lowBits(p, this.prevSize(p)) % pagesize
    const sizeLow = this.lowBits(p + Malloc.SIZE_SZ, this.sizeNomask(p)) % pagesize
    const blockOffset = (p % pagesize) - prevLow
    const totalOffset = (prevLow + sizeLow - (sizeLow & 7)) % pagesize
    const pageOffset = (p + 16) % pagesize
    return blockOffset === 0 && totalOffset === 0 && (pageOffset & (pageOffset - 1)) === 0
  }

  /**
   * systrim: give the top's excess beyond `pad` back with a negative sbrk; true when the break
   * moved. `topSize`: chunksize(top), which _int_free has at hand (nothing stored since). glibc computes in unsigned arithmetic: a top smaller than MINSIZE + 1 (a split can
   * leave 16 bytes) wraps top_area round to 2^64 - 17, and its "negative" sbrk of
   * -ALIGN_DOWN(2^64 - 17 - pad, page) is a page or more up, so the top grows by that.
   */
  private systrim(pad: number, topSize = this.chunksize(this.top)): boolean {
    const pagesize = this.host.pageSize
    const topArea = topSize - Malloc.MINSIZE - 1
    if (topArea >= 0 && topArea <= pad) return false
    const extra = Math.floor((topArea - pad) / pagesize) * pagesize
    if (extra === 0) return false
    const currentBrk = this.host.programBreak()
    if (currentBrk !== this.top + topSize) return false
    this.host.sbrk(-extra)
    this.refreshBreak()
    const newBrk = this.host.programBreak()
    const released = currentBrk - newBrk
    if (released === 0) return false
    this.s.systemMem -= released
    this.setHead(this.top, topSize - released + Malloc.PREV_INUSE)
    return true
  }

  // ---- _int_free ---------------------------------------------------------------------------

  /**
   * _int_free of chunk `p`; `head`: its size word, when the caller has just read it; `haveLock`:
   * glibc's have_lock argument (0 from free, 1 from realloc, memalign and sysmalloc);
   * `tcacheCountNow`: the count of the chunk's tcache bin when free has it from freeFast (-1:
   * read it).
   */
  private intFree(
    p: number,
    head = this.sizeNomask(p),
    haveLock = true,
    tcacheCountNow = -1
  ): void {
    const bits = this.lowBits(p + Malloc.SIZE_SZ, head)
    let size = head - (bits & 7)
    if (p > negate64(size) || (p & Malloc.MALLOC_ALIGN_MASK) !== 0)
      this.abort('free(): invalid pointer')
    if (size < Malloc.MINSIZE || (bits & Malloc.MALLOC_ALIGN_MASK & ~7) !== 0)
      this.abort('free(): invalid size')

    const tcacheIndex = this.tcacheIndexFor(size)
    if (tcacheIndex >= 0) {
      const entry = p + 16
      // The key word says "probably in the tcache already": walk the bin to be sure.
      if (this.word(entry + 8) === Malloc.TCACHE_KEY) {
        let count = 0
        for (
          let tmp = this.word(this.tcacheEntryAddress(tcacheIndex));
          tmp !== 0;
          tmp = protectPointer(tmp, this.word(tmp)), count++
        ) {
          if (count >= this.s.tunables.tcacheCount)
            this.abort('free(): too many chunks detected in tcache')
          if ((tmp & Malloc.MALLOC_ALIGN_MASK) !== 0)
            this.abort('free(): unaligned chunk detected in tcache 2')
          if (tmp === entry) this.abort('free(): double free detected in tcache 2')
        }
      }
      const count = tcacheCountNow >= 0 ? tcacheCountNow : this.tcacheCount(tcacheIndex)
      if (count < this.s.tunables.tcacheCount) {
        this.tcachePut(p, tcacheIndex, true, count)
        return
      }
    }

    if (size <= this.s.maxFast) {
      const nextHead = this.sizeNomask(p + size)
      if (nextHead <= Malloc.CHUNK_HDR_SZ || nextHead - (nextHead & 7) >= this.s.systemMem) {
        this.abort('free(): invalid next size (fast)')
      }
      if (this.s.tunables.perturb !== 0) this.perturbFree(p, size)
      this.s.haveFastchunks = true
      const index = fastbinIndex(size)
      const old = this.fastbinHead(index)
      if (old === p) this.abort('double free or corruption (fasttop)')
      this.setFd(p, protectPointer(p + 16, old))
      this.setFastbinHead(index, p)
      this.addFree(size)
      // Only where _int_free holds the arena lock (realloc, memalign, sysmalloc): free() calls
      // it with have_lock 0 and does not look at the chunk below.
      if (haveLock && old !== 0 && fastbinIndex(this.chunksize(old)) !== index)
        this.abort('invalid fastbin entry (free)')
      return
    }

    if ((bits & Malloc.IS_MMAPPED) !== 0) {
      this.munmapChunk(p)
      return
    }
    if (this.mergeInPlace(p, size, bits)) return

    const nextchunk = p + size
    const top = this.top
    if (p === top) this.abort('double free or corruption (top)')
    // The top's size word, read once for the check below and, when nextchunk is the top, as
    // nextchunk's (glibc reads it twice, with nothing stored in between).
    const topHead = this.s.contiguous || nextchunk === top ? this.sizeNomask(top) : 0
    if (this.s.contiguous && nextchunk >= top + (topHead - (topHead & 7))) {
      this.abort('double free or corruption (out)')
    }
    const nextHead = nextchunk === top ? topHead : this.sizeNomask(nextchunk)
    const nextBits = this.lowBits(nextchunk + Malloc.SIZE_SZ, nextHead)
    if ((nextBits & Malloc.PREV_INUSE) === 0) this.abort('double free or corruption (!prev)')
    const nextsize = nextHead - (nextBits & 7)
    if (nextHead <= Malloc.CHUNK_HDR_SZ || nextsize >= this.s.systemMem) {
      this.abort('free(): invalid next size (normal)')
    }
    // nextchunk's size word as read above, while nothing has been stored since (glibc reads it
    // again to clear its PREV_INUSE bit).
    let nextHeadNow = nextHead
    if (this.s.tunables.perturb !== 0) {
      this.perturbFree(p, size)
      nextHeadNow = -1
    }

    if ((bits & Malloc.PREV_INUSE) === 0) {
      const prevsize = this.prevSize(p)
      size += prevsize
      p -= prevsize
      if (this.chunksize(p) !== prevsize)
        this.abort('corrupted size vs. prev_size while consolidating')
      this.unlinkChunk(p, prevsize)
      nextHeadNow = -1
    }

    if (nextchunk !== this.top) {
      if (!this.inuseBitAtOffset(nextchunk, nextsize)) {
        this.unlinkChunk(nextchunk, nextsize)
        size += nextsize
      } else {
        this.clearInuseBit(nextchunk + Malloc.SIZE_SZ, nextHeadNow)
      }
      const bck = this.binAt(1)
      const fwd = this.binFirst(1)
      if (this.bkIn(1, fwd) !== bck) this.abort('free(): corrupted unsorted chunks')
      this.setFd(p, fwd)
      this.setBk(p, bck)
      if (!inSmallbinRange(size)) {
        this.setFdNextsize(p, 0)
        this.setBkNextsize(p, 0)
      }
      this.setBinFirst(1, p)
      this.setBkIn(1, fwd, p)
      this.setHead(p, size + Malloc.PREV_INUSE)
      this.setFoot(p, size)
      this.addFree(size)
    } else {
      size += nextsize
      this.setHead(p, size + Malloc.PREV_INUSE)
      this.top = p
    }

    if (size >= Malloc.FASTBIN_CONSOLIDATION_THRESHOLD) this.consolidateAndTrim(p, size)
  }

  /**
   * The end of _int_free for a merged chunk `p` of `size` (64 KiB or more): consolidate the fast
   * bins, and give the top's excess back when it is beyond the trim threshold.
   */
  private consolidateAndTrim(p: number, size: number): void {
    // The top's size: just stored when the chunk became the top and nothing has been
    // consolidated since; else read.
    let topSize = p === this.top ? size : -1
    if (this.s.haveFastchunks) {
      this.mallocConsolidate()
      topSize = -1
    }
    if (topSize < 0) topSize = this.chunksize(this.top)
    if (topSize >= this.s.tunables.trimThreshold) this.systrim(this.s.tunables.topPad, topSize)
  }

  /**
   * _int_free's merging (from `nextchunk = p + size` on: the checks, the merge with a free
   * neighbour on either side or with the top, the chunk put at the front of the unsorted bin)
   * over the heap's words in place: chunks as int32 offsets from the heap table's first page,
   * each chunk's words found through one page lookup, no call per word. The same reads, checks
   * and stores in the same order as the code after the call in intFree. Returns false, having
   * stored nothing, where that code must run instead: a check of glibc's fails (it aborts
   * there), perturb is set, the heap is not contiguous, or a word it needs before its first
   * store is not on a current page of the brk heap (a snapshot froze it, a watch is set) or is
   * 2^53 or more. After the first store it goes on to the end, taking the calls for a word that
   * is not in place, so that a corrupted heap still gets glibc's exact behaviour.
   */
  private mergeInPlace(p: number, size: number, bits: number): boolean {
    const s = this.s
    const low = this.heapLow
    const high = this.heapHighWord
    const h = this.heapWords
    const first = h.first
    if (high - first >= Malloc.TWO_30 || s.tunables.perturb !== 0 || !s.contiguous) return false
    const top = this.top
    const nextchunk = p + size
    // (p + 16 is 16-aligned and size a multiple of 16: free's checks before this said so.)
    if (p === top || p < low || top < low || nextchunk + Malloc.SIZE_SZ > high) return false
    if (top + Malloc.SIZE_SZ > high || ((top - first) & Malloc.MALLOC_ALIGN_MASK) !== 0)
      return false
    const pAt = (p - first) | 0
    const topAt = (top - first) | 0
    const nextAt = (nextchunk - first) | 0
    const topPage = currentPage(h, topAt)
    if (topPage < 0) return false
    const words = h.words
    const topHead = loadWord(words, wordIn(topPage, topAt + Malloc.SIZE_SZ))
    if (topHead > Number.MAX_SAFE_INTEGER) return false
    // 'double free or corruption (out)'
    if (nextchunk >= top + (topHead - (topHead & 7))) return false
    let nextHead = topHead
    if (nextchunk !== top) {
      const nextPage = currentPage(h, nextAt)
      if (nextPage < 0) return false
      nextHead = loadWord(words, wordIn(nextPage, nextAt + Malloc.SIZE_SZ))
      if (nextHead > Number.MAX_SAFE_INTEGER) return false
    }
    // 'double free or corruption (!prev)', 'free(): invalid next size (normal)'
    const nextsize = nextHead - (nextHead & 7)
    if ((nextHead & Malloc.PREV_INUSE) === 0) return false
    if (nextHead <= Malloc.CHUNK_HDR_SZ || nextsize >= s.systemMem) return false
    // nextchunk's size word as read above, while nothing has been stored since.
    let nextHeadNow = nextHead

    let chunk = p
    let chunkAt = pAt
    let chunkPage = currentPage(h, pAt)
    if (chunkPage < 0) return false
    if ((bits & Malloc.PREV_INUSE) === 0) {
      const prevsize = loadWord(words, wordIn(chunkPage, pAt))
      const prev = p - prevsize
      if (prev < low || prev > p) return false
      const prevAt = (prev - first) | 0
      // (prev's six words on one storage page: unlinkInPlace needs that too.)
      const prevPage =
        (prevAt & 7) === 0 && (prevAt & (Malloc.PAGE_BYTES - 1)) <= 464
          ? currentPage(h, prevAt)
          : -1
      if (prevPage < 0) return false
      const prevHead = loadWord(words, wordIn(prevPage, prevAt + Malloc.SIZE_SZ))
      // 'corrupted size vs. prev_size while consolidating'
      if (prevHead - (prevHead & 7) !== prevsize) return false
      if (!this.unlinkInPlace(prev, prevsize)) return false
      size += prevsize
      chunk = prev
      chunkAt = prevAt
      chunkPage = prevPage
      nextHeadNow = -1
    }

    // Stored from here on: every word is read and stored in place or, where it is not, by the
    // calls, to the end.
    if (nextchunk !== this.top) {
      size = this.mergeIntoUnsorted(chunk, chunkAt, size, nextchunk, nextsize, nextHeadNow)
      if (size >= Malloc.FASTBIN_CONSOLIDATION_THRESHOLD) this.consolidateAndTrim(chunk, size)
      return true
    }
    size += nextsize
    // chunk's page, as found above: only in-place stores since, so still current.
    storeWord(h, chunkPage, chunkAt + Malloc.SIZE_SZ, size + Malloc.PREV_INUSE)
    this.top = chunk
    // consolidateAndTrim with the top's size at hand (size: the chunk is the top), its call
    // saved on the commonest way out of a free into the top: no fast chunks.
    if (size >= Malloc.FASTBIN_CONSOLIDATION_THRESHOLD) {
      if (s.haveFastchunks) this.consolidateAndTrim(chunk, size)
      else if (size >= s.tunables.trimThreshold) this.systrim(s.tunables.topPad, size)
    }
    return true
  }

  /**
   * mergeInPlace's second half where the chunk's next neighbour is not the top: merge with it
   * when it is free, else clear its PREV_INUSE bit; put the chunk (at `chunkAt`, of `size` so
   * far) at the front of the unsorted bin. Returns the merged size. Stores from the start, so it
   * reads and stores each word in place or by the calls, never declining; `nextHeadNow`:
   * nextchunk's size word while nothing has been stored since it was read, else -1.
   */
  private mergeIntoUnsorted(
    chunk: number,
    chunkAt: number,
    size: number,
    nextchunk: number,
    nextsize: number,
    nextHeadNow: number
  ): number {
    const h = this.heapWords
    const first = h.first
    const low = this.heapLow
    const high = this.heapHighWord
    const nextAt = (nextchunk - first) | 0
    // inuse_bit_at_offset (nextchunk, nextsize): the PREV_INUSE bit of the chunk after it.
    const after = nextchunk + nextsize + Malloc.SIZE_SZ
    const afterAt = (after - first) | 0
    const afterPage = after <= high && (afterAt & 7) === 0 ? currentPage(h, afterAt) : -1
    const afterHead =
      afterPage >= 0 ? loadWord(h.words, wordIn(afterPage, afterAt)) : this.word(after)
    if ((this.lowBits(after, afterHead) & Malloc.PREV_INUSE) === 0) {
      if (!this.unlinkInPlace(nextchunk, nextsize)) this.unlinkChunk(nextchunk, nextsize)
      size += nextsize
    } else {
      // clear_inuse_bit_at_offset (nextchunk, 0)
      const nextPage = currentPage(h, nextAt)
      if (nextPage < 0) this.clearInuseBit(nextchunk + Malloc.SIZE_SZ, nextHeadNow)
      else {
        const head =
          nextHeadNow >= 0
            ? nextHeadNow
            : loadWord(h.words, wordIn(nextPage, nextAt + Malloc.SIZE_SZ))
        if (head > Number.MAX_SAFE_INTEGER) this.clearInuseBit(nextchunk + Malloc.SIZE_SZ, head)
        else if ((head & Malloc.PREV_INUSE) !== 0)
          storeWord(h, nextPage, nextAt + Malloc.SIZE_SZ, head - Malloc.PREV_INUSE)
      }
    }
    // The chunk goes to the front of the unsorted bin, whose header (bck) lives in main_arena.
    const bck = this.binAt(1)
    const fwd = this.binFirst(1)
    let fwdLinkAt = -1
    let fwdLinkPage = -1
    let fwdBk: number
    if (fwd === bck) fwdBk = this.binLast(1)
    else {
      const link = fwd + 24
      fwdLinkAt = (link - first) | 0
      fwdLinkPage =
        link >= low && link <= high && (fwdLinkAt & 7) === 0 ? currentPage(h, fwdLinkAt) : -1
      fwdBk = fwdLinkPage >= 0 ? loadWord(h.words, wordIn(fwdLinkPage, fwdLinkAt)) : this.bk(fwd)
    }
    if (fwdBk !== bck) this.abort('free(): corrupted unsorted chunks')
    // The chunk's six words in place when they are on one current page.
    const chunkPage = (chunkAt & (Malloc.PAGE_BYTES - 1)) <= 464 ? currentPage(h, chunkAt) : -1
    if (chunkPage >= 0 && fwd < Malloc.TWO_53) {
      storeWord(h, chunkPage, chunkAt + 16, fwd)
      storeWord(h, chunkPage, chunkAt + 24, bck)
      if (!inSmallbinRange(size)) {
        storeWord(h, chunkPage, chunkAt + 32, 0)
        storeWord(h, chunkPage, chunkAt + 40, 0)
      }
    } else {
      this.setFd(chunk, fwd)
      this.setBk(chunk, bck)
      if (!inSmallbinRange(size)) {
        this.setFdNextsize(chunk, 0)
        this.setBkNextsize(chunk, 0)
      }
    }
    this.setBinFirst(1, chunk)
    if (fwd === bck) this.setBinLast(1, chunk)
    else if (fwdLinkPage >= 0) storeWord(h, fwdLinkPage, fwdLinkAt, chunk)
    else this.setBk(fwd, chunk)
    if (chunkPage >= 0) storeWord(h, chunkPage, chunkAt + Malloc.SIZE_SZ, size + Malloc.PREV_INUSE)
    else this.setHead(chunk, size + Malloc.PREV_INUSE)
    // set_foot: the prev_size of the chunk after the merged one.
    const footAt = chunkAt + size
    const footPage = chunk + size <= high && (footAt & 7) === 0 ? currentPage(h, footAt) : -1
    if (footPage >= 0) storeWord(h, footPage, footAt, size)
    else this.setFoot(chunk, size)
    this.addFree(size)
    return size
  }

  /**
   * unlinkChunk over the heap's words in place (see mergeInPlace): `p` (of `size`) and the
   * neighbours its fd and bk name, each a chunk on a current page of the brk heap or a bin's
   * header in main_arena. False, having stored nothing, where unlinkChunk must run instead: a
   * check fails (it aborts) or a word is elsewhere.
   */
  private unlinkInPlace(p: number, size: number): boolean {
    const low = this.heapLow
    const high = this.heapHighWord
    const h = this.heapWords
    const first = h.first
    const foot = p + size
    if (p < low || size < Malloc.MINSIZE || foot > high || high - first >= Malloc.TWO_30)
      return false
    const at = (p - first) | 0
    const footAt = (foot - first) | 0
    // p's six words on one storage page, its footer aligned.
    if ((at & 7) !== 0 || (at & (Malloc.PAGE_BYTES - 1)) > 464 || (footAt & 7) !== 0) return false
    const page = currentPage(h, at)
    const footPage = currentPage(h, footAt)
    if (page < 0 || footPage < 0) return false
    const words = h.words
    // 'corrupted size vs. prev_size'
    if (loadWord(words, wordIn(footPage, footAt)) !== size) return false
    const fd = loadWord(words, wordIn(page, at + 16))
    const bk = loadWord(words, wordIn(page, at + 24))
    const arena = this.s.arena
    // fd->bk and bk->fd: a bin's header's word in the arena array, or a heap word in place.
    const fdBk = arenaWordIndex(fd + 24)
    let fdBkAt = -1
    let fdBkPage = -1
    if (fdBk < 0) {
      if (fd < low || fd + 24 > high) return false
      fdBkAt = (fd + 24 - first) | 0
      if ((fdBkAt & 7) !== 0 || (fdBkPage = currentPage(h, fdBkAt)) < 0) return false
    }
    const bkFd = arenaWordIndex(bk + 16)
    let bkFdAt = -1
    let bkFdPage = -1
    if (bkFd < 0) {
      if (bk < low || bk + 16 > high) return false
      bkFdAt = (bk + 16 - first) | 0
      if ((bkFdAt & 7) !== 0 || (bkFdPage = currentPage(h, bkFdAt)) < 0) return false
    }
    // 'corrupted double-linked list'
    if ((fdBk >= 0 ? arena[fdBk] : loadWord(words, wordIn(fdBkPage, fdBkAt))) !== p) return false
    if ((bkFd >= 0 ? arena[bkFd] : loadWord(words, wordIn(bkFdPage, bkFdAt))) !== p) return false
    this.removeFree(size)
    if (fdBk >= 0) arena[fdBk] = bk
    else storeWord(h, fdBkPage, fdBkAt, bk)
    if (bkFd >= 0) arena[bkFd] = fd
    else storeWord(h, bkFdPage, bkFdAt, fd)
    // A large chunk in a large bin has nextsize links (in the unsorted bin they are 0).
    if (!inSmallbinRange(size)) {
      const fdNext = loadWord(h.words, wordIn(page, at + 32))
      if (fdNext !== 0) this.unlinkNextsize(p, fd, fdNext)
    }
    return true
  }

  private perturbFree(p: number, size: number): void {
    const perturb = this.s.tunables.perturb
    if (perturb !== 0 && size > Malloc.CHUNK_HDR_SZ)
      this.mem.fill(p + 16, size - Malloc.CHUNK_HDR_SZ, perturb)
  }

  // ---- realloc -------------------------------------------------------------------------------

  /** _int_realloc of the chunk `oldp`, whose size word is `oldHead`, to chunk size `nb`. */
  private intRealloc(oldp: number, oldHead: number, nb: number): number {
    const oldsize = oldHead - (oldHead & 7)
    if (oldHead <= Malloc.CHUNK_HDR_SZ || oldsize >= this.s.systemMem) {
      this.abort('realloc(): invalid old size')
    }
    const next = oldp + oldsize
    const nextHead = this.sizeNomask(next)
    const nextsize = nextHead - (nextHead & 7)
    if (nextHead <= Malloc.CHUNK_HDR_SZ || nextsize >= this.s.systemMem) {
      this.abort('realloc(): invalid next size')
    }
    let newp = oldp
    let newsize = oldsize
    if (oldsize < nb) {
      if (next === this.top && oldsize + nextsize >= nb + Malloc.MINSIZE) {
        // Grow in place into the top chunk.
        newsize = oldsize + nextsize
        this.setHead(oldp, (oldHead & 7) + nb)
        this.top = oldp + nb
        this.setHead(this.top, newsize - nb + Malloc.PREV_INUSE)
        return oldp + 16
      } else if (
        next !== this.top &&
        !this.inuseBitAtOffset(next, nextsize) &&
        oldsize + nextsize >= nb
      ) {
        // Grow in place into the free chunk that follows.
        newsize = oldsize + nextsize
        if (!this.unlinkInPlace(next, nextsize)) this.unlinkChunk(next, nextsize)
      } else {
        const newmem = this.intMalloc(request2size(nb - Malloc.MALLOC_ALIGN_MASK))
        if (newmem === 0) return 0
        newp = newmem - 16
        newsize = this.chunksize(newp)
        if (newp === next) {
          newsize += oldsize
          newp = oldp
        } else {
          this.mem.writeBytes(newmem, this.mem.readBytes(oldp + 16, oldsize - Malloc.SIZE_SZ))
          this.intFree(oldp)
          return newmem
        }
      }
    }
    // Shrink (or trim the grown chunk) in place; a big enough tail is freed as its own chunk.
    const remainderSize = newsize - nb
    if (remainderSize < Malloc.MINSIZE) {
      this.setHeadSize(newp, newsize)
      this.setInuseBitAtOffset(newp, newsize)
    } else {
      const remainder = newp + nb
      this.setHeadSize(newp, nb)
      this.setHead(remainder, remainderSize + Malloc.PREV_INUSE)
      this.setInuseBitAtOffset(remainder, remainderSize)
      this.intFree(remainder)
    }
    return newp + 16
  }

  /** mremap_chunk as Linux does it: shrink in place, grow by moving to a new mapping. */
  private reallocMmapped(oldp: number, nb: number): number {
    const pagesize = this.host.pageSize
    const offset = this.prevSize(oldp)
    const size = this.chunksize(oldp)
    const block = oldp - offset
    const total = offset + size
    const mem = oldp + 16
    if (!this.mappedChunkLooksRight(oldp)) this.abort('mremap_chunk(): invalid pointer')
    const newTotal = alignUp(nb + offset + Malloc.SIZE_SZ, pagesize)
    if (newTotal === total) return mem
    let newBlock: number
    if (this.host.mremap !== undefined) {
      newBlock = this.host.mremap(block, total, newTotal)
      if (newBlock === -1) return 0
    } else if (newTotal < total) {
      this.host.munmap(block + newTotal, total - newTotal)
      newBlock = block
    } else {
      newBlock = this.host.mmap(newTotal)
      if (newBlock === -1) return 0
      this.mem.writeBytes(newBlock, this.mem.readBytes(block, total))
      this.host.munmap(block, total)
    }
    const p = newBlock + offset
    this.setHead(p, newTotal - offset + Malloc.IS_MMAPPED)
    this.s.mmappedMem += newTotal - total
    this.s.mmapped.delete(oldp)
    this.s.mmapped.set(p, newTotal - offset)
    return p + 16
  }

  // ---- inspection ----------------------------------------------------------------------------

  /** Which list each free (or cached) chunk is on, keyed by chunk address. */
  private binLabels(): Map<number, BinLabel> {
    const labels = new Map<number, BinLabel>()
    for (const [list, chunks] of this.walkLists()) {
      const label: BinLabel = list.startsWith('tcache')
        ? 'tcache'
        : list.startsWith('fastbin')
          ? 'fastbin'
          : list === 'unsorted'
            ? 'unsorted'
            : list.startsWith('smallbin')
              ? 'smallbin'
              : 'largebin'
      for (const chunk of chunks) labels.set(chunk, label)
    }
    return labels
  }

  /**
   * Whether a chunk a list links to has its size and links in mapped memory. A use after free
   * can overwrite a cached chunk's link with any number; the real library faults only when malloc
   * follows it, so listing the bins for the views must not: a list ends at a link that leads
   * out of mapped memory (the chunk that holds it is still listed).
   */
  private mappedChunk(chunk: number): boolean {
    try {
      this.word(chunk + Malloc.SIZE_SZ)
      this.word(chunk + 2 * Malloc.SIZE_SZ)
      this.word(chunk + 3 * Malloc.SIZE_SZ)
      return true
    } catch (error) {
      if (error instanceof ProcessFault) return false
      throw error
    }
  }

  /** Every list in glibc's search order: tcache bins, fast bins, unsorted, small, large. */
  private walkLists(): Array<[string, number[]]> {
    const lists: Array<[string, number[]]> = []
    const limit = 1 + Math.floor(this.s.systemMem / Malloc.MINSIZE) + 64
    const hex = (n: number): string => '0x' + n.toString(16)
    if (this.s.tcache !== 0) {
      for (let i = 0; i < Malloc.TCACHE_MAX_BINS; i++) {
        const chunks: number[] = []
        for (
          let e = this.word(this.tcacheEntryAddress(i));
          e !== 0 && chunks.length < limit;
          e = protectPointer(e, this.word(e))
        ) {
          if ((e & Malloc.MALLOC_ALIGN_MASK) !== 0 || !this.mappedChunk(e - 16)) break
          chunks.push(e - 16)
        }
        if (chunks.length > 0) lists.push([`tcache[${hex(i * 16 + Malloc.MINSIZE)}]`, chunks])
      }
    }
    for (let i = 0; i < Malloc.NFASTBINS; i++) {
      const chunks: number[] = []
      for (
        let c = this.word(this.fastbinAddress(i));
        c !== 0 && chunks.length < limit;
        c = protectPointer(c + 16, this.fd(c))
      ) {
        if ((c & Malloc.MALLOC_ALIGN_MASK) !== 0 || !this.mappedChunk(c)) break
        chunks.push(c)
      }
      if (chunks.length > 0) lists.push([`fastbin[${hex((i + 2) * 16)}]`, chunks])
    }
    for (let i = 1; i < Malloc.NBINS; i++) {
      const bin = this.binAt(i)
      const chunks: number[] = []
      for (let c = this.fd(bin); c !== bin && chunks.length < limit; c = this.fd(c)) {
        if (c === 0 || (c & Malloc.MALLOC_ALIGN_MASK) !== 0 || !this.mappedChunk(c)) break
        chunks.push(c)
      }
      if (chunks.length === 0) continue
      const name = i === 1 ? 'unsorted' : i < 64 ? `smallbin[${hex(i * 16)}]` : `largebin[${i}]`
      lists.push([name, chunks])
    }
    return lists
  }

  blocks(): BlockInfo[] {
    this.refreshBreak()
    const labels = this.binLabels()
    const result: BlockInfo[] = []
    const top = this.top
    for (const start of this.s.regions) {
      let p = start
      let guard = 0
      while (guard++ < 1 << 24) {
        const raw = this.sizeNomask(p)
        const size = raw - (raw & 7)
        if (p === top) {
          // Minus the 8 bytes of the first chunk's prev_size, so the blocks end exactly at the break.
          if (size > Malloc.SIZE_SZ) result.push(this.freeBlock(p, size - Malloc.SIZE_SZ, 'top'))
          break
        }
        if (size === Malloc.CHUNK_HDR_SZ) {
          // A fence post closing a region abandoned by sysmalloc.
          result.push({ ...this.usedBlock(p, size, 0, 'bookkeeping'), role: 'fencepost' })
          if (this.chunksize(p + size) === Malloc.CHUNK_HDR_SZ) {
            const second = this.usedBlock(p + size, Malloc.CHUNK_HDR_SZ, 0, 'bookkeeping')
            result.push({ ...second, role: 'fencepost' })
          }
          break
        }
        const limit = top > p ? top : p + size
        if (size < Malloc.MINSIZE || (size & Malloc.MALLOC_ALIGN_MASK) !== 0 || p + size > limit) {
          const span = top > p ? top - p : Malloc.MINSIZE
          result.push({ ...this.usedBlock(p, span, 0), corrupted: true })
          if (top > p) {
            p = top
            continue
          }
          break
        }
        const label = labels.get(p)
        const mem = p + 16
        if (label !== undefined) {
          result.push(this.freeBlock(p, size, label))
        } else if (mem === this.s.tcache) {
          const tcacheStruct = this.usedBlock(p, size, Malloc.TCACHE_STRUCT_BYTES, 'bookkeeping')
          result.push({ ...tcacheStruct, role: 'tcache-struct' })
        } else {
          const requested = this.s.requested.get(mem) ?? size - Malloc.SIZE_SZ
          result.push(this.usedBlock(p, size, requested))
        }
        p += size
      }
    }
    for (const [chunk, size] of [...this.s.mmapped].sort((a, b) => a[0] - b[0])) {
      result.push(
        this.usedBlock(
          chunk,
          size,
          this.s.requested.get(chunk + 16) ?? size - Malloc.CHUNK_HDR_SZ,
          'mmap'
        )
      )
    }
    return result
  }

  // Made by heapBlockInfo (with `new`, not as literals: see inspection.ts), so that the lists a
  // scrubber reads after each jump die young. Chunks carry no history of their own.
  private freeBlock(p: number, size: number, bin: BinLabel): BlockInfo {
    const payload = p + 16
    const header = Malloc.SIZE_SZ
    return heapBlockInfo(p + header, size, payload, header, 0, 0, size - header, FREE_CHUNK, bin)
  }

  private usedBlock(p: number, size: number, requested: number, bin?: BinLabel): BlockInfo {
    const header = bin === 'mmap' ? Malloc.CHUNK_HDR_SZ : Malloc.SIZE_SZ
    return heapBlockInfo(
      p + Malloc.SIZE_SZ,
      bin === 'mmap' ? size - Malloc.SIZE_SZ : size,
      p + 16,
      header - (bin === 'mmap' ? Malloc.SIZE_SZ : 0),
      0,
      requested,
      Math.max(0, size - header - requested),
      USED_CHUNK,
      bin
    )
  }

  /** The block whose payload is `pointer`, if it is a chunk the allocator handed out. */
  blockAt(pointer: number): BlockInfo | undefined {
    this.refreshBreak()
    const requested = this.s.requested.get(pointer)
    if (requested === undefined) return undefined
    const p = pointer - 16
    const size = this.chunksize(p)
    return this.isMmapped(p)
      ? this.usedBlock(p, size, requested, 'mmap')
      : this.usedBlock(p, size, requested)
  }

  /**
   * Where the block whose payload is `pointer` lies, as blockAt would say, without making a
   * BlockInfo: its start in `out[0]`, its size in `out[1]`; false when it is not a chunk the
   * allocator handed out.
   */
  blockBounds(pointer: number, out: Float64Array): boolean {
    if (this.s.requested.get(pointer) === undefined) return false
    this.refreshBreak()
    const p = pointer - 16
    const size = this.chunksize(p)
    out[0] = p + Malloc.SIZE_SZ
    out[1] = this.isMmapped(p) ? size - Malloc.SIZE_SZ : size
    return true
  }

  freeLists(): Record<string, Array<[number, number]>> {
    this.refreshBreak()
    const lists: Record<string, Array<[number, number]>> = {}
    for (const [name, chunks] of this.walkLists()) {
      lists[name] = chunks.map((c) => [c + Malloc.SIZE_SZ, this.chunksize(c)])
    }
    const top = this.top
    if (this.chunksize(top) > 0) lists['top'] = [[top + Malloc.SIZE_SZ, this.chunksize(top)]]
    return lists
  }

  /**
   * Totals for the metrics, kept up to date as chunks change hands (no walk of the heap). One
   * object, updated in place on each call (the machine asks after every operation and copies
   * what it keeps); its largestFreeBlock is worked out from the bins only when it is read.
   */
  stats(): LiveStats {
    this.refreshBreak()
    const s = this.s
    const topSize = s.regions.length > 0 ? this.chunksize(this.top) - Malloc.SIZE_SZ : 0
    const hasTop = topSize > 0
    const used = s.used
    const view = this.statsView
    view.allocatedBytes = used[Used.allocatedBytes] as number
    view.headerBytes = (used[Used.liveBlocks] as number) * Malloc.SIZE_SZ
    view.paddingBytes =
      view.allocatedBytes -
      view.headerBytes -
      (this.counters[AllocatorCounter.requestedBytes] as number)
    view.freeBytes = s.freeChunkBytes + (hasTop ? topSize : 0)
    view.freeBlocks = s.freeCount + (hasTop ? 1 : 0)
    view.liveBlocks = used[Used.liveBlocks] as number
    return view
  }

  /**
   * The largest free block: the top (less the 8 bytes blocks() leaves to the heap's start), or
   * the largest chunk in the tcache, the fast bins, the unsorted bin, or the small and large
   * bins (a large bin is sorted, largest first).
   */
  private largestFreeBlock(): number {
    this.refreshBreak()
    const topSize = this.s.regions.length > 0 ? this.chunksize(this.top) - Malloc.SIZE_SZ : 0
    let largest = topSize > 0 ? topSize : 0
    if (this.s.tcache !== 0) {
      for (let i = Malloc.TCACHE_MAX_BINS - 1; i >= 0; i--) {
        if (this.word(this.tcacheEntryAddress(i)) !== 0) {
          largest = Math.max(largest, i * Malloc.MALLOC_ALIGNMENT + Malloc.MINSIZE)
          break
        }
      }
    }
    for (let i = Malloc.NFASTBINS - 1; i >= 0; i--) {
      if (this.word(this.fastbinAddress(i)) !== 0) {
        largest = Math.max(largest, (i + 2) * Malloc.MALLOC_ALIGNMENT)
        break
      }
    }
    for (let i = Malloc.NBINS - 1; i >= 2; i--) {
      const bin = this.binAt(i)
      const first = this.fd(bin)
      if (first !== bin) {
        largest = Math.max(largest, i < 64 ? i * Malloc.MALLOC_ALIGNMENT : this.chunksize(first))
        break
      }
    }
    const unsorted = this.binAt(1)
    const limit = this.listLimit()
    let steps = 0
    for (let c = this.fd(unsorted); c !== unsorted && steps++ < limit; c = this.fd(c)) {
      if (c === 0 || (c & Malloc.MALLOC_ALIGN_MASK) !== 0) break
      largest = Math.max(largest, this.chunksize(c))
    }
    return largest
  }

  // ---- bookkeeping for stats() and the views --------------------------------------------------

  /** A chunk of `size` enters the bins or the tcache (moving between lists is not counted). */
  private addFree(size: number): void {
    this.s.freeCount++
    this.s.freeChunkBytes += size
  }

  /** A chunk of `size` leaves the bins and the tcache (handed out, or merged into another). */
  private removeFree(size: number): void {
    this.s.freeCount--
    this.s.freeChunkBytes -= size
  }

  /**
   * The program now owns the chunk at `mem` and asked for `requested` bytes; `head`: its size
   * word, when the caller has just read it.
   */
  private noteAllocated(
    mem: number,
    requested: number,
    head = this.word(mem - Malloc.SIZE_SZ)
  ): void {
    this.s.requested.set(mem, requested)
    this.countUsed(head, requested, 1)
  }

  /**
   * The program gives the chunk at `mem` back (before the allocator touches it); `head`: its
   * size word, when the caller has just read it.
   */
  private noteReleased(mem: number, head = this.word(mem - Malloc.SIZE_SZ)): void {
    const requested = this.s.requested.take(mem)
    if (requested !== undefined) this.countUsed(head, requested, -1)
  }

  /**
   * realloc keeps the chunk at `mem` (its size word was `oldHead`, is now `head`) for `requested`
   * bytes: noteReleased and noteAllocated in one lookup of the chunk.
   */
  private noteKept(mem: number, oldHead: number, head: number, requested: number): void {
    const old = this.s.requested.replace(mem, requested)
    if (old !== undefined) this.countUsed(oldHead, old, -1)
    this.countUsed(head, requested, 1)
  }

  /**
   * A chunk whose size word is `head`, with `requested` bytes, enters or leaves the totals. Its
   * block has SIZE_SZ of header and `usable` bytes, of which the program asked for `requested`
   * (no more than the block holds: a size word the program overwrote may say less) and the rest
   * is padding, so the headers' and the padding's totals follow from these three (see stats()).
   */
  private countUsed(head: number, requested: number, sign: 1 | -1): void {
    const size = head - (head & 7)
    const block = (head & Malloc.IS_MMAPPED) !== 0 ? size - Malloc.SIZE_SZ : size
    const usable = block - Malloc.SIZE_SZ
    const used = this.s.used
    used[Used.allocatedBytes] += sign * block
    used[Used.liveBlocks] += sign
    this.counters[AllocatorCounter.requestedBytes] +=
      sign * (requested < usable ? requested : usable)
  }

  snapshot(): unknown {
    const s = this.s
    const snapshot: GlibcSnapshot = {
      ...copyState(s),
      requested: s.requested.snapshot(),
      requestedBytes: this.counters[AllocatorCounter.requestedBytes] as number
    }
    return snapshot
  }

  /**
   * Back to a snapshot, copied into the state objects the allocator already has: new objects
   * (of another shape than the constructor's) would send the hot paths back to unoptimized
   * code after every jump in time.
   */
  restore(snapshot: unknown): void {
    const saved = snapshot as GlibcSnapshot
    const s = this.s
    s.arena.set(saved.arena)
    s.binmap.set(saved.binmap)
    s.haveFastchunks = saved.haveFastchunks
    s.systemMem = saved.systemMem
    s.maxSystemMem = saved.maxSystemMem
    s.contiguous = saved.contiguous
    Object.assign(s.tunables, saved.tunables)
    s.tcacheBins = saved.tcacheBins
    s.maxFast = saved.maxFast
    s.sbrkBase = saved.sbrkBase
    s.nMmaps = saved.nMmaps
    s.mmappedMem = saved.mmappedMem
    s.tcache = saved.tcache
    s.initialized = saved.initialized
    s.mmapped.clear()
    for (const [chunk, size] of saved.mmapped) s.mmapped.set(chunk, size)
    s.requested.restore(saved.requested)
    s.freeCount = saved.freeCount
    s.freeChunkBytes = saved.freeChunkBytes
    s.used.set(saved.used)
    this.counters[AllocatorCounter.requestedBytes] = saved.requestedBytes
    s.regions.length = 0
    for (const region of saved.regions) s.regions.push(region)
  }
}

/** A copy of the state's mutable parts (all but the requested sizes, which copy themselves). */
function copyState(s: GlibcState): Omit<GlibcState, 'requested'> {
  return {
    ...s,
    arena: s.arena.slice(),
    binmap: s.binmap.slice(),
    tunables: { ...s.tunables },
    mmapped: new Map(s.mmapped),
    used: s.used.slice(),
    regions: [...s.regions]
  }
}

/** A glibc 2.36 allocator on `host`; `tunables` as in GLIBC_TUNABLES. */
export function createGlibcAllocator(host: HeapHost, options: GlibcOptions = {}): GlibcAllocator {
  return new GlibcAllocator(host, options)
}
