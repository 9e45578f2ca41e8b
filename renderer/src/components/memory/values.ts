/** How a variable's value reads in the views: text, and a marking for pointers. */
import type { PointerTarget, ValueView } from '../../../../shared/state'
import type { MemoryFormat } from './heapText'

/** An integer travels as a decimal string; in hex mode it is shown in hex (negative as -0x…). */
export function integerText(text: string, base: 'hex' | 'decimal'): string {
  if (base !== 'hex' || !/^-?\d+$/.test(text)) return text
  const value = BigInt(text)
  return value < 0n ? '-0x' + (-value).toString(16) : '0x' + value.toString(16)
}

/** The icon that, together with the words, marks where a pointer goes (never colour alone). */
export function pointerIcon(kind: PointerTarget['kind']): string {
  switch (kind) {
    case 'null':
      return '∅'
    case 'freed':
      return '⚠'
    case 'invalid':
      return '✗'
    default:
      return '→'
  }
}

/**
 * What a pointer points at, in the learner's language where the simulator's label says nothing
 * but an address (heap and freed blocks, mmap chunks); names of globals, functions and literals
 * are kept as the simulator gives them.
 */
export function targetText(target: PointerTarget, format: MemoryFormat): string {
  const { t, address } = format
  if (
    target.base !== undefined &&
    (target.kind === 'heap' || target.kind === 'freed' || target.kind === 'mmap')
  ) {
    return t(`memory.pointer.target.${target.kind}`, { address: address(target.base) })
  }
  return target.label
}

/** One-line text of a value, e.g. "5", "0x5555555592a0 → block at …", "uninitialized". */
export function valueText(value: ValueView, format: MemoryFormat): string {
  const { t, address, count } = format
  switch (value.kind) {
    case 'uninitialized':
      return t('memory.stack.uninitialized')
    case 'integer':
      return integerText(value.text, format.base.value)
    case 'float':
      return value.text
    case 'pointer':
      if (value.target.kind === 'null') return `NULL ${pointerIcon('null')}`
      return `${address(value.address)} ${pointerIcon(value.target.kind)} ${targetText(value.target, format)}`
    case 'function':
      return `${address(value.address)} ${value.name}`
    case 'array':
      return `[${count(value.elements.length + (value.truncated ?? 0))}]`
    case 'struct':
      return `{${value.fields.map((f) => f.name).join(', ')}}`
  }
}
