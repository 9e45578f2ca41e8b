/**
 * A state's heap blocks packed into one flat array of numbers for the trip from the simulator
 * worker to the page, and unpacked there into the same `BlockInfo` objects.
 *
 * Why: a loop of 20,000 mallocs leaves 20,000 blocks, each an object with nested origin objects.
 * Every jump carried them as ~60,000 objects through the worker's structured clone, the main
 * side's JSON and the page's JSON.parse (3.85 MB; 0.4-1 s of a jump at load 16-25). Packed
 * numbers, as base64 text, are one string to each of those steps.
 *
 * Layout: FIELDS numbers a block, in address order. The address is stored as the difference
 * from the block before (the first from 0), so a linux-x86_64 heap's 0x5555555592a0 costs
 * its digits once; the payload as its offset from the address. Absent origins and lines are -1.
 */
import type { BlockInfo } from './sim/types'
import type { ProcessState } from './state'

const BINS = [
  'tcache',
  'fastbin',
  'unsorted',
  'smallbin',
  'largebin',
  'top',
  'mmap',
  'pool',
  'buddy',
  'segregated',
  'bookkeeping'
] as const satisfies ReadonlyArray<NonNullable<BlockInfo['bin']>>

const ROLES = [
  'tcache-struct',
  'fencepost',
  'stdio-buffer',
  'stdin-buffer'
] as const satisfies ReadonlyArray<NonNullable<BlockInfo['role']>>

/** Numbers per block. */
export const PACKED_BLOCK_FIELDS = 12

const FREE = 1
const CORRUPTED = 2
/** `corrupted: false` said explicitly (kept, so unpacking gives back exactly what was packed). */
const NOT_CORRUPTED = 4
/** bin index + 1 in bits 3-6, role index + 1 in bits 7-9 (0: none). */
const BIN_SHIFT = 3
const ROLE_SHIFT = 7

const binIndex = new Map<string, number>(BINS.map((bin, i) => [bin, i + 1]))
const roleIndex = new Map<string, number>(ROLES.map((role, i) => [role, i + 1]))

/** `blocks` (in address order, as a state lists them) as one array of numbers. */
export function packBlocks(blocks: readonly BlockInfo[]): Float64Array {
  const packed = new Float64Array(blocks.length * PACKED_BLOCK_FIELDS)
  let previous = 0
  let at = 0
  for (const block of blocks) {
    let flags = block.free ? FREE : 0
    if (block.corrupted === true) flags |= CORRUPTED
    else if (block.corrupted === false) flags |= NOT_CORRUPTED
    if (block.bin !== undefined) flags |= binIndex.get(block.bin)! << BIN_SHIFT
    if (block.role !== undefined) flags |= roleIndex.get(block.role)! << ROLE_SHIFT
    packed[at] = block.address - previous
    packed[at + 1] = block.size
    packed[at + 2] = block.payload - block.address
    packed[at + 3] = block.requested
    packed[at + 4] = block.headerBytes
    packed[at + 5] = block.footerBytes
    packed[at + 6] = block.paddingBytes
    packed[at + 7] = flags
    packed[at + 8] = block.allocated ? block.allocated.step : -1
    packed[at + 9] = block.allocated?.line ?? -1
    packed[at + 10] = block.freed ? block.freed.step : -1
    packed[at + 11] = block.freed?.line ?? -1
    previous = block.address
    at += PACKED_BLOCK_FIELDS
  }
  return packed
}

/** The blocks `packBlocks` packed, equal to them field for field. */
export function unpackBlocks(packed: ArrayLike<number>): BlockInfo[] {
  if (packed.length % PACKED_BLOCK_FIELDS !== 0)
    throw new Error(
      `Packed heap blocks come ${PACKED_BLOCK_FIELDS} numbers a block; ${packed.length} numbers are not whole blocks.`
    )
  const blocks = new Array<BlockInfo>(packed.length / PACKED_BLOCK_FIELDS)
  let address = 0
  for (let i = 0, at = 0; at < packed.length; i++, at += PACKED_BLOCK_FIELDS) {
    address += packed[at]
    const flags = packed[at + 7]
    const block: BlockInfo = {
      address,
      size: packed[at + 1],
      payload: address + packed[at + 2],
      requested: packed[at + 3],
      headerBytes: packed[at + 4],
      footerBytes: packed[at + 5],
      paddingBytes: packed[at + 6],
      free: (flags & FREE) !== 0
    }
    const bin = (flags >> BIN_SHIFT) & 15
    if (bin > 0) block.bin = BINS[bin - 1]
    const role = (flags >> ROLE_SHIFT) & 7
    if (role > 0) block.role = ROLES[role - 1]
    if (flags & CORRUPTED) block.corrupted = true
    else if (flags & NOT_CORRUPTED) block.corrupted = false
    if (packed[at + 8] >= 0)
      block.allocated =
        packed[at + 9] >= 0
          ? { step: packed[at + 8], line: packed[at + 9] }
          : { step: packed[at + 8] }
    if (packed[at + 10] >= 0)
      block.freed =
        packed[at + 11] >= 0
          ? { step: packed[at + 10], line: packed[at + 11] }
          : { step: packed[at + 10] }
    blocks[i] = block
  }
  return blocks
}

/**
 * The bytes of `numbers` as base64 text: how the packed blocks cross the worker's structured
 * clone, the WebSocket's JSON and Electron's IPC alike. A string is copied whole by the clone
 * and passed through by JSON; an array of 240,000 numbers (20,000 blocks) took 40-50 ms to
 * clone, one number at a time. Byte order is the machine's (little-endian on every platform
 * the app ships for).
 */
export function numbersToBase64(numbers: Float64Array): string {
  const bytes = new Uint8Array(numbers.buffer, numbers.byteOffset, numbers.byteLength)
  // A loop over the bytes into ASCII codes, read as one string: btoa needs a string of the
  // bytes first, and making that (String.fromCharCode over slices) took 100 ms for 1.9 MB.
  const text = new Uint8Array(Math.ceil(bytes.length / 3) * 4)
  let out = 0
  let at = 0
  for (; at + 2 < bytes.length; at += 3) {
    const triple = (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2]
    text[out++] = ALPHABET_CODES[triple >> 18]
    text[out++] = ALPHABET_CODES[(triple >> 12) & 63]
    text[out++] = ALPHABET_CODES[(triple >> 6) & 63]
    text[out++] = ALPHABET_CODES[triple & 63]
  }
  if (at < bytes.length) {
    const rest = bytes.length - at
    const triple = (bytes[at] << 16) | (rest === 2 ? bytes[at + 1] << 8 : 0)
    text[out++] = ALPHABET_CODES[triple >> 18]
    text[out++] = ALPHABET_CODES[(triple >> 12) & 63]
    text[out++] = rest === 2 ? ALPHABET_CODES[(triple >> 6) & 63] : PAD
    text[out++] = PAD
  }
  return new TextDecoder().decode(text)
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const ALPHABET_CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0))
const PAD = '='.charCodeAt(0)
/** Each base64 character's 6 bits, by character code; 255 for a character that is not one. */
const SEXTETS = new Uint8Array(128).fill(255)
ALPHABET_CODES.forEach((code, value) => (SEXTETS[code] = value))

/** The numbers `numbersToBase64` wrote. */
export function base64ToNumbers(text: string): Float64Array {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  const length = (text.length / 4) * 3 - padding
  if (text.length % 4 !== 0 || length % 8 !== 0)
    throw new Error(
      `Packed numbers come 8 bytes each, as base64; ${text.length} characters are not whole numbers.`
    )
  const bytes = new Uint8Array(length)
  let out = 0
  for (let at = 0; at < text.length; at += 4) {
    const quad =
      (sextet(text, at) << 18) |
      (sextet(text, at + 1) << 12) |
      (sextet(text, at + 2) << 6) |
      sextet(text, at + 3)
    if (out < length) bytes[out++] = quad >> 16
    if (out < length) bytes[out++] = (quad >> 8) & 255
    if (out < length) bytes[out++] = quad & 255
  }
  return new Float64Array(bytes.buffer)
}

function sextet(text: string, at: number): number {
  const code = text.charCodeAt(at)
  if (code === PAD) return 0
  const value = code < 128 ? SEXTETS[code] : 255
  if (value === 255) throw new Error(`Packed numbers: '${text[at]}' at ${at} is not base64.`)
  return value
}

/** A state as it travels to the page: its blocks packed (`packedBlocks`), `blocks` empty. */
export function packState(state: ProcessState): ProcessState {
  return { ...state, blocks: [], packedBlocks: numbersToBase64(packBlocks(state.blocks)) }
}

/** A state as the page keeps it: the blocks `packState` packed, back in `blocks`. */
export function unpackState(state: ProcessState): ProcessState {
  if (state.packedBlocks === undefined) return state
  const { packedBlocks, ...rest } = state
  return { ...rest, blocks: unpackBlocks(base64ToNumbers(packedBlocks)) }
}
