/** Sizes and alignments of gcc -O0 frame slots that the checker and codegen both need. */
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
