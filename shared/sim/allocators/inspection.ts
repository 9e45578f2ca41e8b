/**
 * What the textbook allocators (free list, segregated, buddy, compacting) have in common when
 * they describe their blocks: where a block came from, and how an mmapped chunk looks.
 */
import type { BlockInfo, BlockOrigin } from '../types'

/** A request above the mmap threshold, served by its own mapping instead of the heap. */
export interface MmapChunk {
  address: number
  size: number
  payload: number
  requested: number
  allocStep: number
  allocLine: number
}

/** The step and line bookkeeping every block keeps (-1: not known). */
export interface BlockHistory {
  free: boolean
  allocStep: number
  allocLine: number
  freeStep: number
  freeLine: number
}

/**
 * A heap block as the views show it, with its history, made in one constructor: every
 * property it will have is set there, in the same order (an object that gets `allocated` and
 * `freed` afterwards moves them to a separate property array and changes its shape twice). A view of 10,000 blocks is made on every jump of the time-travel
 * scrubber, so that is a tenth less garbage and no shape changes per block.
 *
 * Made by `new`, not as object literals: V8 tracks where each literal is made (an allocation
 * site) and, when most objects of one site are still alive at a scavenge, makes that site's
 * objects in the old generation from then on (pretenuring). A view's list is alive all the
 * while it is being made, so a scavenge during one tenured these sites (already during a
 * replay's warm-up), and from then every list read went to the old generation, garbage only a
 * major collection frees: the sim bench reading the lists after each jump of first fit on
 * binary2 x42 grew the old generation by ~1.4 MB a jump (22 -> 115 MB between major
 * collections). `new` has no allocation site, so the lists die young as they should.
 */
export function heapBlockInfo(
  address: number,
  size: number,
  payload: number,
  headerBytes: number,
  footerBytes: number,
  requested: number,
  paddingBytes: number,
  b: BlockHistory,
  bin?: BlockInfo['bin'],
  corrupted = false
): BlockInfo {
  return new HeapBlock(
    address,
    size,
    payload,
    headerBytes,
    footerBytes,
    requested,
    paddingBytes,
    b,
    bin,
    corrupted
  )
}

/**
 * See `heapBlockInfo`. Its fields are `declare`d and set by the constructor only: with
 * `useDefineForClassFields` a field declared otherwise is first defined as undefined. `bin`,
 * `corrupted` (the header no longer holds what the allocator wrote: rare, a heap overflow) and
 * the history are set only when there is something to say.
 */
class HeapBlock implements BlockInfo {
  declare address: number
  declare size: number
  declare payload: number
  declare requested: number
  declare headerBytes: number
  declare footerBytes: number
  declare paddingBytes: number
  declare free: boolean
  declare bin?: BlockInfo['bin']
  declare corrupted?: boolean
  declare allocated?: BlockOrigin
  declare freed?: BlockOrigin

  constructor(
    address: number,
    size: number,
    payload: number,
    headerBytes: number,
    footerBytes: number,
    requested: number,
    paddingBytes: number,
    b: BlockHistory,
    bin: BlockInfo['bin'] | undefined,
    corrupted: boolean
  ) {
    this.address = address
    this.size = size
    this.payload = payload
    this.requested = requested
    this.headerBytes = headerBytes
    this.footerBytes = footerBytes
    this.paddingBytes = paddingBytes
    this.free = b.free
    if (bin !== undefined) this.bin = bin
    if (corrupted) this.corrupted = true
    if (b.allocStep >= 0) this.allocated = new Origin(b.allocStep, b.allocLine)
    if (b.free && b.freeStep >= 0) this.freed = new Origin(b.freeStep, b.freeLine)
  }
}

/** Where a block was allocated or freed: its step, and its line when known (-1: not). */
class Origin implements BlockOrigin {
  declare step: number
  declare line?: number

  constructor(step: number, line: number) {
    this.step = step
    if (line >= 0) this.line = line
  }
}

/** An mmapped chunk as the views show it: always allocated, its header before the payload. */
export function mmapChunkInfo(c: MmapChunk): BlockInfo {
  const header = c.payload - c.address
  return {
    address: c.address,
    size: c.size,
    payload: c.payload,
    requested: c.requested,
    headerBytes: header,
    footerBytes: 0,
    paddingBytes: c.size - header - c.requested,
    free: false,
    bin: 'mmap',
    allocated: c.allocLine >= 0 ? { step: c.allocStep, line: c.allocLine } : { step: c.allocStep }
  }
}

/**
 * `Allocator.blockBounds` for an allocator that found the block (a heap block or an mmapped
 * chunk) by its payload: its address and size into `out`; false when there is none.
 */
export function writeBounds(
  block: { address: number; size: number } | undefined,
  out: Float64Array
): boolean {
  if (block === undefined) return false
  out[0] = block.address
  out[1] = block.size
  return true
}
