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
  /** In a heap too big for one state, a byte of a block the state does not carry. */
  | { kind: 'notCarried' }
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

/**
 * Whether the blocks a state carries (all, or a big heap's part) are all there is to know of
 * `address`: a part that starts at the heap's first block also covers the bytes before it, one
 * that ends at the last block those after it.
 */
export function carries(state: ProcessState, address: number): boolean {
  const window = state.blockWindow
  if (!window) return true
  const first = state.blocks[0]
  const last = state.blocks[state.blocks.length - 1]
  if (!first || !last) return false
  return (
    (window.first === 0 || address >= first.address) &&
    (window.first + state.blocks.length >= window.total || address < last.address + last.size)
  )
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
    // Every byte up to the break is some block's when all blocks are carried; in part of a
    // big heap, "heap" would hide that it is a block the state does not hold.
    if (state.blockWindow && !carries(state, address)) return { kind: 'notCarried' }
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
    case 'notCarried':
      return owner.kind
    default:
      return `${owner.kind}:${owner.block}`
  }
}
