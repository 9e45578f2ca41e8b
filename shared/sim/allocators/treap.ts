/**
 * An ordered index of free blocks: a treap (a binary search tree kept balanced by random
 * priorities) whose every node also knows the largest block size in its subtree.
 *
 * That one extra number is what lets a free list be searched in O(log n) instead of walking
 * it: "the first block in list order that is at least N bytes" descends left whenever the left
 * subtree holds a big enough block. First fit, next fit, worst fit and (over a size-ordered
 * tree) best fit are all that question with different orders.
 *
 * Keys are three numbers compared in turn (k1, then k2, then k3). The nodes live in typed
 * arrays (one column per field, a node is an index), with parent links, so that:
 * - `insert` returns the node's handle, and `removeAt`/`replaceAt` of a handle find nothing
 *   by key: an allocator keeps each free block's handle and changes the tree from there;
 * - insert and remove rotate (fewer than two rotations on average) and then fix the subtree
 *   maxima upwards only as far as they change, instead of splitting and merging whole paths;
 * - no object is made per operation, and freed nodes are reused.
 */

/** No node: an empty subtree, the root's parent. */
const NIL = -1

export class SizeIndexedTreap<T> {
  declare private left: Int32Array
  declare private right: Int32Array
  declare private parent: Int32Array
  declare private priority: Uint32Array
  declare private sizes: Float64Array
  /** Largest size in each node's subtree. */
  declare private maxes: Float64Array
  declare private k1s: Float64Array
  declare private k2s: Float64Array
  declare private k3s: Float64Array
  private items: Array<T | undefined> = []
  private root = NIL
  private count = 0
  /** Nodes handed out so far (the rest of the columns is unused). */
  private used = 0
  /** Removed nodes, chained through `left`, reused by the next inserts. */
  private spare = NIL
  declare private seed: number
  /** The node the last `insert` put its entry right after in order, or NIL (see `insertedAfter`). */
  private before = NIL
  /** Scratch stack for in-order walks (reused). */
  private readonly stack: number[] = []

  /** Whether subtree maxima are kept (`firstFit`, `firstFitFrom` and `largest` need them). */
  declare private readonly augmented: boolean

  /**
   * @param seed of the priorities (the order never depends on them)
   * @param augmented keep each subtree's largest size; a tree that is only searched by key
   *   (`firstAtLeast`, a size-ordered index) skips that upkeep
   */
  constructor(seed = 0x9e3779b9, augmented = true, capacity = 64) {
    this.seed = seed | 0 || 1
    this.augmented = augmented
    this.left = new Int32Array(capacity)
    this.right = new Int32Array(capacity)
    this.parent = new Int32Array(capacity)
    this.priority = new Uint32Array(capacity)
    this.sizes = new Float64Array(capacity)
    this.maxes = new Float64Array(capacity)
    this.k1s = new Float64Array(capacity)
    this.k2s = new Float64Array(capacity)
    this.k3s = new Float64Array(capacity)
  }

  get size(): number {
    return this.count
  }

  /** Largest size in the index (0 when empty); an augmented tree's only (see the constructor). */
  largest(): number {
    return this.root === NIL ? 0 : this.maxes[this.root]
  }

  private random(): number {
    // xorshift32: deterministic, so a run is reproducible (results never depend on it anyway).
    let x = this.seed
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    this.seed = x
    // 30 bits: a small integer (no boxed double); priorities only need to be random.
    return x >>> 2
  }

  clear(): void {
    this.root = NIL
    this.count = 0
    this.used = 0
    this.spare = NIL
    this.items.fill(undefined)
  }

  private grow(capacity: number): void {
    const ints = (a: Int32Array): Int32Array => {
      const b = new Int32Array(capacity)
      b.set(a)
      return b
    }
    const floats = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity)
      b.set(a)
      return b
    }
    this.left = ints(this.left)
    this.right = ints(this.right)
    this.parent = ints(this.parent)
    const priority = new Uint32Array(capacity)
    priority.set(this.priority)
    this.priority = priority
    this.sizes = floats(this.sizes)
    this.maxes = floats(this.maxes)
    this.k1s = floats(this.k1s)
    this.k2s = floats(this.k2s)
    this.k3s = floats(this.k3s)
  }

  /** A node for a new entry: a removed one, or the next unused one. */
  private newNode(): number {
    const reused = this.spare
    if (reused !== NIL) {
      this.spare = this.left[reused]
      return reused
    }
    if (this.used === this.left.length) this.grow(this.used * 2)
    return this.used++
  }

  /** The node's `maxes` from its own size and its children's. */
  private recompute(n: number): void {
    const maxes = this.maxes
    let m = this.sizes[n]
    const l = this.left[n]
    const r = this.right[n]
    if (l !== NIL && maxes[l] > m) m = maxes[l]
    if (r !== NIL && maxes[r] > m) m = maxes[r]
    maxes[n] = m
  }

  /** Rotate `x` above its parent (maxima are left for the caller to fix). */
  private rotateUp(x: number): void {
    const left = this.left
    const right = this.right
    const parent = this.parent
    const p = parent[x]
    const g = parent[p]
    if (left[p] === x) {
      const b = right[x]
      left[p] = b
      if (b !== NIL) parent[b] = p
      right[x] = p
    } else {
      const b = left[x]
      right[p] = b
      if (b !== NIL) parent[b] = p
      left[x] = p
    }
    parent[p] = x
    parent[x] = g
    if (g === NIL) this.root = x
    else if (left[g] === p) left[g] = x
    else right[g] = x
  }

  /**
   * Add `item` of `size` under the key (k1, k2, k3), which must not be present yet. Returns
   * the entry's handle, valid until the entry is removed (or `build`/`clear` runs).
   */
  insert(item: T, size: number, k1: number, k2: number, k3: number): number {
    const x = this.newNode()
    const left = this.left
    const right = this.right
    const parent = this.parent
    const k1s = this.k1s
    const k2s = this.k2s
    const k3s = this.k3s
    this.items[x] = item
    this.sizes[x] = size
    this.maxes[x] = size
    k1s[x] = k1
    k2s[x] = k2
    k3s[x] = k3
    left[x] = NIL
    right[x] = NIL
    const priority = this.random()
    this.priority[x] = priority
    this.count++
    let p = this.root
    if (p === NIL) {
      parent[x] = NIL
      this.root = x
      this.before = NIL
      return x
    }
    // Down to where the key belongs, as a leaf. The last node the walk passes on its right is
    // the entry's predecessor, and rotations keep the order: `insertedAfter` needs no walk.
    let before = NIL
    for (;;) {
      const a = k1s[p]
      if (k1 < a || (k1 === a && (k2 < k2s[p] || (k2 === k2s[p] && k3 < k3s[p])))) {
        if (left[p] === NIL) {
          left[p] = x
          break
        }
        p = left[p]
      } else {
        before = p
        if (right[p] === NIL) {
          right[p] = x
          break
        }
        p = right[p]
      }
    }
    parent[x] = p
    this.before = before
    // Up while its priority beats its parent's; each rotated-down parent's subtree shrank.
    const priorities = this.priority
    while (p !== NIL && priority > priorities[p]) {
      this.rotateUp(x)
      this.recompute(p)
      p = parent[x]
    }
    if (!this.augmented) return x
    this.recompute(x)
    // Every ancestor now holds x too.
    const maxes = this.maxes
    for (let a = p; a !== NIL && maxes[a] < size; a = parent[a]) maxes[a] = size
    return x
  }

  /** Remove the entry with handle `x` (from `insert` or `handleOf`). */
  removeAt(x: number): void {
    const left = this.left
    const right = this.right
    const parent = this.parent
    const priorities = this.priority
    // Rotate it down until it has at most one child, then splice it out.
    let rotated = 0
    while (left[x] !== NIL && right[x] !== NIL) {
      const l = left[x]
      const r = right[x]
      this.rotateUp(priorities[l] > priorities[r] ? l : r)
      rotated++
    }
    const child = left[x] !== NIL ? left[x] : right[x]
    const p = parent[x]
    if (child !== NIL) parent[child] = p
    if (p === NIL) this.root = child
    else if (left[p] === x) left[p] = child
    else right[p] = child
    // The nodes rotated above it are its nearest ancestors: fix them all; above them, stop
    // where a maximum no longer changes.
    const maxes = this.maxes
    let i = 0
    for (let a = this.augmented ? p : NIL; a !== NIL; a = parent[a], i++) {
      const old = maxes[a]
      this.recompute(a)
      if (i >= rotated && maxes[a] === old) break
    }
    this.items[x] = undefined
    left[x] = this.spare
    this.spare = x
    this.count--
  }

  /**
   * Give the entry with handle `x` a new item, size and key in place, in O(log n) without
   * restructuring. The caller guarantees the new key sorts exactly where the old one did (a
   * free block split or grown in place keeps its list position).
   */
  replaceAt(x: number, item: T, size: number, k1: number, k2: number, k3: number): void {
    this.items[x] = item
    this.sizes[x] = size
    this.k1s[x] = k1
    this.k2s[x] = k2
    this.k3s[x] = k3
    const maxes = this.maxes
    const parent = this.parent
    for (let a = this.augmented ? x : NIL; a !== NIL; a = parent[a]) {
      const old = maxes[a]
      this.recompute(a)
      if (maxes[a] === old) break
    }
  }

  /** The handle of the entry under (k1, k2, k3), or -1. */
  handleOf(k1: number, k2: number, k3: number): number {
    const k1s = this.k1s
    const k2s = this.k2s
    const k3s = this.k3s
    let t = this.root
    while (t !== NIL) {
      const a = k1s[t]
      if (k1 === a && k2 === k2s[t] && k3 === k3s[t]) return t
      t =
        k1 < a || (k1 === a && (k2 < k2s[t] || (k2 === k2s[t] && k3 < k3s[t])))
          ? this.left[t]
          : this.right[t]
    }
    return NIL
  }

  /** Remove the item under (k1, k2, k3); false when there is none. */
  remove(k1: number, k2: number, k3: number): boolean {
    const x = this.handleOf(k1, k2, k3)
    if (x === NIL) return false
    this.removeAt(x)
    return true
  }

  /** `replaceAt` of the entry under (k1, k2, k3); false when there is none. */
  replace(
    k1: number,
    k2: number,
    k3: number,
    item: T,
    size: number,
    n1: number,
    n2: number,
    n3: number
  ): boolean {
    const x = this.handleOf(k1, k2, k3)
    if (x === NIL) return false
    this.replaceAt(x, item, size, n1, n2, n3)
    return true
  }

  /** The item of the entry with handle `x`. */
  itemAt(x: number): T {
    return this.items[x] as T
  }

  /** The last item in order. */
  last(): T | undefined {
    let t = this.root
    if (t === NIL) return undefined
    while (this.right[t] !== NIL) t = this.right[t]
    return this.items[t]
  }

  /**
   * The item just before the entry the last `insert` added, or undefined: `previous` of its
   * handle, known from the insert's own walk down.
   */
  insertedAfter(): T | undefined {
    return this.before === NIL ? undefined : this.items[this.before]
  }

  /** The item just before the entry with handle `x` in order, or undefined. */
  previous(x: number): T | undefined {
    const left = this.left
    const parent = this.parent
    let t = left[x]
    if (t !== NIL) {
      while (this.right[t] !== NIL) t = this.right[t]
      return this.items[t]
    }
    // Up to the first ancestor it lies right of.
    let p = parent[x]
    let c = x
    while (p !== NIL && left[p] === c) {
      c = p
      p = parent[p]
    }
    return p === NIL ? undefined : this.items[p]
  }

  /** The first item in order whose k1 is at least `k1` (a lower bound on the first key). */
  firstAtLeast(k1: number): T | undefined {
    const k1s = this.k1s
    let t = this.root
    let found = NIL
    while (t !== NIL) {
      if (k1s[t] >= k1) {
        found = t
        t = this.left[t]
      } else t = this.right[t]
    }
    return found === NIL ? undefined : this.items[found]
  }

  /** The first item in order. */
  first(): T | undefined {
    let t = this.root
    if (t === NIL) return undefined
    while (this.left[t] !== NIL) t = this.left[t]
    return this.items[t]
  }

  /** The last item whose key comes before (k1, k2, k3), or undefined. */
  itemBefore(k1: number, k2: number, k3: number): T | undefined {
    const k1s = this.k1s
    const k2s = this.k2s
    const k3s = this.k3s
    let t = this.root
    let found = NIL
    while (t !== NIL) {
      const a = k1s[t]
      if (a < k1 || (a === k1 && (k2s[t] < k2 || (k2s[t] === k2 && k3s[t] < k3)))) {
        found = t
        t = this.right[t]
      } else t = this.left[t]
    }
    return found === NIL ? undefined : this.items[found]
  }

  /** The first node of subtree `t` in order whose size is at least `minSize`, or NIL. */
  private fitIn(t: number, minSize: number): number {
    const maxes = this.maxes
    const left = this.left
    while (t !== NIL && maxes[t] >= minSize) {
      const l = left[t]
      if (l !== NIL && maxes[l] >= minSize) t = l
      else if (this.sizes[t] >= minSize) return t
      else t = this.right[t]
    }
    return NIL
  }

  /** The first item in order whose size is at least `minSize`. */
  firstFit(minSize: number): T | undefined {
    const t = this.fitIn(this.root, minSize)
    return t === NIL ? undefined : this.items[t]
  }

  /** The first item at or after key (k1, k2, k3) whose size is at least `minSize`. */
  firstFitFrom(k1: number, k2: number, k3: number, minSize: number): T | undefined {
    // Down to the key, stacking every node at or after it where the walk turns left: taken
    // deepest first, each such node and then its right subtree are the rest in order.
    const k1s = this.k1s
    const k2s = this.k2s
    const k3s = this.k3s
    const stack = this.stack
    let depth = 0
    let t = this.root
    while (t !== NIL) {
      const a = k1s[t]
      if (a < k1 || (a === k1 && (k2s[t] < k2 || (k2s[t] === k2 && k3s[t] < k3)))) {
        t = this.right[t]
      } else {
        stack[depth++] = t
        t = this.left[t]
      }
    }
    while (depth > 0) {
      const n = stack[--depth]
      if (this.sizes[n] >= minSize) return this.items[n]
      const found = this.fitIn(this.right[n], minSize)
      if (found !== NIL) return this.items[found]
    }
    return undefined
  }

  /** Call `visit` with every item in order. */
  forEach(visit: (item: T) => void): void {
    const stack = this.stack
    let depth = 0
    let t = this.root
    while (t !== NIL || depth > 0) {
      while (t !== NIL) {
        stack[depth++] = t
        t = this.left[t]
      }
      const n = stack[--depth]
      visit(this.items[n] as T)
      t = this.right[n]
    }
  }

  /** Every item in order. */
  toArray(): T[] {
    const out: T[] = []
    this.forEach((item) => out.push(item))
    return out
  }

  /**
   * Replace the contents with `items`, already in key order, in O(n) (a Cartesian-tree
   * build). `keys` holds four numbers per item: size, k1, k2, k3. Afterwards the handle of
   * `items[i]` is `i`.
   */
  build(items: readonly T[], keys: Float64Array): void {
    const n = items.length
    this.clear()
    if (n > this.left.length) {
      let capacity = this.left.length
      while (capacity < n) capacity *= 2
      this.grow(capacity)
    }
    const left = this.left
    const right = this.right
    const parent = this.parent
    const priorities = this.priority
    // The right spine of the tree built so far, as a stack.
    const spine = this.stack
    let top = 0
    for (let i = 0; i < n; i++) {
      const o = i * 4
      this.items[i] = items[i]
      this.sizes[i] = keys[o]
      this.maxes[i] = keys[o]
      this.k1s[i] = keys[o + 1]
      this.k2s[i] = keys[o + 2]
      this.k3s[i] = keys[o + 3]
      const priority = this.random()
      priorities[i] = priority
      right[i] = NIL
      let last = NIL
      while (top > 0 && priorities[spine[top - 1]] < priority) {
        last = spine[--top]
        this.recompute(last)
      }
      left[i] = last
      if (last !== NIL) parent[last] = i
      if (top > 0) {
        right[spine[top - 1]] = i
        parent[i] = spine[top - 1]
      } else parent[i] = NIL
      spine[top++] = i
    }
    for (let i = top - 1; i >= 0; i--) this.recompute(spine[i])
    this.root = top > 0 ? spine[0] : NIL
    this.count = n
    this.used = n
  }
}
