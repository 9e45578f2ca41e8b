/**
 * The pointer diagram's data: every pointer variable at this step (locals of every frame shown,
 * globals, and pointers inside arrays and structs), the pointers stored inside heap blocks (a
 * linked list's `next`), and the distinct things they point at.
 */
import type {
  MemoryDump,
  PointerTarget,
  ProcessState,
  TimelineMarker,
  VariableView
} from '../../../../shared/state'
import type { BlockInfo } from '../../../../shared/sim/types'

export interface PointerSource {
  /** Where the variable lives: the function of its frame, or "global". */
  owner: string
  name: string
  type: string
  address: number
  value: number
  kind: PointerTarget['kind']
  /** Index into targets, or -1 for NULL (drawn as a stub, not an arrow). */
  target: number
  /** A pointer stored in a heap block: that block's payload (`name` is then the offset, "+8"). */
  inBlock?: number
}

export interface PointerDestination {
  kind: PointerTarget['kind']
  /** The target as the simulator describes it. */
  target: PointerTarget
  label: string
  /** The block/variable/function start, or the address itself when no base is known. */
  base: number
}

export interface PointerDiagram {
  sources: PointerSource[]
  targets: PointerDestination[]
}

/**
 * Every variable with the name the program would use for it: an element or a field is named
 * by the path from its variable (`keep[0]`, `node.next`, `pair.b[1]`), as in C; alone, "[0]" or
 * "next" did not say whose.
 */
function collect(
  variables: VariableView[],
  visit: (variable: VariableView, name: string) => void,
  path = ''
): void {
  for (const variable of variables) {
    const name =
      path === ''
        ? variable.name
        : variable.name.startsWith('[')
          ? path + variable.name
          : `${path}.${variable.name}`
    visit(variable, name)
    if (variable.value.kind === 'array') collect(variable.value.elements, visit, name)
    if (variable.value.kind === 'struct') collect(variable.value.fields, visit, name)
  }
}

/**
 * A pointer found in a heap block's bytes: the block (by payload), where in it, and the address
 * it holds. The heap has no types, so these are found as a leak checker finds them: an aligned
 * 8-byte word holding an address inside a block (see heapWords).
 */
export interface HeapWord {
  block: number
  offset: number
  value: number
}

/** At most this many live blocks are read for pointers, at most this many bytes of each. */
export const HEAP_SCAN_BLOCKS = 64
export const HEAP_SCAN_BYTES = 256

/** The program's own blocks: not an allocator's bookkeeping nor the C library's stdio buffers. */
function programBlock(block: BlockInfo): boolean {
  return block.bin !== 'bookkeeping' && block.role === undefined
}

/**
 * What to read to find the pointers stored in the heap: each live block's requested bytes (up to
 * HEAP_SCAN_BYTES), whole 8-byte words from its payload; none (undefined) when more than
 * HEAP_SCAN_BLOCKS blocks are live, where a diagram of them all could not be read anyway.
 */
export function heapScan(
  state: ProcessState
): Array<{ address: number; length: number }> | undefined {
  const live = state.blocks.filter((b) => !b.free && programBlock(b) && b.requested >= 8)
  if (live.length > HEAP_SCAN_BLOCKS) return undefined
  return live.map((b) => ({
    address: b.payload,
    length: Math.min(b.requested, HEAP_SCAN_BYTES) - (Math.min(b.requested, HEAP_SCAN_BYTES) % 8)
  }))
}

/**
 * Reads the blocks heapScan names, in one request when they lie within `most` bytes of each
 * other (a small program's blocks do: one message to the simulator per step, not one a block),
 * each on its own otherwise; one dump per block, in heapScan's order.
 */
export async function readBlocks(
  requests: ReadonlyArray<{ address: number; length: number }>,
  read: (address: number, length: number) => Promise<MemoryDump>,
  most = 65_536
): Promise<MemoryDump[]> {
  if (requests.length === 0) return []
  const start = Math.min(...requests.map((r) => r.address))
  const end = Math.max(...requests.map((r) => r.address + r.length))
  if (end - start > most) return Promise.all(requests.map((r) => read(r.address, r.length)))
  const all = await read(start, end - start)
  return requests.map((r) => {
    const from = r.address - start
    const to = from + r.length
    return {
      address: r.address,
      bytes: all.bytes.slice(from, to),
      initialized: all.initialized.slice(from, to),
      changed: all.changed.slice(from, to)
    }
  })
}

/** The program's block whose payload holds `address` (live, or freed by the program), if any. */
function blockHolding(state: ProcessState, address: number): BlockInfo | undefined {
  return state.blocks.find(
    (b) =>
      programBlock(b) &&
      address >= b.payload &&
      address < b.address + b.size &&
      (!b.free || b.freed !== undefined)
  )
}

/**
 * The words of the blocks read (heapScan's dumps) that hold the address of a byte in a block's
 * payload: written (no uninitialized byte), little-endian as x86-64 stores them. NULL is not
 * one: a zero word cannot be told from a zero integer.
 */
export function heapWords(state: ProcessState, dumps: readonly MemoryDump[]): HeapWord[] {
  const words: HeapWord[] = []
  for (const dump of dumps) {
    for (let offset = 0; offset + 8 <= dump.bytes.length; offset += 8) {
      let value = 0
      let known = true
      for (let i = 7; i >= 0 && known; i--) {
        const byte = dump.bytes[offset + i]
        if (byte === null || !dump.initialized[offset + i]) known = false
        else value = value * 256 + byte
      }
      if (known && value !== 0 && blockHolding(state, value)) {
        words.push({ block: dump.address, offset, value })
      }
    }
  }
  return words
}

/**
 * Sources in frame order (innermost frame first, then globals), then the pointers stored in heap
 * blocks in the order they are reached from those (a list reads head, next, next …); targets in
 * the order of the rows that point at them (see below), so that arrows do not cross.
 */
export function pointerDiagram(
  state: ProcessState,
  stored: readonly HeapWord[] = []
): PointerDiagram {
  const found: Array<
    Omit<PointerSource, 'target'> & { base: number; label: string; pointee: PointerTarget }
  > = []
  const scopes: Array<[string, VariableView[]]> = [
    ...[...state.frames].reverse().map((f): [string, VariableView[]] => [f.function, f.variables]),
    ['global', state.globals]
  ]
  for (const [owner, variables] of scopes) {
    collect(variables, (variable, name) => {
      if (variable.value.kind !== 'pointer') return
      const { address, target } = variable.value
      found.push({
        owner,
        name,
        type: variable.type,
        address: variable.address,
        value: address,
        kind: target.kind,
        base: target.base ?? address,
        label: target.label,
        pointee: target
      })
    })
  }
  // Depth first from the variables, in their order: a list reads head, head->next, … to its end
  // before a second variable's block is looked at; blocks no variable reaches come last, lowest
  // address first.
  const pending = new Map<number, HeapWord[]>()
  for (const word of stored) pending.set(word.block, [...(pending.get(word.block) ?? []), word])
  const toVisit = found.flatMap((f) => (f.kind === 'heap' ? [f.base] : [])).reverse()
  while (pending.size > 0) {
    const block = toVisit.pop() ?? Math.min(...pending.keys())
    const words = pending.get(block)
    if (!words) continue
    pending.delete(block)
    const reached: number[] = []
    for (const word of words) {
      const holder = blockHolding(state, word.value)
      if (!holder) continue
      const kind = holder.free ? 'freed' : 'heap'
      found.push({
        owner: '',
        name: `+${word.offset}`,
        type: '',
        address: word.block + word.offset,
        value: word.value,
        kind,
        base: holder.payload,
        label: '',
        pointee: { kind, label: '', base: holder.payload },
        inBlock: word.block
      })
      if (!holder.free) reached.push(holder.payload)
    }
    toVisit.push(...reached.reverse())
  }
  const targets: PointerDestination[] = []
  const index = new Map<string, number>()
  for (const source of found) {
    if (source.kind === 'null') continue
    const key = `${source.kind}:${source.base}`
    if (!index.has(key)) {
      index.set(key, targets.length)
      targets.push({
        kind: source.kind,
        target: source.pointee,
        label: source.label,
        base: source.base
      })
    }
  }
  // Each target sits level with the mean row of the pointers to it (the barycentre heuristic of
  // layered drawings), higher addresses first among equals: arrows then cross only where the
  // pointers themselves interleave. Targets in address order crossed in the plainest cases:
  // a, b, c = malloc() three times (a's arrow ran to the bottom row, c's to the top) and a
  // list whose first node is its lowest block.
  const rows = targets.map(() => ({ sum: 0, count: 0 }))
  found.forEach((source, row) => {
    if (source.kind === 'null') return
    const at = rows[index.get(`${source.kind}:${source.base}`)!]
    at.sum += row
    at.count++
  })
  const mean = rows.map((r) => r.sum / r.count)
  const order = targets
    .map((_, i) => i)
    .sort((a, b) => mean[a] - mean[b] || targets[b].base - targets[a].base)
  const position = new Map(order.map((original, sorted) => [original, sorted]))
  const sortedTargets = order.map((i) => targets[i])
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const sources = found.map(({ base, kind, label, pointee, ...rest }): PointerSource => {
    const original = kind === 'null' ? undefined : index.get(`${kind}:${base}`)
    return {
      ...rest,
      kind,
      target: original === undefined ? -1 : (position.get(original) ?? -1)
    }
  })
  return { sources, targets: sortedTargets }
}

/**
 * Where a NULL pointer's stub ends and where its "∅ NULL" words go (undefined: no room), for a
 * pointer column ending at `left` and a gutter of `gutter` px before the targets' column. The
 * stub stays in the third of the gutter nearest its pointer, so its bar cannot be read as an
 * arrowhead at the target box beside it (a 34 px stub in a 50 px gutter ended 13 px from the
 * box, level with it); the words go after the bar only where they end before the targets.
 */
export function nullStub(left: number, gutter: number): { end: number; label?: number } {
  const stub = Math.min(34, Math.floor(gutter / 3))
  const label = left + stub + 12
  // "∅ NULL" at 11 px is about 40 px wide; keep 12 px clear of the target boxes.
  return label + 40 + 12 <= left + gutter ? { end: left + stub, label } : { end: left + stub }
}

/**
 * A live block handed out at an address the program had freed before. A pointer kept from the
 * old block is dangling, yet it points into a live block: the same number now names someone
 * else's data, and neither the machine nor this view can tell the two pointers apart by their
 * value. What the view can say is that the address was reused, when, and what to look at.
 */
export interface AddressReuse {
  /** The live block's payload (the target's base). */
  payload: number
  /** The malloc that handed the block out. */
  allocatedStep: number
  allocatedLine?: number
  /** The last free, before that malloc, of a block whose payload lies in this block. */
  freedStep: number
  freedLine?: number
  freedAddress: number
}

/** An address a heap-call marker's reason names (`free(0x…)`, `malloc → 0x…`), or undefined. */
function markerAddress(marker: TimelineMarker, param = 'address'): number | undefined {
  const text = marker.reason?.params?.[param]
  if (typeof text !== 'string' || !/^0x[0-9a-f]+$/i.test(text)) return undefined
  return Number.parseInt(text.slice(2), 16)
}

/**
 * The block a heap-call marker freed: free's argument, or the old block of a realloc that moved
 * it (a realloc that failed or stayed in place freed nothing).
 */
function freedBy(marker: TimelineMarker): number | undefined {
  if (marker.kind === 'free') return markerAddress(marker)
  if (marker.kind === 'realloc' && marker.reason?.key === 'realloc')
    return markerAddress(marker, 'from')
  return undefined
}

/**
 * For each live heap target of the diagram, whether its memory was freed earlier in the run and
 * reused by the malloc that made it (keyed by payload). Markers cover the run's first heap calls
 * only (the simulator keeps a few thousand), so in a very long run a reuse may go unsaid.
 */
export function addressReuse(
  state: ProcessState,
  diagram: PointerDiagram,
  markers: readonly TimelineMarker[]
): Map<number, AddressReuse> {
  const reused = new Map<number, AddressReuse>()
  for (const target of diagram.targets) {
    if (target.kind !== 'heap' || reused.has(target.base)) continue
    const block = state.blocks.find((b) => !b.free && b.payload === target.base)
    const allocated = block?.allocated
    if (!block || !allocated) continue
    let freed: TimelineMarker | undefined
    let freedAddress = 0
    for (const marker of markers) {
      if (marker.step >= allocated.step) continue
      const address = freedBy(marker)
      if (
        address !== undefined &&
        address >= block.address &&
        address < block.address + block.size
      ) {
        freed = marker
        freedAddress = address
      }
    }
    if (!freed) continue
    reused.set(block.payload, {
      payload: block.payload,
      allocatedStep: allocated.step,
      allocatedLine: allocated.line,
      freedStep: freed.step,
      freedLine: freed.line,
      freedAddress
    })
  }
  return reused
}
