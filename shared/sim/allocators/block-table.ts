/**
 * An allocator's allocated blocks by payload offset from the heap start: what `free(p)` and
 * `realloc(p, n)` look up on every call, and what a time-travel restore rebuilds from scratch.
 *
 * A `Map` rebuilt after `clear()` grows (and rehashes) its table again entry by entry; this
 * open-addressing table keeps its capacity, clears with one `fill`, and hashes plain numbers.
 * Linear probing, at most half full; a removal shifts the entries that follow back into the
 * hole (no tombstones), so a table that churns stays as fast as a fresh one.
 */

/** Marks an empty slot (offsets of blocks are never negative). */
const EMPTY = -1

export class BlockTable<T> {
  declare private keys: Float64Array
  declare private items: Array<T | undefined>
  declare private mask: number
  declare private shift: number
  /** Entries in the table. */
  size = 0

  constructor(capacity = 64) {
    let bits = 4
    while (1 << bits < capacity * 2) bits++
    this.keys = new Float64Array(1 << bits).fill(EMPTY)
    this.items = new Array<T | undefined>(1 << bits).fill(undefined)
    this.mask = (1 << bits) - 1
    this.shift = 32 - bits
  }

  /** The home slot of an offset: payload offsets are multiples of the alignment, so drop 3 bits. */
  private home(key: number): number {
    const low = (key / 8) | 0
    const high = (key / 34359738368) | 0
    return Math.imul(low ^ high, 0x9e3779b1) >>> this.shift
  }

  /** The block at `key`, or undefined (for any number, including negative or huge ones). */
  get(key: number): T | undefined {
    if (!(key >= 0)) return undefined
    const keys = this.keys
    const mask = this.mask
    for (let i = this.home(key); ; i = (i + 1) & mask) {
      const k = keys[i]
      if (k === key) return this.items[i]
      if (k === EMPTY) return undefined
    }
  }

  /** Put `item` at `key` (a non-negative number), replacing what was there. */
  set(key: number, item: T): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow()
    const keys = this.keys
    const mask = this.mask
    let i = this.home(key)
    for (; ; i = (i + 1) & mask) {
      const k = keys[i]
      if (k === key) break
      if (k === EMPTY) {
        keys[i] = key
        this.size++
        break
      }
    }
    this.items[i] = item
  }

  /** Remove `key`; false when it was not there. */
  delete(key: number): boolean {
    return this.take(key) !== undefined
  }

  /** Remove `key` and return what it held (one search where get and delete take two). */
  take(key: number): T | undefined {
    if (!(key >= 0)) return undefined
    const keys = this.keys
    const items = this.items
    const mask = this.mask
    let hole = this.home(key)
    for (; ; hole = (hole + 1) & mask) {
      const k = keys[hole]
      if (k === key) break
      if (k === EMPTY) return undefined
    }
    const taken = items[hole]
    keys[hole] = EMPTY
    items[hole] = undefined
    this.size--
    // Shift back every entry after the hole whose home slot is not between the hole and it.
    for (let j = (hole + 1) & mask; keys[j] !== EMPTY; j = (j + 1) & mask) {
      const h = this.home(keys[j])
      const stays = hole <= j ? hole < h && h <= j : hole < h || h <= j
      if (stays) continue
      keys[hole] = keys[j]
      items[hole] = items[j]
      keys[j] = EMPTY
      items[j] = undefined
      hole = j
    }
    return taken
  }

  /** Empty the table, keeping its capacity (a restore refills it at once). */
  clear(): void {
    if (this.size === 0) return
    this.keys.fill(EMPTY)
    this.items.fill(undefined)
    this.size = 0
  }

  private grow(): void {
    const oldKeys = this.keys
    const oldItems = this.items
    const length = oldKeys.length * 2
    this.keys = new Float64Array(length).fill(EMPTY)
    this.items = new Array<T | undefined>(length).fill(undefined)
    this.mask = length - 1
    this.shift--
    this.size = 0
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] !== EMPTY) this.set(oldKeys[i], oldItems[i] as T)
    }
  }
}

/**
 * `PayloadTable`'s limit, inlined where used: 2 MiB of heap at 16-byte alignment (a 1 MB
 * array at most). Beyond it the direct part would be sparse: random-bal's 2,400 blocks over
 * 15 MB made it an 8 MB array whose every load missed the cache, 4-12 % slower than the
 * hash table's 128 KB; binary2-bal's 12,000 blocks in 1.2 MB are 18-34 % faster with it.
 */
const enum DirectItems {
  LIMIT = 1 << 17
}

/**
 * `BlockTable` for an allocator whose payloads lie on multiples of `granularity` from the heap
 * start (the explicit free list): such offsets below a limit index a plain array directly, one
 * load where the hash table probes its keys and then loads the item (two cache misses on a
 * big heap, on every free); every other key (unaligned, negative, far) goes to a `BlockTable`.
 * A key always lands in the same part, so the two never disagree.
 */
export class PayloadTable<T> {
  /** Items by offset / granularity. */
  private direct: Array<T | undefined> = new Array<T | undefined>(256).fill(undefined)
  declare private readonly inverse: number
  private readonly far = new BlockTable<T>()
  /** Entries in `direct`. */
  private near = 0

  constructor(granularity: number) {
    this.inverse = 1 / granularity
  }

  /** Entries in the table. */
  get size(): number {
    return this.near + this.far.size
  }

  /** The block at `key`, or undefined (for any number). */
  get(key: number): T | undefined {
    const i = key * this.inverse
    const j = i | 0
    if (j === i && j >= 0 && j < DirectItems.LIMIT) {
      return j < this.direct.length ? this.direct[j] : undefined
    }
    return this.far.get(key)
  }

  /** Put `item` at `key` (a non-negative number), replacing what was there. */
  set(key: number, item: T): void {
    const i = key * this.inverse
    const j = i | 0
    if (j === i && j >= 0 && j < DirectItems.LIMIT) {
      if (j >= this.direct.length) this.grow(j)
      if (this.direct[j] === undefined) this.near++
      this.direct[j] = item
    } else this.far.set(key, item)
  }

  /** Remove `key`; false when it was not there. */
  delete(key: number): boolean {
    return this.take(key) !== undefined
  }

  /** Remove `key` and return what it held. */
  take(key: number): T | undefined {
    const i = key * this.inverse
    const j = i | 0
    if (j === i && j >= 0 && j < DirectItems.LIMIT) {
      if (j >= this.direct.length) return undefined
      const taken = this.direct[j]
      if (taken !== undefined) {
        this.direct[j] = undefined
        this.near--
      }
      return taken
    }
    return this.far.take(key)
  }

  /**
   * Empty the table. The direct part is filled over its whole length: a caller that knows its
   * keys (a restore walking the blocks it replaces) deletes them first, and this costs nothing.
   */
  clear(): void {
    if (this.near > 0) this.direct.fill(undefined)
    this.near = 0
    this.far.clear()
  }

  private grow(j: number): void {
    let length = this.direct.length * 2
    while (length <= j) length *= 2
    const direct = new Array<T | undefined>(Math.min(length, DirectItems.LIMIT)).fill(undefined)
    for (let k = 0; k < this.direct.length; k++) direct[k] = this.direct[k]
    this.direct = direct
  }
}

/** What `HandleTable.get` and `take` give for an offset it does not hold. */
export const NO_HANDLE = -1

/**
 * `BlockTable` for an allocator whose blocks are small integer handles into typed arrays (the
 * segregated lists): offsets map to handles in two typed arrays, so a lookup loads no object
 * and a handle comes back as a small integer, never a boxed number. Same probing and removal
 * as `BlockTable`; the home slot multiplies the offset's low 32 bits (Fibonacci hashing, whose
 * high bits mix every low bit, so offsets that are all multiples of 16 still spread).
 */
export class HandleTable {
  declare private keys: Float64Array
  declare private handles: Int32Array
  declare private mask: number
  declare private shift: number
  /** Entries in the table. */
  size = 0

  constructor(capacity = 64) {
    let bits = 4
    while (1 << bits < capacity * 2) bits++
    this.keys = new Float64Array(1 << bits).fill(EMPTY)
    this.handles = new Int32Array(1 << bits)
    this.mask = (1 << bits) - 1
    this.shift = 32 - bits
  }

  private home(key: number): number {
    return Math.imul(key | 0, 0x9e3779b1) >>> this.shift
  }

  /** The handle at `key`, or NO_HANDLE (for any number, including negative or huge ones). */
  get(key: number): number {
    if (!(key >= 0)) return NO_HANDLE
    const keys = this.keys
    const mask = this.mask
    for (let i = this.home(key); ; i = (i + 1) & mask) {
      const k = keys[i]
      if (k === key) return this.handles[i] as number
      if (k === EMPTY) return NO_HANDLE
    }
  }

  /** Put `handle` (≥ 0) at `key` (a non-negative number), replacing what was there. */
  set(key: number, handle: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow()
    const keys = this.keys
    const mask = this.mask
    let i = this.home(key)
    for (; ; i = (i + 1) & mask) {
      const k = keys[i]
      if (k === key) break
      if (k === EMPTY) {
        keys[i] = key
        this.size++
        break
      }
    }
    this.handles[i] = handle
  }

  /** Remove `key` and return its handle; NO_HANDLE when it was not there. */
  take(key: number): number {
    if (!(key >= 0)) return NO_HANDLE
    const keys = this.keys
    const handles = this.handles
    const mask = this.mask
    let hole = this.home(key)
    for (; ; hole = (hole + 1) & mask) {
      const k = keys[hole]
      if (k === key) break
      if (k === EMPTY) return NO_HANDLE
    }
    const taken = handles[hole] as number
    keys[hole] = EMPTY
    this.size--
    // Shift back every entry after the hole whose home slot is not between the hole and it.
    for (let j = (hole + 1) & mask; keys[j] !== EMPTY; j = (j + 1) & mask) {
      const h = this.home(keys[j] as number)
      const stays = hole <= j ? hole < h && h <= j : hole < h || h <= j
      if (stays) continue
      keys[hole] = keys[j] as number
      handles[hole] = handles[j] as number
      keys[j] = EMPTY
      hole = j
    }
    return taken
  }

  /** Empty the table, keeping its capacity (a restore refills it at once). */
  clear(): void {
    if (this.size === 0) return
    this.keys.fill(EMPTY)
    this.size = 0
  }

  private grow(): void {
    const oldKeys = this.keys
    const oldHandles = this.handles
    const length = oldKeys.length * 2
    this.keys = new Float64Array(length).fill(EMPTY)
    this.handles = new Int32Array(length)
    this.mask = length - 1
    this.shift--
    this.size = 0
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] !== EMPTY) this.set(oldKeys[i] as number, oldHandles[i] as number)
    }
  }
}

/**
 * `PayloadIndex`'s constants, inlined where used (a module-level const is a load and a type
 * check in optimized code on every use; an enum member is a literal).
 */
const enum Direct {
  /** Entries of the direct part at most (4 bytes each): 32 MiB of heap at 16-byte alignment. */
  LIMIT = 1 << 21,
  /** NO_HANDLE. */
  NONE = -1
}

/**
 * Handles of allocated blocks by payload offset, for an allocator whose payloads all lie on
 * multiples of `granularity` from the heap start: offsets below a limit index a plain array
 * directly (one load, no hashing or probing; grown as the heap grows), the rest go to a
 * `HandleTable`. An offset that is no multiple of the granularity is never a payload, so it
 * finds nothing.
 */
export class PayloadIndex {
  /** Handle + 1 by offset / granularity (0: none). */
  private direct = new Int32Array(256)
  declare private readonly inverse: number
  private readonly far = new HandleTable()

  constructor(granularity: number) {
    this.inverse = 1 / granularity
  }

  /** The handle at `offset`, or NO_HANDLE (for any number). */
  get(offset: number): number {
    const i = offset * this.inverse
    const j = i | 0
    if (j === i && j >= 0 && j < this.direct.length) return (this.direct[j] as number) - 1
    return i >= Direct.LIMIT ? this.far.get(offset) : Direct.NONE
  }

  /** Put `handle` (≥ 0) at `offset` (a payload: a non-negative multiple of the granularity). */
  set(offset: number, handle: number): void {
    const i = offset * this.inverse
    if (i < Direct.LIMIT) {
      if (i >= this.direct.length) this.grow(i)
      this.direct[i | 0] = handle + 1
    } else this.far.set(offset, handle)
  }

  /** Remove `offset` and return its handle; NO_HANDLE when there was none. */
  take(offset: number): number {
    const i = offset * this.inverse
    const j = i | 0
    if (j === i && j >= 0 && j < this.direct.length) {
      const handle = (this.direct[j] as number) - 1
      this.direct[j] = 0
      return handle
    }
    return i >= Direct.LIMIT ? this.far.take(offset) : Direct.NONE
  }

  private grow(i: number): void {
    let length = this.direct.length * 2
    while (length <= i) length *= 2
    const direct = new Int32Array(Math.min(length, Direct.LIMIT))
    direct.set(this.direct)
    this.direct = direct
  }
}
