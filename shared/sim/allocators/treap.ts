/**
 * An ordered index of free blocks: a treap (a binary search tree kept balanced by random
 * priorities) whose every node also knows the largest block size in its subtree.
 *
 * That one extra number is what lets a free list be searched in O(log n) instead of walking
 * it: "the first block in list order that is at least N bytes" descends left whenever the left
 * subtree holds a big enough block. First fit, next fit, worst fit and (over a size-ordered
 * tree) best fit are all that question with different orders.
 *
 * Keys are three numbers compared in turn (k1, then k2, then k3), stored in the nodes, so the
 * hot paths compare numbers inline instead of calling a comparator.
 */

interface Node<T> {
  item: T
  size: number
  k1: number
  k2: number
  k3: number
  left: Node<T> | null
  right: Node<T> | null
  priority: number
  /** Largest `size` in this subtree. */
  max: number
}

function update<T>(n: Node<T>): void {
  let m = n.size
  const l = n.left
  const r = n.right
  if (l !== null && l.max > m) m = l.max
  if (r !== null && r.max > m) m = r.max
  n.max = m
}

/** a < b for keys (a1, a2, a3) and node b. */
function before<T>(a1: number, a2: number, a3: number, b: Node<T>): boolean {
  return a1 < b.k1 || (a1 === b.k1 && (a2 < b.k2 || (a2 === b.k2 && a3 < b.k3)))
}

export class SizeIndexedTreap<T> {
  private root: Node<T> | null = null
  private count = 0
  private seed: number
  private splitLeft: Node<T> | null = null
  private splitRight: Node<T> | null = null
  private readonly spare: Array<Node<T>> = []

  constructor(seed = 0x9e3779b9) {
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

  /** Add `item` of `size` under the key (k1, k2, k3), which must not be present yet. */
  insert(item: T, size: number, k1: number, k2: number, k3: number): void {
    let node = this.spare.pop()
    if (node === undefined) {
      node = { item, size, k1, k2, k3, left: null, right: null, priority: 0, max: size }
    } else {
      node.item = item
      node.size = size
      node.k1 = k1
      node.k2 = k2
      node.k3 = k3
      node.left = null
      node.right = null
      node.max = size
    }
    node.priority = this.random()
    this.root = this.insertNode(this.root, node)
    this.count++
  }

  private insertNode(t: Node<T> | null, n: Node<T>): Node<T> {
    if (t === null) return n
    if (n.priority > t.priority) {
      this.split(t, n.k1, n.k2, n.k3)
      n.left = this.splitLeft
      n.right = this.splitRight
      update(n)
      return n
    }
    if (before(n.k1, n.k2, n.k3, t)) t.left = this.insertNode(t.left, n)
    else t.right = this.insertNode(t.right, n)
    update(t)
    return t
  }

  /** Split `t` into keys before (k1, k2, k3) (splitLeft) and the rest (splitRight). */
  private split(t: Node<T> | null, k1: number, k2: number, k3: number): void {
    if (t === null) {
      this.splitLeft = null
      this.splitRight = null
      return
    }
    if (!before(k1, k2, k3, t) && !(k1 === t.k1 && k2 === t.k2 && k3 === t.k3)) {
      this.split(t.right, k1, k2, k3)
      t.right = this.splitLeft
      update(t)
      this.splitLeft = t
    } else {
      this.split(t.left, k1, k2, k3)
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

  /** Remove the item under (k1, k2, k3); false when there is none. */
  remove(k1: number, k2: number, k3: number): boolean {
    const before0 = this.count
    this.root = this.removeNode(this.root, k1, k2, k3)
    return this.count < before0
  }

  private removeNode(t: Node<T> | null, k1: number, k2: number, k3: number): Node<T> | null {
    if (t === null) return null
    if (k1 === t.k1 && k2 === t.k2 && k3 === t.k3) {
      this.count--
      const rest = this.merge(t.left, t.right)
      // Removed nodes are reused by insert: a free list changes on every malloc and free.
      if (this.spare.length < 4096) this.spare.push(t)
      return rest
    }
    if (before(k1, k2, k3, t)) t.left = this.removeNode(t.left, k1, k2, k3)
    else t.right = this.removeNode(t.right, k1, k2, k3)
    update(t)
    return t
  }

  private readonly path: Array<Node<T>> = []
  private readonly spine: Array<Node<T>> = []

  /**
   * Put `item` (size `size`, key (n1, n2, n3)) in place of the item under (k1, k2, k3), in
   * O(log n) without restructuring. The caller guarantees the new key sorts exactly where the
   * old one did (a free block split or grown in place keeps its list position).
   */
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
    const path = this.path
    let depth = 0
    let t = this.root
    while (t !== null) {
      path[depth++] = t
      if (k1 === t.k1 && k2 === t.k2 && k3 === t.k3) break
      t = before(k1, k2, k3, t) ? t.left : t.right
    }
    if (t === null) return false
    t.item = item
    t.size = size
    t.k1 = n1
    t.k2 = n2
    t.k3 = n3
    for (let i = depth - 1; i >= 0; i--) update(path[i])
    return true
  }

  /** The first item in order. */
  first(): T | undefined {
    let t = this.root
    if (t === null) return undefined
    while (t.left !== null) t = t.left
    return t.item
  }

  /** The last item whose key comes before (k1, k2, k3), or undefined. */
  itemBefore(k1: number, k2: number, k3: number): T | undefined {
    let t = this.root
    let found: Node<T> | null = null
    while (t !== null) {
      if (t.k1 < k1 || (t.k1 === k1 && (t.k2 < k2 || (t.k2 === k2 && t.k3 < k3)))) {
        found = t
        t = t.right
      } else t = t.left
    }
    return found === null ? undefined : found.item
  }

  /** The first item in order whose size is at least `minSize`. */
  firstFit(minSize: number): T | undefined {
    let t = this.root
    while (t !== null && t.max >= minSize) {
      const l = t.left
      if (l !== null && l.max >= minSize) t = l
      else if (t.size >= minSize) return t.item
      else t = t.right
    }
    return undefined
  }

  /** The first item at or after key (k1, k2, k3) whose size is at least `minSize`. */
  firstFitFrom(k1: number, k2: number, k3: number, minSize: number): T | undefined {
    const n = this.fitFrom(this.root, k1, k2, k3, minSize)
    return n === null ? undefined : n.item
  }

  private fitFrom(
    t: Node<T> | null,
    k1: number,
    k2: number,
    k3: number,
    minSize: number
  ): Node<T> | null {
    if (t === null || t.max < minSize) return null
    if (t.k1 < k1 || (t.k1 === k1 && (t.k2 < k2 || (t.k2 === k2 && t.k3 < k3)))) {
      return this.fitFrom(t.right, k1, k2, k3, minSize)
    }
    const left = this.fitFrom(t.left, k1, k2, k3, minSize)
    if (left !== null) return left
    if (t.size >= minSize) return t
    let r = t.right
    while (r !== null && r.max >= minSize) {
      if (r.left !== null && r.left.max >= minSize) r = r.left
      else if (r.size >= minSize) return r
      else r = r.right
    }
    return null
  }

  /** Call `visit` with every item in order. */
  forEach(visit: (item: T) => void): void {
    const stack = this.path
    let depth = 0
    let t = this.root
    while (t !== null || depth > 0) {
      while (t !== null) {
        stack[depth++] = t
        t = t.left
      }
      const n = stack[--depth]
      visit(n.item)
      t = n.right
    }
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

  /**
   * Replace the contents with `items`, already in key order, in O(n) (a Cartesian-tree
   * build). `keys` holds four numbers per item: size, k1, k2, k3.
   */
  build(items: readonly T[], keys: Float64Array): void {
    // The old tree's nodes are reused: time travel rebuilds the index on every restore.
    const spare = this.spare
    const stack = this.path
    let depth = 0
    if (this.root !== null) stack[depth++] = this.root
    while (depth > 0) {
      const n = stack[--depth]
      if (n.left !== null) stack[depth++] = n.left
      if (n.right !== null) stack[depth++] = n.right
      spare.push(n)
    }
    this.root = null
    // The right spine of the tree built so far, as a stack (reused: restores build often).
    const built = this.spine
    let top = 0
    for (let i = 0; i < items.length; i++) {
      const o = i * 4
      const size = keys[o]
      let node = spare.pop()
      if (node === undefined) {
        node = {
          item: items[i],
          size,
          k1: 0,
          k2: 0,
          k3: 0,
          left: null,
          right: null,
          priority: 0,
          max: size
        }
      }
      node.item = items[i]
      node.size = size
      node.k1 = keys[o + 1]
      node.k2 = keys[o + 2]
      node.k3 = keys[o + 3]
      node.left = null
      node.right = null
      node.priority = this.random()
      node.max = size
      let last: Node<T> | null = null
      while (top > 0 && built[top - 1].priority < node.priority) {
        last = built[--top]
        update(last)
      }
      node.left = last
      if (top > 0) built[top - 1].right = node
      built[top++] = node
    }
    for (let i = top - 1; i >= 0; i--) update(built[i])
    this.root = top > 0 ? built[0] : null
    this.count = items.length
  }
}
