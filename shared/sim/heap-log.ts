/**
 * The heap's event log: every malloc, calloc, realloc, free, brk and mmap/munmap the machine
 * performed, in order, with the step and source line. Append-only between snapshots (a restore
 * truncates it), stored column-wise so a million entries stay small. The charts and the
 * scrubber's markers read it.
 */
export type HeapOp = 'malloc' | 'calloc' | 'realloc' | 'free' | 'brk' | 'mmap' | 'munmap'

const OPS: readonly HeapOp[] = ['malloc', 'calloc', 'realloc', 'free', 'brk', 'mmap', 'munmap']
const CODE: Readonly<Record<HeapOp, number>> = {
  malloc: 0,
  calloc: 1,
  realloc: 2,
  free: 3,
  brk: 4,
  mmap: 5,
  munmap: 6
}

export interface HeapLogEntry {
  step: number
  line?: number
  op: HeapOp
  /** The pointer passed (free, realloc), the address (munmap), or 0. */
  pointer: number
  /** Bytes asked for (malloc, realloc, mmap, munmap; count × size for calloc), or the new break. */
  size: number
  /** What the call returned: the pointer, the old break (brk), or -1/0 on failure. */
  result: number
  /** The program break after the call. */
  programBreak: number
}

/** Entries per chunk (a power of two): the log grows by whole chunks and never copies. */
const CHUNK_BITS = 10
const CHUNK = 1 << CHUNK_BITS
const MASK = CHUNK - 1

/** One chunk of the log, column-wise. */
interface Chunk {
  steps: Float64Array
  lines: Int32Array
  ops: Uint8Array
  pointers: Float64Array
  sizes: Float64Array
  results: Float64Array
  breaks: Float64Array
}

/** Bytes of one chunk: five 8-byte columns, then the 4-byte lines and the 1-byte ops. */
const CHUNK_BYTES = CHUNK * (5 * 8 + 4 + 1)

function newChunk(): Chunk {
  // One buffer for all seven columns: one allocation (and one zero-fill) per 1024 entries
  // instead of seven, which a long run makes thousands of times.
  const buffer = new ArrayBuffer(CHUNK_BYTES)
  const f64 = (column: number): Float64Array => new Float64Array(buffer, column * CHUNK * 8, CHUNK)
  return {
    steps: f64(0),
    pointers: f64(1),
    sizes: f64(2),
    results: f64(3),
    breaks: f64(4),
    lines: new Int32Array(buffer, 5 * CHUNK * 8, CHUNK),
    ops: new Uint8Array(buffer, 5 * CHUNK * 8 + 4 * CHUNK, CHUNK)
  }
}

export class HeapLog {
  // Fixed-size chunks rather than one doubling array: a million-entry log never holds two
  // copies of itself while growing, and appending never copies.
  private readonly chunks: Chunk[] = []
  private current: Chunk | null = null
  length = 0

  push(
    step: number,
    line: number | undefined,
    op: HeapOp,
    pointer: number,
    size: number,
    result: number,
    programBreak: number
  ): void {
    const at = this.length & MASK
    let c = this.current
    if (at === 0 || c === null) {
      const index = this.length >> CHUNK_BITS
      if (index === this.chunks.length) this.chunks.push(newChunk())
      c = this.chunks[index]
      this.current = c
    }
    this.length++
    c.steps[at] = step
    c.lines[at] = line ?? -1
    c.ops[at] = CODE[op]
    c.pointers[at] = pointer
    c.sizes[at] = size
    c.results[at] = result
    c.breaks[at] = programBreak
  }

  /** Forget entries from `length` on (time travel back). */
  truncate(length: number): void {
    this.length = Math.min(this.length, length)
    // The next push finds its chunk again (the chunks themselves are kept for reuse).
    this.current = null
  }

  entry(i: number): HeapLogEntry {
    const c = this.chunks[i >> CHUNK_BITS]
    const at = i & MASK
    const line = c.lines[at]
    return {
      step: c.steps[at],
      ...(line >= 0 ? { line } : {}),
      op: OPS[c.ops[at]],
      pointer: c.pointers[at],
      size: c.sizes[at],
      result: c.results[at],
      programBreak: c.breaks[at]
    }
  }

  /** Entries [from, to) as objects. */
  entries(from = 0, to = this.length): HeapLogEntry[] {
    const out: HeapLogEntry[] = []
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++) out.push(this.entry(i))
    return out
  }
}
