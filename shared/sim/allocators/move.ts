/**
 * Moving a block's bytes, as `realloc` and compaction must. Allocators see memory through the
 * `Memory` contract; the simulator's `PagedMemory` also has a `copy` (memmove) that carries the
 * initialized-bytes shadow along, so uninitialized bytes stay uninitialized after a move.
 */
import type { Allocator, HeapHost, Memory } from '../types'

type MemoryWithCopy = Memory & { copy?: (target: number, source: number, length: number) => void }

/** memmove of `length` bytes inside simulated memory. */
export function copyBytes(memory: Memory, target: number, source: number, length: number): void {
  const paged = memory as MemoryWithCopy
  if (paged.copy !== undefined) paged.copy(target, source, length)
  else memory.writeBytes(target, memory.readBytes(source, length))
}

/**
 * `realloc` that cannot stay in place: a new block, the old contents (as many bytes as both
 * hold), then the old block freed. Returns the new pointer, or 0 leaving the old block intact.
 */
export function reallocByMoving(
  allocator: Pick<Allocator, 'malloc' | 'free'>,
  memory: Memory,
  pointer: number,
  oldSize: number,
  size: number
): number {
  const moved = allocator.malloc(size)
  if (moved === 0) return 0
  copyBytes(memory, moved, pointer, Math.min(oldSize, size))
  allocator.free(pointer)
  return moved
}

/**
 * Reports a `realloc` of an address that is no block (or slot) of this allocator, the
 * teaching allocators' answer where glibc would abort: the program goes on with NULL.
 */
export function reportInvalidRealloc(
  host: Pick<HeapHost, 'report'>,
  pointer: number,
  size: number,
  what: 'block' | 'slot' = 'block'
): 0 {
  host.report({
    kind: 'invalid-free',
    address: pointer,
    message: `realloc(0x${pointer.toString(16)}, ${size}): this address is not an allocated ${what}.`,
    reason: { key: 'misuse.reallocInvalid', params: { pointer: '0x' + pointer.toString(16), size } }
  })
  return 0
}
