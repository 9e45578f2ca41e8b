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

export class HeapLog {
  private steps = new Float64Array(1024)
  private lines = new Int32Array(1024)
  private ops = new Uint8Array(1024)
  private pointers = new Float64Array(1024)
  private sizes = new Float64Array(1024)
  private results = new Float64Array(1024)
  private breaks = new Float64Array(1024)
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
    if (this.length === this.steps.length) this.grow()
    const i = this.length++
    this.steps[i] = step
    this.lines[i] = line ?? -1
    this.ops[i] = CODE[op]
    this.pointers[i] = pointer
    this.sizes[i] = size
    this.results[i] = result
    this.breaks[i] = programBreak
  }

  private grow(): void {
    const n = this.steps.length * 2
    const f = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(n)
      b.set(a)
      return b
    }
    this.steps = f(this.steps)
    this.pointers = f(this.pointers)
    this.sizes = f(this.sizes)
    this.results = f(this.results)
    this.breaks = f(this.breaks)
    const lines = new Int32Array(n)
    lines.set(this.lines)
    this.lines = lines
    const ops = new Uint8Array(n)
    ops.set(this.ops)
    this.ops = ops
  }

  /** Forget entries from `length` on (time travel back). */
  truncate(length: number): void {
    this.length = Math.min(this.length, length)
  }

  entry(i: number): HeapLogEntry {
    const line = this.lines[i]
    return {
      step: this.steps[i],
      ...(line >= 0 ? { line } : {}),
      op: OPS[this.ops[i]],
      pointer: this.pointers[i],
      size: this.sizes[i],
      result: this.results[i],
      programBreak: this.breaks[i]
    }
  }

  /** Entries [from, to) as objects. */
  entries(from = 0, to = this.length): HeapLogEntry[] {
    const out: HeapLogEntry[] = []
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++) out.push(this.entry(i))
    return out
  }
}
