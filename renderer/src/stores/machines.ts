/**
 * The machines a learner can run the editor's program on: the simulator's allocators
 * (shared/sim/allocators) and address-space layouts. The lists are the renderer's own, so the
 * first screen asks nothing of the main side for them; machines.test.ts keeps them equal to
 * the simulator's.
 */
import type { RunOptions } from '../../../shared/api'

/** glibc first: it is what the learner's own Linux machine runs. */
export const ALLOCATORS = [
  'glibc',
  'first-fit',
  'next-fit',
  'best-fit',
  'worst-fit',
  'segregated',
  'buddy',
  'pool',
  'compacting'
] as const

export type Layout = NonNullable<RunOptions['layout']>
export const LAYOUTS: readonly Layout[] = ['linux-x86_64', 'classroom']

export function layoutOf(options: RunOptions): Layout {
  return options.layout ?? 'linux-x86_64'
}

/** The allocator a run with these options uses: as the interpreter chooses when none is named. */
export function allocatorOf(options: RunOptions): string {
  return options.allocator ?? (layoutOf(options) === 'linux-x86_64' ? 'glibc' : 'first-fit')
}

/**
 * Options for another machine. The allocator's own settings (a lesson's `allocator-options`,
 * glibc's tunables) belong to the allocator they were written for, so they go with it.
 */
export function withMachine(options: RunOptions, change: MachineChange): RunOptions {
  const next: RunOptions = { ...options, ...change }
  if (change.allocator !== undefined && change.allocator !== allocatorOf(options)) {
    delete next.allocatorOptions
    delete next.tunables
  }
  // Unchecked is the default: the options then say nothing about it.
  if (next.reportUninitializedReads === false) delete next.reportUninitializedReads
  return next
}

/** What the run controls change: the machine, and whether reads of unwritten memory are reported. */
export interface MachineChange {
  allocator?: string
  layout?: Layout
  reportUninitializedReads?: boolean
}
