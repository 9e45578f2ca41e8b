/**
 * What the textbook allocators (free list, segregated, buddy, compacting) have in common when
 * they describe their blocks: where a block came from, and how an mmapped chunk looks.
 */
import type { BlockInfo } from '../types'

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

/** Adds where the block was allocated and, for a free block, freed. */
export function withHistory(info: BlockInfo, b: BlockHistory): BlockInfo {
  if (b.allocStep >= 0) {
    info.allocated =
      b.allocLine >= 0 ? { step: b.allocStep, line: b.allocLine } : { step: b.allocStep }
  }
  if (b.free && b.freeStep >= 0) {
    info.freed = b.freeLine >= 0 ? { step: b.freeStep, line: b.freeLine } : { step: b.freeStep }
  }
  return info
}

/**
 * A heap block as the views show it, with its history, made as one object literal: a literal
 * with every property it will have gets them all in the object itself, where adding
 * `allocated` and `freed` afterwards (as `withHistory` does) moves them to a separate property
 * array and changes the object's shape twice. A view of 10,000 blocks is made on every jump of
 * the time-travel scrubber, so that is a tenth less garbage and no shape changes per block.
 */
export function heapBlockInfo(
  address: number,
  size: number,
  headerBytes: number,
  footerBytes: number,
  requested: number,
  paddingBytes: number,
  b: BlockHistory
): BlockInfo {
  const payload = address + headerBytes
  const free = b.free
  if (b.allocStep < 0) {
    if (free && b.freeStep >= 0) {
      const freed = origin(b.freeStep, b.freeLine)
      return {
        address,
        size,
        payload,
        requested,
        headerBytes,
        footerBytes,
        paddingBytes,
        free,
        freed
      }
    }
    return { address, size, payload, requested, headerBytes, footerBytes, paddingBytes, free }
  }
  const allocated = origin(b.allocStep, b.allocLine)
  if (free && b.freeStep >= 0) {
    const freed = origin(b.freeStep, b.freeLine)
    return {
      address,
      size,
      payload,
      requested,
      headerBytes,
      footerBytes,
      paddingBytes,
      free,
      allocated,
      freed
    }
  }
  return {
    address,
    size,
    payload,
    requested,
    headerBytes,
    footerBytes,
    paddingBytes,
    free,
    allocated
  }
}

function origin(step: number, line: number): { step: number; line?: number } {
  return line >= 0 ? { step, line } : { step }
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
