/** Facts about heap blocks that the heap view, the byte inspector and the pointer view share. */
import type { BlockInfo } from '../../../../shared/sim/types'
import type { ProcessState } from '../../../../shared/state'
import type { useMemoryFormat } from './display'

export type MemoryFormat = ReturnType<typeof useMemoryFormat>

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
 * The screen-reader sentence for a block, e.g. "heap block at 0x5555555592a0, 32 bytes,
 * allocated at line 5, 8 bytes of padding". Allocated blocks are named by the pointer malloc
 * returned (what the program sees); free blocks by where they start.
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
      t('memory.heap.sentence.free', { address: address(block.address), size: bytes(block.size) })
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
    if (block.paddingBytes > 0) {
      parts.push(t('memory.heap.sentence.padding', { bytes: bytes(block.paddingBytes) }))
    }
  }
  if (block.bin && block.bin !== 'bookkeeping') {
    parts.push(t('memory.heap.sentence.bin', { bin: block.bin }))
  }
  if (facts.leaked) parts.push(t('memory.heap.sentence.leaked'))
  if (block.corrupted) parts.push(t('memory.heap.sentence.corrupted'))
  if (facts.largest) parts.push(t('memory.heap.sentence.largest'))
  return join(parts)
}
