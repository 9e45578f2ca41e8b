import { allocatorNames } from '../../shared/sim/allocators/index'
import { layoutNames } from '../../shared/sim/layout'

/**
 * What a command says when `--allocator` or `--layout` names nothing the simulator has: the
 * name as typed and the simulator's own names, comma-separated (the values of each command's
 * refusal). Undefined when the name is known or not given.
 */
export function unknownSimulatorName(
  kind: 'allocator' | 'layout',
  name: string | undefined
): { name: string; known: string } | undefined {
  if (name === undefined) return undefined
  const known = (kind === 'allocator' ? allocatorNames() : layoutNames()).map((n) => n.name)
  return known.includes(name) ? undefined : { name, known: known.join(', ') }
}
