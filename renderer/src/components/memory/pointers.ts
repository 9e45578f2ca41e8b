/**
 * The pointer diagram's data: every pointer variable at this step (locals of every frame shown,
 * globals, and pointers inside arrays and structs) and the distinct things they point at.
 */
import type {
  PointerTarget,
  ProcessState,
  TimelineMarker,
  VariableView
} from '../../../../shared/state'

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

function collect(variables: VariableView[], visit: (variable: VariableView) => void): void {
  for (const variable of variables) {
    visit(variable)
    if (variable.value.kind === 'array') collect(variable.value.elements, visit)
    if (variable.value.kind === 'struct') collect(variable.value.fields, visit)
  }
}

/** Sources in frame order (innermost frame first, then globals); targets in address order, high first. */
export function pointerDiagram(state: ProcessState): PointerDiagram {
  const found: Array<
    Omit<PointerSource, 'target'> & { base: number; label: string; pointee: PointerTarget }
  > = []
  const scopes: Array<[string, VariableView[]]> = [
    ...[...state.frames].reverse().map((f): [string, VariableView[]] => [f.function, f.variables]),
    ['global', state.globals]
  ]
  for (const [owner, variables] of scopes) {
    collect(variables, (variable) => {
      if (variable.value.kind !== 'pointer') return
      const { address, target } = variable.value
      found.push({
        owner,
        name: variable.name,
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
  const order = targets.map((_, i) => i).sort((a, b) => targets[b].base - targets[a].base)
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

/** The address a heap-call marker names (`free(0x…)`, `malloc → 0x…`), or undefined. */
function markerAddress(marker: TimelineMarker): number | undefined {
  const text = marker.reason?.params?.address
  if (typeof text !== 'string' || !/^0x[0-9a-f]+$/i.test(text)) return undefined
  return Number.parseInt(text.slice(2), 16)
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
      if (marker.kind !== 'free' || marker.step >= allocated.step) continue
      const address = markerAddress(marker)
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
