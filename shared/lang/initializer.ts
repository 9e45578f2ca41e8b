/**
 * Brace elision (C11 6.7.9p17-21). In `int m[2][2] = {1, 2, 3}` the rows have no braces of their
 * own: each row takes as many values from the flat list as it has elements, and whatever is
 * left over is zero. `fullyBraced` rewrites such a list into the form with every sub-aggregate
 * in its own braces and every item placed by a designator (`{[0] = {[0] = 1, [1] = 2}, [1] =
 * {[0] = 3}}`), which is what the checker checks and the code generator stores.
 */
import type { Designator, Expr, Initializer, Position } from './ast'
import { reason, type DiagnosticReason } from './diagnostics'
import { INT, memberPath, typeName, type CType } from './types'

type ListInitializer = Initializer & { k: 'list' }
type Item = ListInitializer['items'][number]

/** What brace elision needs from the checker (or from the parser, which only counts). */
export interface ElisionContext {
  /**
   * Does the expression `e`, met where an aggregate of type `t` starts, initialize all of it?
   * True for a string literal and a char array, or a struct value of that very struct.
   */
  initializesWhole(e: Expr, t: CType): boolean
  /** The value of an index designator, or null when it is not a constant (already reported). */
  designatorIndex(e: Expr): number | null
  error(why: DiagnosticReason, where: Position): void
}

/** An aggregate: what brace elision descends into. */
export function isAggregate(t: CType): t is CType & { kind: 'array' | 'struct' } {
  return t.kind === 'array' || t.kind === 'struct'
}

/** A char array and a string literal (`char s[4] = "abc"`, or `{"abc"}` in braces). */
export function isStringFor(e: Expr, t: CType): e is Expr & { k: 'string' } {
  return e.k === 'string' && t.kind === 'array' && t.of.kind === 'int' && t.of.size === 1
}

/** `{"abc"}` for a char array: a string in braces, not a list of characters. */
export function bracedString(init: ListInitializer, t: CType): boolean {
  const [only] = init.items
  return (
    init.items.length === 1 &&
    !only.designator?.length &&
    only.init.k === 'expr' &&
    isStringFor(only.init.expr, t)
  )
}

/** The remaining flat list, read from left to right by nested sub-aggregates. */
class ItemStream {
  private i = 0
  private readonly items: Item[]
  constructor(items: Item[]) {
    // Copies, because consuming a designator rewrites the item.
    this.items = items.map((item) => ({ designator: item.designator, init: item.init }))
  }
  get done(): boolean {
    return this.i >= this.items.length
  }
  peek(): Item {
    return this.items[this.i]
  }
  next(): void {
    this.i++
  }
  skipRest(): void {
    this.i = this.items.length
  }
}

/**
 * `init` (a list) for an object of aggregate type `type`, fully braced and designated, and the
 * number of elements it reaches (the length of an `int a[] = {...}` array).
 */
export function fullyBraced(
  init: ListInitializer,
  type: CType & { kind: 'array' | 'struct' },
  context: ElisionContext
): { init: ListInitializer; length: number } {
  const stream = new ItemStream(init.items)
  const filled = fill(type, stream, true, context)
  return { init: { k: 'list', items: filled.items, pos: init.pos }, length: filled.reached }
}

/** The initializer of one sub-object, normalized when it is a list for an aggregate. */
function braced(init: Initializer, t: CType, context: ElisionContext): Initializer {
  if (init.k === 'list' && isAggregate(t) && !bracedString(init, t))
    return fullyBraced(init, t, context).init
  return init
}

/** How many sub-objects an aggregate has; null for an array of unknown length. */
function capacity(t: CType & { kind: 'array' | 'struct' }): number | null {
  if (t.kind === 'array') return t.length
  return t.layout.union ? Math.min(1, t.layout.fields.length) : t.layout.fields.length
}

function memberType(t: CType & { kind: 'array' | 'struct' }, at: number): CType {
  return t.kind === 'array' ? t.of : t.layout.fields[at].type
}

function designatorAt(
  t: CType & { kind: 'array' | 'struct' },
  at: number,
  pos: Position
): Designator {
  if (t.kind === 'struct') return { field: t.layout.fields[at].name, pos }
  const index: Expr = { k: 'int', value: BigInt(at), type: INT, pos, ty: INT }
  return { index, pos }
}

/**
 * Fills the sub-objects of `type` from `stream`. A braced aggregate (`braced`) takes every item
 * up to its closing brace; an elided one stops when it is full or when an item carries a
 * designator, which belongs to the enclosing braces.
 */
function fill(
  type: CType & { kind: 'array' | 'struct' },
  stream: ItemStream,
  braces: boolean,
  context: ElisionContext
): { items: Item[]; reached: number } {
  const items: Item[] = []
  const limit = capacity(type)
  let at = 0
  let reached = 0
  let started = false
  while (!stream.done) {
    const item = stream.peek()
    const designators = item.designator ?? []
    if (designators.length > 0) {
      if (!braces && started) break
      const d = designators[0]
      // `.d = 2.5` of a member inside an anonymous union is `.(anonymous union).d = 2.5`.
      const path = type.kind === 'struct' && 'field' in d ? memberPath(type.layout, d.field) : null
      const through = path && path.length > 1 ? path : null
      const position =
        through && type.kind === 'struct'
          ? type.layout.fields.indexOf(through[0])
          : locate(type, d, context)
      if (position === null) {
        stream.next()
        started = true
        continue
      }
      at = position
      item.designator = [
        ...(through ?? []).slice(1).map((f) => ({ field: f.name, pos: d.pos })),
        ...designators.slice(1)
      ]
      if (item.designator.length > 0) {
        // `.b.y = 4`: the rest of the designation is inside member b, which takes the following
        // items too, as if its braces were left out.
        const inner = memberType(type, at)
        if (!isAggregate(inner)) {
          const next = item.designator[0]
          context.error(
            'field' in next
              ? reason('checker.fieldDesignatorOnScalar', {
                  field: next.field,
                  type: typeName(inner)
                })
              : reason('checker.indexDesignatorOnScalar', { type: typeName(inner) }),
            next.pos
          )
          stream.next()
          started = true
          continue
        }
        const sub = fill(inner, stream, false, context)
        const part = list(sub.items, d.pos)
        PARTIAL.add(part)
        items.push({ designator: [designatorAt(type, at, d.pos)], init: part })
        at++
        reached = Math.max(reached, at)
        started = true
        continue
      }
    } else if (limit !== null && at >= limit) {
      // Full: an elided aggregate hands the item back to its parent; braces end here.
      if (!braces) break
      context.error(tooMany(type), item.init.pos)
      stream.skipRest()
      break
    }
    if (type.kind === 'struct' && type.layout.flexible && at === type.layout.fields.length - 1) {
      // The struct has no room for a flexible array's elements (gcc: "non-static
      // initialization of a flexible array member"; a static one is a GNU extension not
      // modelled): reported once, and the rest of these braces left out.
      const name = type.layout.fields[at].name
      context.error(reason('checker.flexibleArrayInitializer', { name }), item.init.pos)
      if (braces) stream.skipRest()
      else stream.next()
      break
    }
    const t = memberType(type, at)
    const init = item.init
    if (init.k === 'expr' && isAggregate(t) && !context.initializesWhole(init.expr, t)) {
      // Brace elision: this sub-aggregate takes its values from the flat list.
      const sub = fill(t, stream, false, context)
      if (sub.items.length === 0 && stream.peek() === item) {
        // Nothing could go in (an empty struct): say so rather than loop.
        context.error(tooMany(t), init.pos)
        stream.next()
      }
      items.push({
        designator: [designatorAt(type, at, init.pos)],
        init: list(sub.items, init.pos)
      })
    } else {
      items.push({ designator: [designatorAt(type, at, init.pos)], init: braced(init, t, context) })
      stream.next()
    }
    at++
    reached = Math.max(reached, at)
    started = true
  }
  return { items: withoutOverridden(items), reached }
}

/**
 * The lists made for a designation that reaches inside a member (`.b.y = 4`): they set some of
 * the member's sub-objects and leave the rest as earlier initializers made them.
 */
const PARTIAL = new WeakSet<Initializer>()

/**
 * The items left once each initializer overrides any earlier one for the same sub-object (C11
 * 6.7.9p19): `{ .s.x = 4, .s = { .y = 1 } }` initializes all of `s` by its braces, so x is 0, as
 * gcc makes it; a later `.s.x = 4` after `.s = {...}` only replaces x.
 */
function withoutOverridden(items: Item[]): Item[] {
  const key = (item: Item): string | null => {
    const d = item.designator?.[0]
    if (d === undefined || item.designator!.length !== 1) return null
    if ('field' in d) return `.${d.field}`
    return d.index.k === 'int' ? `[${d.index.value}]` : null
  }
  const kept: Item[] = []
  for (const item of items) {
    const k = key(item)
    if (k !== null && !PARTIAL.has(item.init)) {
      for (let i = kept.length - 1; i >= 0; i--) if (key(kept[i]) === k) kept.splice(i, 1)
    } else if (k !== null && item.init.k === 'list') {
      // Two designations into the same member (`.s.x = 1, ..., .s.y = 2`, or `.a[0].q = 4,
      // ..., .a[0] = {...}`): one list, in which the later ones override.
      const earlier = kept.findIndex((e) => key(e) === k && e.init.k === 'list')
      const before = earlier >= 0 ? kept[earlier].init : null
      if (before !== null && before.k === 'list') {
        const merged = list(withoutOverridden([...before.items, ...item.init.items]), before.pos)
        if (PARTIAL.has(before)) PARTIAL.add(merged)
        kept[earlier] = { ...kept[earlier], init: merged }
        continue
      }
    }
    kept.push(item)
  }
  return kept
}

function list(items: Item[], pos: Position): ListInitializer {
  return { k: 'list', items, pos }
}

/** The sub-object a designator names, or null after reporting why it names none. */
function locate(
  type: CType & { kind: 'array' | 'struct' },
  d: Designator,
  context: ElisionContext
): number | null {
  if (type.kind === 'array') {
    if (!('index' in d)) {
      context.error(reason('checker.fieldDesignatorOnArray', { field: d.field }), d.pos)
      return null
    }
    const index = context.designatorIndex(d.index)
    if (index === null) return null
    if (index < 0 || (type.length !== null && index >= type.length)) {
      context.error(
        reason('checker.designatorOutOfBounds', { index, last: (type.length ?? 0) - 1 }),
        d.pos
      )
      return null
    }
    return index
  }
  if (!('field' in d)) {
    context.error(reason('checker.indexDesignatorOnStruct'), d.pos)
    return null
  }
  const field = type.layout.fields.findIndex((f) => f.name === d.field)
  if (field < 0) {
    context.error(reason('checker.noMemberNamed', { type: typeName(type), member: d.field }), d.pos)
    return null
  }
  return field
}

function tooMany(type: CType & { kind: 'array' | 'struct' }): DiagnosticReason {
  if (type.kind === 'array') {
    const length = type.length ?? 0
    return reason(length === 1 ? 'checker.tooManyForOneElement' : 'checker.tooManyElements', {
      length
    })
  }
  if (type.layout.union) return reason('checker.tooManyForUnion', { type: typeName(type) })
  const count = type.layout.fields.length
  return reason(count === 1 ? 'checker.tooManyForOneMember' : 'checker.tooManyMembers', {
    type: typeName(type),
    count
  })
}
