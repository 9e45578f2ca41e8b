/**
 * Who owns a byte: which part of which heap block, which variable, which string literal, or
 * else which segment. The byte inspector labels every row with it.
 */
import type { ProcessState, SegmentView, VariableView } from '../../../../shared/state'

export type ByteOwner =
  | {
      kind:
        | 'header'
        | 'payload'
        | 'padding'
        | 'footer'
        | 'free'
        | 'freed'
        | 'topHeader'
        | 'top'
        | 'stdoutBuffer'
        | 'stdinBuffer'
      block: number
    }
  | { kind: 'variable'; name: string; type: string; start: number }
  | { kind: 'literal'; start: number }
  | { kind: 'segment'; segment: SegmentView['name'] | 'heap' }
  | { kind: 'none' }

/** Which part of a heap block holds `address`, by BlockInfo's layout (header, payload, padding, footer). */
function blockOwner(state: ProcessState, address: number): ByteOwner | null {
  const blocks = state.blocks
  let lo = 0
  let hi = blocks.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const block = blocks[mid]
    if (address < block.address) hi = mid - 1
    else if (address >= block.address + block.size) lo = mid + 1
    else {
      const offset = address - block.address
      // A block the program freed is named by the pointer malloc returned, as the dangling
      // pointer it may still hold reads; free memory nobody was given, by where it starts.
      const blockAddress = block.free && !block.freed ? block.address : block.payload
      // glibc's top chunk is free space at the heap's end that no free() produced and no bin
      // holds: malloc cuts new chunks from its start. The heap view labels it "top chunk";
      // calling its bytes a "free block" made it one more block a learner had freed.
      if (block.bin === 'top') {
        return { kind: offset < block.headerBytes ? 'topHeader' : 'top', block: blockAddress }
      }
      if (offset < block.headerBytes) return { kind: 'header', block: blockAddress }
      if (offset >= block.size - block.footerBytes) return { kind: 'footer', block: blockAddress }
      if (block.free) return { kind: block.freed ? 'freed' : 'free', block: blockAddress }
      if (offset < block.headerBytes + block.requested) {
        // the C library's buffers: their text says why bytes nothing was put in yet read ??
        if (block.role === 'stdio-buffer') return { kind: 'stdoutBuffer', block: blockAddress }
        if (block.role === 'stdin-buffer') return { kind: 'stdinBuffer', block: blockAddress }
        return { kind: 'payload', block: blockAddress }
      }
      return { kind: 'padding', block: blockAddress }
    }
  }
  return null
}

function variableOwner(variables: VariableView[], address: number): ByteOwner | null {
  for (const variable of variables) {
    if (address >= variable.address && address < variable.address + variable.size) {
      return { kind: 'variable', name: variable.name, type: variable.type, start: variable.address }
    }
  }
  return null
}

/** The owner of one byte, most specific first: heap block part, variable, literal, segment. */
export function ownerOf(state: ProcessState, address: number): ByteOwner {
  const block = blockOwner(state, address)
  if (block) return block
  for (const frame of state.frames) {
    const owner = variableOwner(frame.variables, address)
    if (owner) return owner
  }
  const global = variableOwner(state.globals, address)
  if (global) return global
  const literal = state.literals.find((l) => address >= l.address && address < l.address + l.size)
  if (literal) return { kind: 'literal', start: literal.address }
  if (address >= state.heapStart && address < state.programBreak) {
    return { kind: 'segment', segment: 'heap' }
  }
  const segment = state.segments.find((s) => address >= s.start && address < s.end)
  return segment ? { kind: 'segment', segment: segment.name } : { kind: 'none' }
}

/** A key that is equal for bytes of the same owner (to group a row's owners). */
export function ownerKey(owner: ByteOwner): string {
  switch (owner.kind) {
    case 'variable':
      return `v:${owner.start}:${owner.name}`
    case 'literal':
      return `l:${owner.start}`
    case 'segment':
      return `s:${owner.segment}`
    case 'none':
      return 'none'
    default:
      return `${owner.kind}:${owner.block}`
  }
}
