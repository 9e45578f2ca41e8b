/**
 * An allocator that does no work (every malloc returns the same address), with the counters the
 * machine reads after each call. A machine given it costs what the machine itself costs per heap
 * call (event log, peaks; with the heap checker, its tagging and bookkeeping): the floor under
 * every simulated figure. It is put into one machine by hand, never registered, so no benchmark
 * lists it among the allocators.
 */
import type { Machine } from '../shared/sim/machine'
import { emptyStats } from '../shared/sim/metrics'
import { AllocatorCounter, type Allocator } from '../shared/sim/types'

/** `machine` with its allocator replaced by one that does nothing; returns the machine. */
export function withDoNothingAllocator(machine: Machine): Machine {
  const stats = emptyStats()
  const pointer = machine.heapStart + 16
  const counters = new Float64Array(AllocatorCounter.length)
  const nothing: Allocator = {
    name: 'nothing',
    malloc: () => pointer,
    free: () => undefined,
    calloc: () => pointer,
    realloc: () => pointer,
    blocks: () => [],
    freeLists: () => ({}),
    snapshot: () => null,
    restore: () => undefined,
    stats: () => stats,
    counters
  }
  // The machine takes the allocator's counters when it is built: swap both.
  Object.assign(machine, { allocator: nothing, counters })
  return machine
}
