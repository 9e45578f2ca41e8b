import type { AllocatorOptions } from '../../shared/sim/allocators/index'
import type { PackMessageKey, PackParam, PackReason } from '../../shared/lessons/messages'
import { checkMachineSetup, type SetupBlockKeys } from '../../shared/lessons/machine-setup'
import type { StepSetup } from '../../shared/lessons/format'

/**
 * Reads `--allocator-options JSON`, as `memory-lane run` and `heap replay` both take it: a JSON
 * object of the allocator's options, keys as the simulator spells them (`headerSize`,
 * `minBlockSize`), the way a lesson step's `allocator-options` gives them. Whether each key and
 * value suits the allocator is the simulator's to say, when the machine is built. `example` is
 * what the refusal of a value that is not an object shows, fitting the command.
 */
export function readAllocatorOptions(
  text: string,
  example: string
): { options: AllocatorOptions } | { refusal: PackMessageKey; params: Record<string, PackParam> } {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { refusal: 'cli.heapOptionsNotJson', params: { text: JSON.stringify(text) } }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { refusal: 'cli.heapOptionsNotObject', params: { example } }
  return { options: parsed as AllocatorOptions }
}

/** Every key of the options is in the command line's JSON, at no place a message would name. */
const COMMAND_LINE_OPTIONS: SetupBlockKeys = {
  has: (key) => key === 'allocator' || key === 'allocator-options',
  at: () => ({ line: 1, column: 1 }),
  fenceLine: 1
}

/**
 * What a lesson pack's check says against these options (an unknown option with its nearest
 * name, a value out of range), so the command says it in the shell's language as an
 * instructor's pack hears it; undefined when the rules take them. A list (segregated's
 * `classes`) is left to the allocator's own check below: a pack cannot hold one, a command can.
 */
export function optionsProblem(
  allocator: string,
  options: AllocatorOptions
): PackReason | undefined {
  const singles = Object.fromEntries(
    Object.entries(options).filter(([, value]) => !Array.isArray(value))
  ) as StepSetup['allocatorOptions']
  const problems = checkMachineSetup(
    { allocator, allocatorOptions: singles },
    COMMAND_LINE_OPTIONS,
    undefined
  )
  return problems.find((problem) => problem.severity !== 'warning')?.reason
}
