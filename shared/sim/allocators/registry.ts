/**
 * The allocator registry: every allocator the simulator offers, by the name used on the command
 * line (`--allocator NAME`) and in lesson packs. `index.ts` registers the built-in ones.
 */
import type { Allocator, HeapHost } from '../types'

/** Options an allocator accepts; each allocator documents and validates its own keys. */
export type AllocatorOptions = Record<string, unknown>

export interface AllocatorDescriptor {
  name: string
  /** One sentence for menus and `--help`. */
  description: string
  create(host: HeapHost, options: AllocatorOptions): Allocator
  /**
   * Checks `options` as create() would, without a heap, and throws the same plain-English
   * error; the lesson-pack validator calls it so that a pack's options are refused when the
   * pack is validated, not when a learner reaches the step.
   */
  checkOptions?(options: AllocatorOptions): void
}

const registry = new Map<string, AllocatorDescriptor>()

/** Add an allocator (a later registration under the same name replaces the earlier one). */
export function registerAllocator(descriptor: AllocatorDescriptor): void {
  registry.set(descriptor.name, descriptor)
}

/** Every registered allocator, in registration order. */
export function allocatorNames(): Array<{ name: string; description: string }> {
  return [...registry.values()].map((d) => ({ name: d.name, description: d.description }))
}

/** Whether `name` is a registered allocator. */
export function isAllocatorName(name: string): boolean {
  return registry.has(name)
}

/**
 * Throws the error create() would throw for these options (nothing for an allocator that does
 * not say how to check them without a heap). The name must be registered.
 */
export function checkAllocatorOptions(name: string, options: AllocatorOptions): void {
  registry.get(name)?.checkOptions?.(options)
}

/** Build an allocator by name; an unknown name is a plain-English error listing the choices. */
export function createAllocator(
  name: string,
  host: HeapHost,
  options: AllocatorOptions = {}
): Allocator {
  const descriptor = registry.get(name)
  if (descriptor === undefined) {
    throw new Error(
      `Unknown allocator "${name}": choose one of ${[...registry.keys()].join(', ')}.`
    )
  }
  return descriptor.create(host, options)
}
