/**
 * The built-in allocators. To add one: implement `Allocator` in its own module and register
 * it below with a name and a one-sentence description. The property tests iterate over this
 * registry, so a new allocator is checked for overlaps, alignment and metrics automatically.
 */
import { FreeListAllocator, resolveFreeListOptions, type FreeListOptions } from './free-list'
import { registerAllocator, type AllocatorOptions } from './registry'
import { GlibcAllocator, parseTunables } from './glibc'
import { SegregatedAllocator, resolveSegregatedOptions } from './segregated'
import { BuddyAllocator, resolveBuddyOptions } from './buddy'
import { PoolAllocator, resolvePoolOptions } from './pool'
import { CompactingAllocator, resolveCompactingOptions } from './compacting'

export {
  allocatorNames,
  checkAllocatorOptions,
  createAllocator,
  isAllocatorName,
  registerAllocator,
  type AllocatorDescriptor,
  type AllocatorOptions
} from './registry'
export { FreeListAllocator, resolveFreeListOptions } from './free-list'
export type { FreeListOptions, Placement, ListOrder, Coalescing } from './free-list'
export { SegregatedAllocator, resolveSegregatedOptions, DEFAULT_SIZE_CLASSES } from './segregated'
export type { SegregatedOptions } from './segregated'
export { BuddyAllocator, resolveBuddyOptions } from './buddy'
export type { BuddyOptions } from './buddy'
export { PoolAllocator, resolvePoolOptions } from './pool'
export type { PoolOptions } from './pool'
export { CompactingAllocator, resolveCompactingOptions, COMPACTING_HEADER } from './compacting'
export type { CompactingOptions, CompactionMove, CompactionReport } from './compacting'

const fits: Array<[FreeListOptions['placement'], string, string]> = [
  [
    'first',
    'first-fit',
    'Explicit free list, first fit: the first block in list order that is big enough.'
  ],
  [
    'next',
    'next-fit',
    'Explicit free list, next fit: first fit, starting where the last search stopped.'
  ],
  ['best', 'best-fit', 'Explicit free list, best fit: the smallest block that is big enough.'],
  ['worst', 'worst-fit', 'Explicit free list, worst fit: always the largest free block.']
]
for (const [placement, name, description] of fits) {
  registerAllocator({
    name,
    description,
    create: (host, options) => new FreeListAllocator(host, { placement, ...options }, name),
    checkOptions: (options) => void resolveFreeListOptions({ placement, ...options })
  })
}

// Other allocators register here (segregated, buddy, pool, compacting, glibc).

registerAllocator({
  name: 'segregated',
  description:
    'Segregated free lists: one list per size class, first fit in the own class, then a larger class; the free block at the end of the heap last.',
  create: (host, options) => new SegregatedAllocator(host, options),
  checkOptions: (options) => void resolveSegregatedOptions(options)
})

/** glibc's one option: a GLIBC_TUNABLES string (anything else the machine passes is its own). */
function glibcTunables(options: AllocatorOptions): string | undefined {
  const { tunables } = options
  if (tunables !== undefined && typeof tunables !== 'string') {
    throw new Error('The glibc allocator takes its tunables as a GLIBC_TUNABLES-style string.')
  }
  return tunables
}

registerAllocator({
  name: 'glibc',
  description:
    'glibc 2.36 malloc (ptmalloc2) as on Linux: tcache, fast, unsorted, small and large bins, top chunk, mmap threshold.',
  create: (host, options) => {
    const tunables = glibcTunables(options)
    return new GlibcAllocator(host, tunables === undefined ? {} : { tunables })
  },
  checkOptions: (options) => {
    const tunables = glibcTunables(options)
    if (tunables !== undefined) parseTunables(tunables)
  }
})

registerAllocator({
  name: 'buddy',
  description:
    'Binary buddy system: power-of-two blocks, split in halves, merged with their buddy (address XOR size).',
  create: (host, options) => new BuddyAllocator(host, options),
  checkOptions: (options) => void resolveBuddyOptions(options)
})

registerAllocator({
  name: 'pool',
  description:
    'Fixed-size pool: equal slots, a free list threaded through the free slots, O(1) malloc and free.',
  create: (host, options) => new PoolAllocator(host, options),
  checkOptions: (options) => void resolvePoolOptions(options)
})

registerAllocator({
  name: 'compacting',
  description:
    'Compaction through handles: blocks are reached through master pointers, so compact() can slide them together.',
  create: (host, options) => new CompactingAllocator(host, options),
  checkOptions: (options) => void resolveCompactingOptions(options)
})
