/**
 * An explicit free list kept where a real allocator keeps it: inside the free blocks. The first
 * payload word of a free block holds the address of the next free block on its list and the
 * second word the previous one's (0 at either end), as 64-bit little-endian block addresses,
 * the pointer width of both layouts. So the byte inspector, and a use-after-free read of a
 * freed block, show the links.
 *
 * The explicit free list writes its links through `FreeBlockLinks`. The segregated class lists
 * keep their blocks as integer handles, not `LinkedBlock` objects, so they write the same words
 * directly (`NEXT_LINK`, `PREV_LINK` from here), in this layout.
 */
import type { HeapHost } from '../types'

/** Bytes of one link word (a pointer in both layouts). */
export const LINK_BYTES = 8
/** Offset of the next-free link in a free block's payload. */
export const NEXT_LINK = 0
/** Offset of the previous-free link in a free block's payload. */
export const PREV_LINK = LINK_BYTES

/** What a link needs to know of a block: where it starts and how big it is. */
export interface LinkedBlock {
  readonly address: number
  readonly size: number
}

/** Writes free-list links into free blocks' payloads in simulated memory. */
export class FreeBlockLinks {
  /**
   * @param host where the memory is (read on every write: a restore may swap it)
   * @param headerSize bytes before each payload
   * @param overhead header plus footer bytes of a block (what is not payload)
   */
  constructor(
    private readonly host: HeapHost,
    private readonly headerSize: number,
    private readonly overhead: number
  ) {}

  /** `b`'s next-free link points at `to` (null: `b` ends its list). */
  setNext(b: LinkedBlock, to: LinkedBlock | null): void {
    this.write(b, NEXT_LINK, to)
  }

  /** `b`'s previous-free link points at `to` (null: `b` heads its list). */
  setPrev(b: LinkedBlock, to: LinkedBlock | null): void {
    this.write(b, PREV_LINK, to)
  }

  /** `a` → `b` on one list, both words (either may be null: an end of the list). */
  join(a: LinkedBlock | null, b: LinkedBlock | null): void {
    if (a !== null) this.write(a, NEXT_LINK, b)
    if (b !== null) this.write(b, PREV_LINK, a)
  }

  private write(b: LinkedBlock, offset: number, to: LinkedBlock | null): void {
    // A block too small to hold the word (a tiny minimum block size) keeps none.
    if (b.size - this.overhead < offset + LINK_BYTES) return
    this.host.memory.writePointer(
      b.address + this.headerSize + offset,
      to === null ? 0 : to.address
    )
  }
}
