/** Facts about heap blocks that the heap view, the byte inspector and the pointer view share. */
import type { BlockInfo } from '../../../../shared/sim/types'
import type { ProcessState } from '../../../../shared/state'
import type { useMemoryFormat } from './display'
import { unrequestedBookkeeping } from './heapLayout'

export type MemoryFormat = ReturnType<typeof useMemoryFormat>

type Bin = NonNullable<BlockInfo['bin']>

/** Where a block is, in a sentence ("in the tcache"), by bin. */
const BIN_NAMES: Readonly<Record<Bin, string>> = {
  tcache: 'memory.heap.bin.tcache',
  fastbin: 'memory.heap.bin.fastbin',
  unsorted: 'memory.heap.bin.unsorted',
  smallbin: 'memory.heap.bin.smallbin',
  largebin: 'memory.heap.bin.largebin',
  top: 'memory.heap.bin.top',
  mmap: 'memory.heap.bin.mmap',
  pool: 'memory.heap.bin.pool',
  buddy: 'memory.heap.bin.buddy',
  segregated: 'memory.heap.bin.segregated',
  bookkeeping: 'memory.heap.bin.bookkeeping'
}

/** The same, short enough to stand under a block in the drawing ("tcache", "top chunk"). */
const BIN_LABELS: Readonly<Record<Bin, string>> = {
  tcache: 'memory.heap.binLabel.tcache',
  fastbin: 'memory.heap.binLabel.fastbin',
  unsorted: 'memory.heap.binLabel.unsorted',
  smallbin: 'memory.heap.binLabel.smallbin',
  largebin: 'memory.heap.binLabel.largebin',
  top: 'memory.heap.binLabel.top',
  mmap: 'memory.heap.binLabel.mmap',
  pool: 'memory.heap.binLabel.pool',
  buddy: 'memory.heap.binLabel.buddy',
  segregated: 'memory.heap.binLabel.segregated',
  bookkeeping: 'memory.heap.binLabel.bookkeeping'
}

/** Every message key the bin names use (for the test that both languages have them). */
export const BIN_MESSAGE_KEYS: readonly string[] = [
  ...Object.values(BIN_NAMES),
  ...Object.values(BIN_LABELS),
  'memory.heap.binLabel.tcacheStruct',
  'memory.heap.binLabel.fencepost',
  'memory.heap.binLabel.stdioBuffer',
  'memory.heap.binLabel.stdinBuffer'
]

/** Where the block is, for the details panel: "the tcache", "the top chunk", "glibc's tcache_perthread_struct". */
export function binName(block: BlockInfo, format: MemoryFormat): string {
  if (block.role === 'tcache-struct') return format.t('memory.heap.bin.tcacheStruct')
  if (block.role === 'fencepost') return format.t('memory.heap.bin.fencepost')
  return block.bin ? format.t(BIN_NAMES[block.bin]) : ''
}

/**
 * The texts under a block in the drawing, longest first: its bin and its size ("tcache 32 B",
 * "top chunk 131.2 KiB", "tcache struct 656 B"), then the size alone.
 */
export function blockLabels(block: BlockInfo, format: MemoryFormat): string[] {
  const size = format.size(block.size)
  if (block.role === 'stdio-buffer' || block.role === 'stdin-buffer') {
    const label = format.t(
      block.role === 'stdio-buffer'
        ? 'memory.heap.binLabel.stdioBuffer'
        : 'memory.heap.binLabel.stdinBuffer'
    )
    return [`${label} ${size}`, label, size]
  }
  if (!block.bin) return [size]
  const bin =
    block.role === 'tcache-struct'
      ? format.t('memory.heap.binLabel.tcacheStruct')
      : block.role === 'fencepost'
        ? format.t('memory.heap.binLabel.fencepost')
        : format.t(BIN_LABELS[block.bin])
  return [`${bin} ${size}`, bin, size]
}

/**
 * What an allocator's own block is for: glibc's tcache chunk (why the first malloc does not
 * return the heap's first byte), a fence post, or another allocator's bookkeeping.
 */
function bookkeepingSentence(block: BlockInfo, format: MemoryFormat): string {
  if (block.role === 'tcache-struct') return format.t('memory.heap.sentence.tcacheStruct')
  if (block.role === 'fencepost') return format.t('memory.heap.sentence.fencepost')
  return format.t('memory.heap.sentence.bookkeeping')
}

/**
 * Indices of leaked blocks: those a `leak` event names, by payload (as a leak checker
 * reports the pointer malloc returned) or by block address.
 */
export function leakedIndices(state: ProcessState): Set<number> {
  const addresses = new Set(state.events.filter((e) => e.kind === 'leak').map((e) => e.address))
  const leaked = new Set<number>()
  state.blocks.forEach((block, index) => {
    if (!block.free && (addresses.has(block.payload) || addresses.has(block.address))) {
      leaked.add(index)
    }
  })
  return leaked
}

/**
 * Bins that are an allocator's free lists: a block in use is in none of them, though the
 * drawing still labels it with its allocator ("buddy 64 B"). An allocated buddy block was said
 * to be "in the buddy system's free lists".
 */
const FREE_LIST_BINS = new Set<BlockInfo['bin']>(['buddy', 'segregated'])

/**
 * The screen-reader sentence for a block, e.g. "heap block at 0x5555555592a0, 32 bytes,
 * allocated at line 5, 8 bytes of padding". Allocated blocks are named by the pointer malloc
 * returned (what the program sees), and so are blocks the program freed: the dangling pointer
 * it still holds is that address, not the header's, which the sentence gives after the size.
 * Free memory no malloc ever returned (the top chunk, a split's remainder) is named by where it
 * starts.
 */
export function blockSentence(
  block: BlockInfo,
  format: MemoryFormat,
  facts: { leaked?: boolean; largest?: boolean } = {}
): string {
  const { t, address, bytes, join } = format
  const parts: string[] = []
  if (block.free) {
    parts.push(
      block.freed
        ? t('memory.heap.sentence.freedBlock', {
            address: address(block.payload),
            size: bytes(block.size),
            header: address(block.address)
          })
        : t('memory.heap.sentence.free', {
            address: address(block.address),
            size: bytes(block.size)
          })
    )
    if (block.freed?.line !== undefined) {
      parts.push(t('memory.heap.sentence.freedAt', { line: block.freed.line }))
    }
  } else {
    parts.push(
      t('memory.heap.sentence.allocated', {
        address: address(block.payload),
        size: bytes(block.size)
      })
    )
    if (block.allocated?.line !== undefined) {
      parts.push(t('memory.heap.sentence.allocatedAt', { line: block.allocated.line }))
    }
    if (block.paddingBytes > 0 && !unrequestedBookkeeping(block)) {
      parts.push(t('memory.heap.sentence.padding', { bytes: bytes(block.paddingBytes) }))
    }
  }
  if (block.bin === 'bookkeeping') parts.push(bookkeepingSentence(block, format))
  else if (block.bin && !(FREE_LIST_BINS.has(block.bin) && !block.free))
    parts.push(t('memory.heap.sentence.bin', { bin: binName(block, format) }))
  if (block.role === 'stdio-buffer') parts.push(t('memory.heap.sentence.stdioBuffer'))
  if (block.role === 'stdin-buffer') parts.push(t('memory.heap.sentence.stdinBuffer'))
  if (facts.leaked) parts.push(t('memory.heap.sentence.leaked'))
  if (block.corrupted) parts.push(t('memory.heap.sentence.corrupted'))
  if (facts.largest) parts.push(t('memory.heap.sentence.largest'))
  return join(parts)
}

/** A heap of equal slots (the pool allocator): what is worth saying about it instead. */
export interface PoolFacts {
  slots: number
  slotSize: number
  inUse: number
  free: number
}

/**
 * The pool's slots, when every block the program's calls made is a pool slot, else undefined.
 * For a pool, "largest free block ÷ all free bytes" says nothing: any free slot serves any
 * request a slot can hold, so 63 free slots of 32 bytes read as 98 % external fragmentation
 * while every one of them is usable. What matters is how many slots are in use and how much
 * of each the program leaves unused.
 */
export function poolFacts(blocks: readonly BlockInfo[]): PoolFacts | undefined {
  let slots = 0
  let free = 0
  let slotSize = 0
  for (const block of blocks) {
    if (block.bin === 'bookkeeping') continue
    if (block.bin !== 'pool') return undefined
    slots++
    if (block.free) free++
    slotSize = block.size
  }
  return slots === 0 ? undefined : { slots, slotSize, inUse: slots - free, free }
}
