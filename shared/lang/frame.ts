/** Sizes and alignments of gcc -O0 frame slots that the checker and codegen both need. */
import type { LocalSlot } from './ast'
import { alignUp, sizeOf, variableAlign, type CType } from './types'

/**
 * Bytes gcc -O0 stores a register parameter in: a char or short from a 32-bit register takes 4;
 * a struct without an integer mode of its size (3, 5-7, 9-15 bytes) is stored a whole
 * eightbyte register at a time (`assign_parm_setup_block`: the size rounded up to 8).
 */
export function parameterSpillSize(t: CType): number {
  if (t.kind === 'int' && t.size < 4) return 4
  const size = sizeOf(t)
  if (t.kind === 'struct' && ![1, 2, 4, 8, 16].includes(size)) return alignUp(size, 8)
  return size
}

/** The alignment of a register parameter's spill slot (see `parameterSpillSize`). */
export function parameterSpillAlign(t: CType): number {
  return t.kind === 'int' && t.size < 4 ? 4 : variableAlign(t)
}

/**
 * The class of each eightbyte of an argument (System V ABI 3.2.3): INTEGER for integers and
 * pointers, SSE for doubles; null (MEMORY) for a struct bigger than 16 bytes, which the caller
 * copies onto the stack. An eightbyte holding any integer byte is INTEGER.
 */
export function eightbyteClasses(type: CType): Array<'INTEGER' | 'SSE'> | null {
  if (type.kind === 'double') return ['SSE']
  if (type.kind !== 'struct' && type.kind !== 'array') return ['INTEGER']
  const size = sizeOf(type)
  if (size > 16) return null
  const classes: Array<'INTEGER' | 'SSE' | null> = size > 8 ? [null, null] : [null]
  const visit = (t: CType, offset: number): void => {
    if (t.kind === 'struct') {
      for (const field of t.layout.fields) visit(field.type, offset + field.offset)
    } else if (t.kind === 'array') {
      const step = sizeOf(t.of)
      for (let i = 0; i < (t.length ?? 0); i++) visit(t.of, offset + i * step)
    } else {
      const i = Math.floor(offset / 8)
      if (t.kind !== 'double') classes[i] = 'INTEGER'
      else if (classes[i] === null) classes[i] = 'SSE'
    }
  }
  visit(type, 0)
  return classes.map((c) => c ?? 'SSE')
}

/**
 * Whether a function returning `t` gets it back through memory: a struct of more than 16 bytes
 * (class MEMORY), which the caller gives a place for in the hidden result pointer (%rdi).
 */
export function returnedInMemory(t: CType): boolean {
  return t.kind === 'struct' && sizeOf(t) > 16
}

/**
 * Whether a struct has no machine mode of its own (gcc's BLKmode): 3, 5-7 and 9-15 bytes. One
 * of these returned in registers must pass through memory on both sides (the callee's return
 * value lives in a stack slot; an operand made from a call's result needs one), while one of
 * 1, 2, 4, 8 or 16 bytes lives in registers.
 */
export function hasBlockMode(t: CType): boolean {
  return t.kind === 'struct' && ![1, 2, 4, 8, 16].includes(sizeOf(t))
}

/** A temporary gcc makes while expanding one statement (assign_temp), e.g. for `g = f();`. */
export interface ExpansionTemporary {
  slot: LocalSlot
  /** The statement it serves: after it, the slot is free for another. */
  statement: number
}

/**
 * Places expansion temporaries below `cursor` (a distance below %rbp, after the parameters) as
 * assign_stack_temp does: 16-aligned, the size rounded up to 16; a slot is free again after its
 * statement, and a later one takes the smallest free slot that fits, splitting off what it does
 * not need. Sets each slot's offset and returns the new cursor.
 */
export function placeExpansionTemporaries(cursor: number, requests: ExpansionTemporary[]): number {
  const slots: Array<{ at: number; size: number; busyIn: number }> = []
  for (const r of requests) {
    const size = alignUp(r.slot.size, 16)
    let best: (typeof slots)[number] | null = null
    for (const s of slots)
      if (s.busyIn !== r.statement && s.size >= size && (best === null || s.size < best.size))
        best = s
    if (best === null) {
      cursor = alignUp(cursor + size, 16)
      best = { at: cursor, size, busyIn: r.statement }
      slots.push(best)
    } else if (best.size - size >= 16) {
      // The rest, above the part taken, stays free.
      slots.push({ at: best.at - size, size: best.size - size, busyIn: -1 })
      best.size = size
    }
    best.busyIn = r.statement
    r.slot.offset = -best.at
  }
  return cursor
}
