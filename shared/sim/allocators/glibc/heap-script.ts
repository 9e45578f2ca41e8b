/**
 * Heap scripts: a few lines of malloc/calloc/realloc/free that both the real C library (the probe
 * tools/probes/heap-script.c) and the simulator run, printing the same report, so the two can be
 * compared line for line. The format is described in tools/probes/README.md.
 */
import type { Allocator, HeapHost } from '../../types'
import { ProcessAbort, ProcessFault } from '../../types'

/** One operation of a heap script. */
export type HeapScriptOp =
  | { op: 'm'; id: number; size: number }
  | { op: 'c'; id: number; count: number; size: number }
  | { op: 'r'; id: number; size: number }
  | { op: 'f'; id: number }
  | { op: 's'; id: number }
  | { op: 'w'; id: number; offset: number; value: bigint }
  | { op: 'S'; id: number; offset: number; text: string }
  | { op: 'a'; id: number; source: number; offset: number }
  | { op: 'b'; increment: number }
  | { op: 'M' | 'A' | 'P'; id: number; alignment: number; size: number }
  | { op: 'u'; id: number }
  | { op: 't'; pad: number }
  | { op: 'o'; param: number; value: number }

/** Parse a heap script; throws an Error naming the line for anything malformed. */
export function parseHeapScript(text: string): HeapScriptOp[] {
  const ops: HeapScriptOp[] = []
  const lines = text.split('\n')
  lines.forEach((raw, index) => {
    const words = raw.trim().split(/\s+/)
    const op = words[0] ?? ''
    if (op === '' || op.startsWith('#')) return
    const where = `heap script line ${index + 1} ("${raw.trim()}")`
    const number = (position: number): number => {
      const word = words[position]
      const value = word === undefined ? NaN : Number(word)
      if (!Number.isSafeInteger(value))
        throw new Error(`${where}: operand ${position} is not a whole number.`)
      return value
    }
    if (op === 'b') {
      ops.push({ op, increment: number(1) })
      return
    }
    if (op === 't') {
      ops.push({ op, pad: number(1) })
      return
    }
    if (op === 'o') {
      ops.push({ op, param: number(1), value: number(2) })
      return
    }
    const id = number(1)
    switch (op) {
      case 'm':
      case 'r':
        ops.push({ op, id, size: number(2) })
        break
      case 'c':
        ops.push({ op, id, count: number(2), size: number(3) })
        break
      case 'f':
      case 's':
      case 'u':
        ops.push({ op, id })
        break
      case 'M':
      case 'A':
      case 'P':
        ops.push({ op, id, alignment: number(2), size: number(3) })
        break
      case 'a':
        ops.push({ op, id, source: number(2), offset: number(3) })
        break
      case 'w':
        ops.push({ op, id, offset: number(2), value: BigInt.asUintN(64, BigInt(words[3] ?? 'x')) })
        break
      case 'S': {
        const text = words[3] ?? ''
        if (!/^[\x21-\x7e]+$/.test(text))
          throw new Error(`${where}: operand 3 must be printable ASCII text without spaces.`)
        ops.push({ op, id, offset: number(2), text })
        break
      }
      default:
        throw new Error(
          `${where}: unknown operation "${op}" (expected m, c, r, f, s, a, w, S, b, M, A, P, u, t or o).`
        )
    }
  })
  return ops
}

/** The C heap API a script calls: an Allocator, or a Machine (which checks, then forwards). */
export type HeapApi = Pick<Allocator, 'malloc' | 'free' | 'calloc' | 'realloc'>

/** The glibc calls beyond malloc/calloc/realloc/free that scripts may make (GlibcAllocator). */
export interface HeapExtras {
  memalign(alignment: number, size: number): number
  alignedAlloc(alignment: number, size: number): number
  posixMemalign(alignment: number, size: number): { error: number; pointer: number }
  mallocUsableSize(pointer: number): number
  mallocTrim(pad: number): number
  mallopt(param: number, value: number): number
}

/** What running a script printed, and how the process ended. */
export interface HeapScriptResult {
  lines: string[]
  /** glibc's message when the allocator aborted the process (SIGABRT). */
  abort?: string
  /** The C library read unmapped memory and the process died of SIGSEGV (nothing on stderr). */
  segmentationFault?: true
}

const hex = (value: number | bigint): string => '0x' + value.toString(16)

/**
 * Run `ops` against `allocator` on `host`, printing what tools/probes/heap-script.c prints:
 * offsets from the initial program break, raw size words, and how far the break has moved.
 * memalign, aligned_alloc, posix_memalign, malloc_usable_size, malloc_trim and mallopt go to
 * `extras`.
 */
export function runHeapScript(
  ops: HeapScriptOp[],
  allocator: HeapApi,
  host: HeapHost,
  extras?: HeapExtras
): HeapScriptResult {
  const glibc = (): HeapExtras => {
    if (extras === undefined) {
      throw new Error(
        'This heap script calls memalign, malloc_usable_size or malloc_trim: pass the glibc allocator as extras.'
      )
    }
    return extras
  }
  const heapStart = host.programBreak()
  const pointers = new Map<number, number>()
  const lines: string[] = []
  let firstMmap = 0
  const brkMoved = (): number => host.programBreak() - heapStart
  const sizeWord = (pointer: number): bigint => host.memory.read64(pointer - 8)
  const report = (id: number, pointer: number): void => {
    if (pointer === 0) {
      lines.push(`${id} 0 ${brkMoved()}`)
    } else if ((sizeWord(pointer) & 2n) !== 0n) {
      if (firstMmap === 0) firstMmap = pointer
      lines.push(
        `${id} m ${pointer % 4096} ${hex(sizeWord(pointer))} ${brkMoved()} ${pointer - firstMmap}`
      )
    } else {
      lines.push(`${id} h ${pointer - heapStart} ${hex(sizeWord(pointer))} ${brkMoved()}`)
    }
  }
  try {
    for (const step of ops) {
      if (step.op === 'b') {
        host.sbrk(step.increment)
        lines.push(`b ${brkMoved()}`)
        continue
      }
      if (step.op === 't') {
        const released = glibc().mallocTrim(step.pad)
        lines.push(`t ${released} ${brkMoved()}`)
        continue
      }
      if (step.op === 'o') {
        // mallopt's value is a C int.
        const answer = glibc().mallopt(step.param, step.value | 0)
        lines.push(`o ${answer} ${brkMoved()}`)
        continue
      }
      const pointer = pointers.get(step.id) ?? 0
      switch (step.op) {
        case 'm':
          pointers.set(step.id, allocator.malloc(step.size))
          report(step.id, pointers.get(step.id) ?? 0)
          break
        case 'c':
          pointers.set(step.id, allocator.calloc(step.count, step.size))
          report(step.id, pointers.get(step.id) ?? 0)
          break
        case 'r':
          pointers.set(step.id, allocator.realloc(pointer, step.size))
          report(step.id, pointers.get(step.id) ?? 0)
          break
        case 'M':
        case 'A': {
          const api = glibc()
          const aligned =
            step.op === 'M'
              ? api.memalign(step.alignment, step.size)
              : api.alignedAlloc(step.alignment, step.size)
          pointers.set(step.id, aligned)
          report(step.id, aligned)
          break
        }
        case 'P': {
          const { error, pointer: aligned } = glibc().posixMemalign(step.alignment, step.size)
          lines.push(`P ${step.id} ${error}`)
          if (error === 0) {
            pointers.set(step.id, aligned)
            report(step.id, aligned)
          }
          break
        }
        case 'u':
          lines.push(`u ${step.id} ${glibc().mallocUsableSize(pointer)}`)
          break
        case 'f':
          allocator.free(pointer)
          lines.push(`f ${step.id} ${brkMoved()}`)
          break
        case 's':
          lines.push(`s ${step.id} ${hex(sizeWord(pointer))}`)
          break
        case 'a':
          pointers.set(step.id, (pointers.get(step.source) ?? 0) + step.offset)
          break
        case 'w':
          host.memory.write64(pointer + step.offset, step.value)
          break
        case 'S': {
          // strcpy: the text's bytes, then its terminating NUL.
          const bytes = new Uint8Array(step.text.length + 1)
          for (let i = 0; i < step.text.length; i++) bytes[i] = step.text.charCodeAt(i)
          host.memory.writeBytes(pointer + step.offset, bytes)
          break
        }
      }
    }
  } catch (error) {
    if (error instanceof ProcessFault) return { lines, segmentationFault: true }
    if (error instanceof ProcessAbort) return { lines, abort: error.message }
    throw error
  }
  lines.push(`end ${brkMoved()}`)
  return { lines }
}
