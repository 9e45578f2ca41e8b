/**
 * Heap metrics computed from scratch from a list of blocks. Allocators keep the same totals
 * incrementally (`Allocator.stats`); tests compare the two, and allocators without `stats`
 * fall back to this.
 */
import type { HeapMetrics } from '../state'
import type { AllocatorStats, BlockInfo } from './types'

/** The totals of a heap with no blocks: where every allocator's running totals start. */
export function emptyStats(): AllocatorStats {
  return {
    allocatedBytes: 0,
    headerBytes: 0,
    paddingBytes: 0,
    freeBytes: 0,
    freeBlocks: 0,
    largestFreeBlock: 0,
    liveBlocks: 0
  }
}

/** Totals over `blocks` (bookkeeping blocks count as neither allocated nor free). */
export function statsFromBlocks(blocks: readonly BlockInfo[]): AllocatorStats {
  const s: AllocatorStats = emptyStats()
  for (const b of blocks) {
    if (b.bin === 'bookkeeping') continue
    if (b.free) {
      s.freeBytes += b.size
      s.freeBlocks++
      if (b.size > s.largestFreeBlock) s.largestFreeBlock = b.size
    } else {
      s.allocatedBytes += b.size
      s.headerBytes += b.headerBytes + b.footerBytes
      s.paddingBytes += b.paddingBytes
      s.liveBlocks++
    }
  }
  return s
}

/**
 * All of `HeapMetrics` from blocks and the break, except peak utilization, which depends on
 * history and is passed in.
 */
export function metricsFromBlocks(
  blocks: readonly BlockInfo[],
  heapSize: number,
  mmapBytes: number,
  peakUtilization: number
): HeapMetrics {
  const s = statsFromBlocks(blocks)
  let requested = 0
  for (const b of blocks) if (!b.free && b.bin !== 'bookkeeping') requested += b.requested
  return {
    heapSize,
    requestedBytes: requested,
    allocatedBytes: s.allocatedBytes,
    internalFragmentation: s.allocatedBytes - requested,
    headerBytes: s.headerBytes,
    paddingBytes: s.paddingBytes,
    externalFragmentation: s.freeBytes > 0 ? 1 - s.largestFreeBlock / s.freeBytes : 0,
    freeBytes: s.freeBytes,
    freeBlocks: s.freeBlocks,
    largestFreeBlock: s.largestFreeBlock,
    peakUtilization,
    mmapBytes,
    liveBlocks: s.liveBlocks
  }
}
