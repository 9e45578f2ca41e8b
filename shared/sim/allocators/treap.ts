/**
 * An ordered index of free blocks: a treap (a binary search tree kept balanced by random
 * priorities) whose every node also knows the largest block size in its subtree.
 *
 * That one extra number is what lets a free list be searched in O(log n) instead of walking
 * it: "the first block in list order that is at least N bytes" descends left whenever the left
 * subtree holds a big enough block. First fit, next fit, worst fit and (over a size-ordered
 * tree) best fit are all that question with different orders.
 */

/** What the index stores: anything with a size (the ordering is the comparator's business). */
export interface Sized {
  size: number
}

interface Node<T extends Sized> {
  item: T
  left: Node<T> | null
  right: Node<T> | null
  priority: number
  /** Largest `item.size` in this subtree. */
  max: number
}

function update<T extends Sized>(n: Node<T>): void {
  let m = n.item.size
  if (n.left !== null && n.left.max > m) m = n.left.max
  if (n.right !== null && n.right.max > m) m = n.right.max
  n.max = m
}

export class SizeIndexedTreap<T extends Sized> {
  private root: Node<T> | null = null
  private count = 0
  private seed: number
  private splitLeft: Node<T> | null = null
  private splitRight: Node<T> | null = null

  /** `compare` must be a strict total order on the stored items (no two items equal). */
  constructor(
    private readonly compare: (a: T, b: T) => number,
    seed = 0x9e3779b9
  ) {
    this.seed = seed | 0 || 1
  }

  get size(): number {
    return this.count
  }

  /** Largest size in the index (0 when empty). */
  largest(): number {
    return this.root === null ? 0 : this.root.max
  }

  private random(): number {
    // xorshift32: deterministic, so a run is reproducible (results never depend on it anyway).
    let x = this.seed
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    this.seed = x
    return x >>> 0
  }

  clear(): void {
    this.root = null
    this.count = 0
  }

  insert(item: T): void {
    const node: Node<T> = { item, left: null, right: null, priority: this.random(), max: item.size }
    this.root = this.insertNode(this.root, node)
    this.count++
  }

  private insertNode(t: Node<T> | null, n: Node<T>): Node<T> {
    if (t === null) return n
    if (n.priority > t.priority) {
      this.split(t, n.item)
      n.left = this.splitLeft
      n.right = this.splitRight
      update(n)
      return n
    }
    if (this.compare(n.item, t.item) < 0) t.left = this.insertNode(t.left, n)
    else t.right = this.insertNode(t.right, n)
    update(t)
    return t
  }

  /** Split `t` into items ordered before `key` (splitLeft) and the rest (splitRight). */
  private split(t: Node<T> | null, key: T): void {
    if (t === null) {
      this.splitLeft = null
      this.splitRight = null
      return
    }
    if (this.compare(t.item, key) < 0) {
      this.split(t.right, key)
      t.right = this.splitLeft
      update(t)
      this.splitLeft = t
    } else {
      this.split(t.left, key)
      t.left = this.splitRight
      update(t)
      this.splitRight = t
    }
  }

  private merge(a: Node<T> | null, b: Node<T> | null): Node<T> | null {
    if (a === null) return b
    if (b === null) return a
    if (a.priority > b.priority) {
      a.right = this.merge(a.right, b)
      update(a)
      return a
    }
    b.left = this.merge(a, b.left)
    update(b)
    return b
  }

  /** Remove `item` (found by the comparator); returns false when it is not present. */
  remove(item: T): boolean {
    const before = this.count
    this.root = this.removeNode(this.root, item)
    return this.count < before
  }

  private removeNode(t: Node<T> | null, item: T): Node<T> | null {
    if (t === null) return null
    const c = this.compare(item, t.item)
    if (c === 0) {
      this.count--
      return this.merge(t.left, t.right)
    }
    if (c < 0) t.left = this.removeNode(t.left, item)
    else t.right = this.removeNode(t.right, item)
    update(t)
    return t
  }

  /** The first item in order. */
  first(): T | undefined {
    let t = this.root
    if (t === null) return undefined
    while (t.left !== null) t = t.left
    return t.item
  }

  /** The first item in order whose size is at least `minSize`. */
  firstFit(minSize: number): T | undefined {
    let t = this.root
    while (t !== null && t.max >= minSize) {
      if (t.left !== null && t.left.max >= minSize) t = t.left
      else if (t.item.size >= minSize) return t.item
      else t = t.right
    }
    return undefined
  }

  /** The first item ordered at or after `from` whose size is at least `minSize`. */
  firstFitFrom(from: T, minSize: number): T | undefined {
    const n = this.fitFrom(this.root, from, minSize)
    return n === null ? undefined : n.item
  }

  private fitFrom(t: Node<T> | null, from: T, minSize: number): Node<T> | null {
    if (t === null || t.max < minSize) return null
    if (this.compare(t.item, from) < 0) return this.fitFrom(t.right, from, minSize)
    const left = this.fitFrom(t.left, from, minSize)
    if (left !== null) return left
    if (t.item.size >= minSize) return t
    let r = t.right
    while (r !== null && r.max >= minSize) {
      if (r.left !== null && r.left.max >= minSize) r = r.left
      else if (r.item.size >= minSize) return r
      else r = r.right
    }
    return null
  }

  /** Every item in order. */
  toArray(): T[] {
    const out: T[] = []
    const stack: Array<Node<T>> = []
    let t = this.root
    while (t !== null || stack.length > 0) {
      while (t !== null) {
        stack.push(t)
        t = t.left
      }
      const n = stack.pop() as Node<T>
      out.push(n.item)
      t = n.right
    }
    return out
  }

  /** Replace the contents with `items`, already in order, in O(n) (a Cartesian-tree build). */
  build(items: readonly T[]): void {
    const stack: Array<Node<T>> = []
    for (const item of items) {
      const node: Node<T> = {
        item,
        left: null,
        right: null,
        priority: this.random(),
        max: item.size
      }
      let last: Node<T> | null = null
      while (stack.length > 0 && stack[stack.length - 1].priority < node.priority) {
        last = stack.pop() as Node<T>
        update(last)
      }
      node.left = last
      if (stack.length > 0) stack[stack.length - 1].right = node
      stack.push(node)
    }
    for (let i = stack.length - 1; i >= 0; i--) update(stack[i])
    this.root = stack.length > 0 ? stack[0] : null
    this.count = items.length
  }
}
