/**
 * The simulator's public API. Import from here (`shared/sim`), not from the modules inside.
 */
export * from './types'
export {
  LAYOUT_PROFILES,
  layoutNames,
  layoutProgram,
  resolveProfile,
  alignUp,
  alignDown,
  formatAddress,
  type LayoutName,
  type LayoutProfile,
  type ProgramLayout,
  type SectionSizes,
  type SectionPlacement,
  type Mapping
} from './layout'
export { AddressSpace } from './address-space'
export {
  PagedMemory,
  HeapTag,
  MemoryLimitExceeded,
  SIMULATED_PAGE_BYTES,
  type MemorySnapshot
} from './memory'
export { Machine, type MachineOptions, type MachineSnapshot, type HeapView } from './machine'
export {
  allocatorNames,
  createAllocator,
  registerAllocator,
  FreeListAllocator,
  resolveFreeListOptions,
  type AllocatorDescriptor,
  type AllocatorOptions,
  type FreeListOptions,
  type Placement,
  type ListOrder,
  type Coalescing
} from './allocators/index'
export { statsFromBlocks, metricsFromBlocks } from './metrics'
export {
  parseTrace,
  repeatTrace,
  replayTrace,
  TraceReplay,
  TraceError,
  OP_ALLOC,
  OP_FREE,
  OP_REALLOC,
  type Trace,
  type ReplayOptions,
  type ReplayResult
} from './trace'
export { findLeaks, type LeakRoots, type LeakReport, type LostBlock } from './leaks'
export { HeapLog, type HeapLogEntry, type HeapOp } from './heap-log'
