/**
 * A hash table from a block's offset (a non-negative integer: payload − heap start) to a few
 * numbers, kept in typed arrays. The heap checker looks a block up, adds it and removes it on
 * every malloc and free; a `Map` of objects costs an object per block and tens of nanoseconds
 * per operation, this costs neither.
 *
 * Open addressing with linear probing, at most half full; removal shifts the entries that
 * follow back into the hole (no tombstones), so a table that churns stays as fast as a fresh
 * one. Iteration order is slot order, not insertion order: callers that need an order sort.
 */

/** Marks an empty slot (offsets are never negative). */
const EMPTY = -1

export class OffsetTable {
  private keys: Float64Array
  /** `columns` values per slot, slot-major: values[slot * columns + c]. */
  private values: Float64Array
  private mask: number
  private shift: number
  /** Entries in the table. */
  size = 0

  constructor(
    private readonly columns: number,
    capacity = 64
  ) {
    let bits = 4
    while (1 << bits < capacity * 2) bits++
    this.keys = new Float64Array(1 << bits).fill(EMPTY)
    this.values = new Float64Array((1 << bits) * columns)
    this.mask = (1 << bits) - 1
    this.shift = 32 - bits
  }

  /** The home slot of a key: offsets are multiples of 8 or 16, so the low bits are dropped first. */
  private home(key: number): number {
    const low = (key / 8) | 0
    const high = (key / 34359738368) | 0
    return Math.imul(low ^ high, 0x9e3779b1) >>> this.shift
  }

  /** The slot holding `key`, or −1. */
  slotOf(key: number): number {
    const keys = this.keys
    const mask = this.mask
    for (let i = this.home(key); ; i = (i + 1) & mask) {
      const k = keys[i]
      if (k === key) return i
      if (k === EMPTY) return -1
    }
  }

  has(key: number): boolean {
    return this.slotOf(key) >= 0
  }

  /** Column `c` of the entry in `slot` (from slotOf or forEachSlot). */
  value(slot: number, c: number): number {
    return this.values[slot * this.columns + c]
  }

  setValue(slot: number, c: number, v: number): void {
    this.values[slot * this.columns + c] = v
  }

  /** The key in `slot`. */
  keyAt(slot: number): number {
    return this.keys[slot]
  }

  /** Adds `key` (or finds it) and returns its slot; the caller sets the values. */
  insert(key: number): number {
    if ((this.size + 1) * 2 > this.keys.length) this.grow()
    const keys = this.keys
    const mask = this.mask
    for (let i = this.home(key); ; i = (i + 1) & mask) {
      const k = keys[i]
      if (k === key) return i
      if (k === EMPTY) {
        keys[i] = key
        this.size++
        return i
      }
    }
  }

  /** Sets `key`'s first values (up to three) in one call. */
  set(key: number, v0: number, v1 = 0, v2 = 0): void {
    const o = this.insert(key) * this.columns
    const values = this.values
    values[o] = v0
    if (this.columns > 1) values[o + 1] = v1
    if (this.columns > 2) values[o + 2] = v2
  }

  /** Removes `key`; false when it was not there. */
  delete(key: number): boolean {
    const slot = this.slotOf(key)
    if (slot < 0) return false
    this.deleteSlot(slot)
    return true
  }

  /** Removes the entry in `slot` (from slotOf; the slots of other entries may change). */
  deleteSlot(slot: number): void {
    let hole = slot
    const keys = this.keys
    const values = this.values
    const columns = this.columns
    const mask = this.mask
    // Backward-shift deletion: every entry after the hole whose home does not lie cyclically in
    // (hole, j] moves into the hole, so every probe sequence stays unbroken.
    for (let j = (hole + 1) & mask; keys[j] !== EMPTY; j = (j + 1) & mask) {
      const h = this.home(keys[j])
      const stays = hole <= j ? hole < h && h <= j : hole < h || h <= j
      if (stays) continue
      keys[hole] = keys[j]
      for (let c = 0; c < columns; c++) values[hole * columns + c] = values[j * columns + c]
      hole = j
    }
    keys[hole] = EMPTY
    this.size--
  }

  /** Calls `visit` with the slot of every entry (any order). */
  forEachSlot(visit: (slot: number) => void): void {
    const keys = this.keys
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) visit(i)
  }

  clear(): void {
    this.keys.fill(EMPTY)
    this.size = 0
  }

  private grow(): void {
    const oldKeys = this.keys
    const oldValues = this.values
    const columns = this.columns
    const capacity = oldKeys.length * 2
    this.keys = new Float64Array(capacity).fill(EMPTY)
    this.values = new Float64Array(capacity * columns)
    this.mask = capacity - 1
    this.shift--
    this.size = 0
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] === EMPTY) continue
      const slot = this.insert(oldKeys[i])
      for (let c = 0; c < columns; c++) this.values[slot * columns + c] = oldValues[i * columns + c]
    }
  }
}
