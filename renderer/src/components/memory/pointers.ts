/**
 * The pointer diagram's data: every pointer variable at this step (locals of every frame shown,
 * globals, and pointers inside arrays and structs) and the distinct things they point at.
 */
import type { PointerTarget, ProcessState, VariableView } from '../../../../shared/state'

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
