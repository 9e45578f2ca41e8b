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
 * What a pointer points at, in the learner's language: a block from its kind and start, anything
 * else from the simulator's message key (`head in main`, a string literal, a global); the names
 * in it (C identifiers, the literal's text) stay as the program spells them. Without a key (a
 * function's own name, NULL) the simulator's label is shown.
 */
export function targetText(target: PointerTarget, format: MemoryFormat): string {
  const { t, address } = format
  if (
    target.base !== undefined &&
    (target.kind === 'heap' || target.kind === 'freed' || target.kind === 'mmap') &&
    target.reason === undefined
  ) {
    return t(`memory.pointer.target.${target.kind}`, { address: address(target.base) })
  }
  const reason = target.reason
  if (!reason) return target.label
  const params: Record<string, string | number> = { ...reason.params }
  if (typeof reason.params.address === 'number') params.address = address(reason.params.address)
  const text = t(`memory.pointer.target.${reason.key}`, params)
  return reason.params.offset ? `${text} (+${reason.params.offset})` : text
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
