/**
 * The condition language of lesson packs: a tiny, safe expression language over the fact
 * namespace (facts.ts). It has numbers, strings, booleans, null, comparisons, `&&` `||` `!`,
 * `+ - * / %`, `contains` for strings, and member access (`heap.break`, `blocks[0].size`,
 * `blocks.count`). There are no function calls, no assignment and no way to reach JavaScript:
 * names are looked up only in the fact namespace, never on prototypes, and the input is bounded
 * in length and nesting depth before it is parsed.
 *
 * @example
 *   const parsed = parseExpression('leaks.bytes == 0 && exit.status == 0')
 *   if (parsed.ok) checkExpression(parsed.expression, 'boolean') // [] when it names known facts
 *   evaluate(parsed.expression, factsFromState(state))          // { ok: true, value: true }
 */
import { packReason, packSentence, type PackReason } from './messages'
import { nearestName } from './nearest-name'
import { factNamespace, listMembers, type FactRecord, type FactShape, type FactValue } from './facts'

/** Longest expression accepted, in characters. */
export const maxExpressionLength = 500
/** Deepest nesting of sub-expressions accepted. */
export const maxExpressionDepth = 24

/** A syntax or type error, with the 0-based offset in the expression where it was found. */
export interface ExpressionError {
  message: string
  /** The same sentence as a message key and parameters (shared/lessons/messages.ts). */
  reason: PackReason
  offset: number
}

type BinaryOperator =
  | '||'
  | '&&'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'contains'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'

/** The parsed form of an expression. `offset` is where the node starts in the source. */
export type Expression =
  | { type: 'literal'; value: number | string | boolean | null; offset: number }
  | { type: 'fact'; name: string; offset: number }
  | { type: 'member'; object: Expression; name: string; offset: number }
  | { type: 'index'; object: Expression; index: number; offset: number }
  | { type: 'unary'; operator: '!' | '-'; operand: Expression; offset: number }
  | {
      type: 'binary'
      operator: BinaryOperator
      left: Expression
      right: Expression
      offset: number
    }

/** Names that would reach an object's machinery in JavaScript; refused everywhere. */
const forbiddenNames = new Set(['__proto__', 'constructor', 'prototype'])

type Token =
  | { kind: 'number'; value: number; offset: number; text: string }
  | { kind: 'string'; value: string; offset: number; text: string }
  | { kind: 'name'; value: string; offset: number; text: string }
  | { kind: 'punct'; value: string; offset: number; text: string }
  | { kind: 'end'; value: ''; offset: number; text: string }

class SyntaxProblem extends Error {
  constructor(
    readonly reason: PackReason,
    readonly offset: number
  ) {
    super(packSentence(reason))
  }
}

/** An expression error at `offset`, in English and as a message key. */
function expressionError(reason: PackReason, offset: number): ExpressionError {
  return { message: packSentence(reason), reason, offset }
}

const punctuation = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%']
const singles = ['(', ')', '[', ']', '.']

function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const c = source[i]
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
      continue
    }
    const start = i
    if (/[0-9]/.test(c)) {
      const match = /^(0[xX][0-9a-fA-F]+|[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?)/.exec(
        source.slice(i)
      )!
      const text = match[0]
      if (/[A-Za-z_]/.test(source[i + text.length] ?? ''))
        throw new SyntaxProblem(packReason('expression.notNumber', { text: source.slice(i, i + text.length + 1) }), i)
      tokens.push({ kind: 'number', value: Number(text), offset: start, text })
      i += text.length
      continue
    }
    if (/[A-Za-z_]/.test(c)) {
      const text = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))![0]
      tokens.push({ kind: 'name', value: text, offset: start, text })
      i += text.length
      continue
    }
    if (c === '"' || c === "'") {
      let value = ''
      i++
      for (;;) {
        if (i >= source.length) throw new SyntaxProblem(packReason('expression.unclosedString'), start)
        const d = source[i]
        if (d === c) break
        if (d === '\\') {
          const e = source[i + 1]
          if (e === 'n') value += '\n'
          else if (e === 't') value += '\t'
          else if (e === '\\' || e === '"' || e === "'") value += e
          else throw new SyntaxProblem(packReason('expression.unknownEscape', { escape: `\\${e ?? ''}` }), i)
          i += 2
          continue
        }
        value += d
        i++
      }
      i++
      tokens.push({ kind: 'string', value, offset: start, text: source.slice(start, i) })
      continue
    }
    const op =
      punctuation.find((p) => source.startsWith(p, i)) ?? singles.find((p) => p === c)
    if (op) {
      tokens.push({ kind: 'punct', value: op, offset: start, text: op })
      i += op.length
      continue
    }
    if (c === '=')
      throw new SyntaxProblem(packReason('expression.singleEquals'), i)
    if (c === '&' || c === '|')
      throw new SyntaxProblem(packReason('expression.doubleOperator', { character: c, double: c + c }), i)
    throw new SyntaxProblem(packReason('expression.unexpectedCharacter', { character: c }), i)
  }
  tokens.push({ kind: 'end', value: '', offset: source.length, text: '' })
  return tokens
}

const precedence: Array<BinaryOperator[]> = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '<=', '>', '>=', 'contains'],
  ['+', '-'],
  ['*', '/', '%']
]

class Parser {
  private position = 0
  private depth = 0

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.position]
  }

  private next(): Token {
    return this.tokens[this.position++]
  }

  private describe(token: Token): PackReason {
    return token.kind === 'end'
      ? packReason('phrase.endOfExpression')
      : packReason('phrase.token', { text: token.text })
  }

  private enter(offset: number): void {
    if (++this.depth > maxExpressionDepth)
      throw new SyntaxProblem(packReason('expression.tooDeep', { depth: maxExpressionDepth }), offset)
  }

  parse(): Expression {
    const expression = this.binary(0)
    const rest = this.peek()
    if (rest.kind !== 'end')
      throw new SyntaxProblem(packReason('expression.afterComplete', { found: this.describe(rest) }), rest.offset)
    return expression
  }

  private matchOperator(level: number): BinaryOperator | undefined {
    const token = this.peek()
    const text = token.kind === 'punct' || token.kind === 'name' ? token.value : ''
    return precedence[level].find((op) => op === text)
  }

  private binary(level: number): Expression {
    if (level === precedence.length) return this.unary()
    let left = this.binary(level + 1)
    for (let operator = this.matchOperator(level); operator; operator = this.matchOperator(level)) {
      const token = this.next()
      const right = this.binary(level + 1)
      left = { type: 'binary', operator, left, right, offset: token.offset }
    }
    return left
  }

  private unary(): Expression {
    const token = this.peek()
    if (token.kind === 'punct' && (token.value === '!' || token.value === '-')) {
      this.next()
      this.enter(token.offset)
      const operand = this.unary()
      this.depth--
      return { type: 'unary', operator: token.value, operand, offset: token.offset }
    }
    return this.postfix()
  }

  private postfix(): Expression {
    let expression = this.primary()
    for (;;) {
      const token = this.peek()
      if (token.kind === 'punct' && token.value === '.') {
        this.next()
        const name = this.next()
        if (name.kind !== 'name')
          throw new SyntaxProblem(packReason('expression.nameAfterDot', { found: this.describe(name) }), name.offset)
        if (forbiddenNames.has(name.value))
          throw new SyntaxProblem(packReason('expression.notFactName', { name: name.value }), name.offset)
        expression = { type: 'member', object: expression, name: name.value, offset: expression.offset }
      } else if (token.kind === 'punct' && token.value === '[') {
        this.next()
        const index = this.next()
        if (index.kind !== 'number' || !Number.isInteger(index.value))
          throw new SyntaxProblem(packReason('expression.indexNotWhole'), index.offset)
        const close = this.next()
        if (close.kind !== 'punct' || close.value !== ']')
          throw new SyntaxProblem(packReason('expression.expectedBracket', { found: this.describe(close) }), close.offset)
        expression = { type: 'index', object: expression, index: index.value, offset: expression.offset }
      } else return expression
    }
  }

  private primary(): Expression {
    const token = this.next()
    switch (token.kind) {
      case 'number':
      case 'string':
        return { type: 'literal', value: token.value, offset: token.offset }
      case 'name':
        if (token.value === 'true' || token.value === 'false')
          return { type: 'literal', value: token.value === 'true', offset: token.offset }
        if (token.value === 'null') return { type: 'literal', value: null, offset: token.offset }
        if (forbiddenNames.has(token.value))
          throw new SyntaxProblem(packReason('expression.notFactName', { name: token.value }), token.offset)
        return { type: 'fact', name: token.value, offset: token.offset }
      case 'punct':
        if (token.value === '(') {
          this.enter(token.offset)
          const inner = this.binary(0)
          this.depth--
          const close = this.next()
          if (close.kind !== 'punct' || close.value !== ')')
            throw new SyntaxProblem(packReason('expression.expectedParen', { found: this.describe(close) }), close.offset)
          return inner
        }
        throw new SyntaxProblem(packReason('expression.unexpected', { token: token.value }), token.offset)
      case 'end':
        throw new SyntaxProblem(packReason('expression.endsEarly'), token.offset)
    }
  }
}

/** Parses an expression, or says what is wrong with it and where. */
export function parseExpression(
  source: string
): { ok: true; expression: Expression } | { ok: false; error: ExpressionError } {
  if (source.length > maxExpressionLength)
    return {
      ok: false,
      error: expressionError(packReason('expression.tooLong', { length: maxExpressionLength }), 0)
    }
  if (source.trim() === '') return { ok: false, error: expressionError(packReason('expression.empty'), 0) }
  try {
    return { ok: true, expression: new Parser(tokenize(source)).parse() }
  } catch (error) {
    if (error instanceof SyntaxProblem)
      return { ok: false, error: expressionError(error.reason, error.offset) }
    throw error
  }
}

/** The static type of an expression. `null` is the type of the literal null. */
export type ExpressionType = 'number' | 'string' | 'boolean' | 'null' | 'record' | 'list'

interface Typed {
  type: ExpressionType
  nullable: boolean
  shape?: FactShape
}

function shapeType(shape: FactShape): Typed {
  return {
    type: shape.kind,
    nullable: shape.kind === 'number' && shape.nullable === true,
    shape
  }
}

function pathOf(expression: Expression): string {
  switch (expression.type) {
    case 'fact':
      return expression.name
    case 'member':
      return `${pathOf(expression.object)}.${expression.name}`
    case 'index':
      return `${pathOf(expression.object)}[${expression.index}]`
    default:
      return '(…)'
  }
}

function typeOf(expression: Expression, errors: ExpressionError[]): Typed | undefined {
  const fail = (reason: PackReason, offset = expression.offset): undefined => {
    errors.push(expressionError(reason, offset))
    return undefined
  }
  switch (expression.type) {
    case 'literal': {
      const v = expression.value
      return { type: v === null ? 'null' : (typeof v as 'number' | 'string' | 'boolean'), nullable: v === null }
    }
    case 'fact': {
      const shape = Object.hasOwn(factNamespace, expression.name)
        ? factNamespace[expression.name]
        : undefined
      if (!shape) {
        const known = Object.keys(factNamespace)
        const nearest = nearestName(expression.name, known)
        return fail(
          nearest
            ? packReason('expression.unknownFactNear', { name: expression.name, nearest, known: known.join(', ') })
            : packReason('expression.unknownFact', { name: expression.name, known: known.join(', ') })
        )
      }
      return shapeType(shape)
    }
    case 'member': {
      const object = typeOf(expression.object, errors)
      if (!object) return undefined
      const shape = object.shape
      if (shape?.kind === 'record') {
        if (!Object.hasOwn(shape.fields, expression.name)) {
          const fields = Object.keys(shape.fields)
          const nearest = nearestName(expression.name, fields)
          const where = { path: pathOf(expression), object: pathOf(expression.object), fields: fields.join(', ') }
          // heap.requsted: say the one field meant rather than only the list of all of them.
          return fail(
            nearest
              ? packReason('expression.unknownFieldNear', {
                  ...where,
                  nearest: `${pathOf(expression.object)}.${nearest}`
                })
              : packReason('expression.unknownField', where)
          )
        }
        return shapeType(shape.fields[expression.name])
      }
      if (shape?.kind === 'list') {
        if (!Object.hasOwn(listMembers, expression.name))
          return fail(
            packReason('expression.unknownListField', { path: pathOf(expression), object: pathOf(expression.object) })
          )
        return { type: 'number', nullable: false }
      }
      return fail(packReason('expression.noMember', { object: pathOf(expression.object), name: expression.name }))
    }
    case 'index': {
      const object = typeOf(expression.object, errors)
      if (!object) return undefined
      if (object.shape?.kind !== 'list')
        return fail(packReason('expression.notList', { object: pathOf(expression.object) }))
      if (expression.index < 0) return fail(packReason('expression.negativeIndex'))
      // An element may be missing at run time; reading it then gives null.
      return { ...shapeType(object.shape.element), nullable: true }
    }
    case 'unary': {
      const operand = typeOf(expression.operand, errors)
      if (!operand) return undefined
      const wanted = expression.operator === '!' ? 'boolean' : 'number'
      if (operand.type !== wanted)
        return fail(packReason('expression.operandType', { operator: expression.operator, wanted, found: operand.type }))
      return { type: wanted, nullable: false }
    }
    case 'binary': {
      const left = typeOf(expression.left, errors)
      const right = typeOf(expression.right, errors)
      if (!left || !right) return undefined
      const op = expression.operator
      const both = (t: ExpressionType): boolean => left.type === t && right.type === t
      if (op === '&&' || op === '||') {
        if (!both('boolean'))
          return fail(packReason('expression.logicalTypes', { operator: op, left: left.type, right: right.type }))
        return { type: 'boolean', nullable: false }
      }
      if (op === '==' || op === '!=') {
        const comparable =
          left.type === right.type || left.type === 'null' || right.type === 'null'
        if (!comparable || left.type === 'record' || left.type === 'list')
          return fail(packReason('expression.equalityTypes', { operator: op, left: left.type, right: right.type }))
        return { type: 'boolean', nullable: false }
      }
      if (op === 'contains') {
        if (!both('string')) return fail(packReason('expression.containsTypes'))
        return { type: 'boolean', nullable: false }
      }
      if (op === '<' || op === '<=' || op === '>' || op === '>=') {
        if (!both('number') && !both('string'))
          return fail(packReason('expression.orderTypes', { operator: op, left: left.type, right: right.type }))
        return { type: 'boolean', nullable: false }
      }
      if (op === '+' && both('string')) return { type: 'string', nullable: false }
      if (!both('number'))
        return fail(packReason('expression.arithmeticTypes', { operator: op, left: left.type, right: right.type }))
      return { type: 'number', nullable: left.nullable || right.nullable }
    }
  }
}

/**
 * Checks that every fact exists and every operator gets values it can use. `expected` is the
 * type the whole expression must have: `boolean` for conditions, `number` for expected values.
 */
export function checkExpression(
  expression: Expression,
  expected?: 'boolean' | 'number' | 'string'
): ExpressionError[] {
  const errors: ExpressionError[] = []
  const typed = typeOf(expression, errors)
  if (typed && expected && typed.type !== expected && errors.length === 0) {
    const reason =
      expected === 'boolean'
        ? packReason('expression.conditionType', { found: typed.type })
        : packReason('expression.valueType', { expected, found: typed.type })
    errors.push(expressionError(reason, expression.offset))
  }
  return errors
}

/** Parses and checks in one go; the first problem, if any. */
export function compileExpression(
  source: string,
  expected?: 'boolean' | 'number' | 'string'
): { ok: true; expression: Expression } | { ok: false; error: ExpressionError } {
  const parsed = parseExpression(source)
  if (!parsed.ok) return parsed
  const errors = checkExpression(parsed.expression, expected)
  if (errors.length > 0) return { ok: false, error: errors[0] }
  return parsed
}

/** Result of evaluating an expression on the facts of a run. */
/**
 * Result of evaluating an expression on the facts of a run. A failure is said in English
 * (`error`) and as a message key (`reason`): a learner can meet it when a checkpoint is judged.
 */
export type Evaluation =
  | { ok: true; value: FactValue }
  | { ok: false; error: string; reason: PackReason }

class EvaluationProblem extends Error {
  constructor(readonly reason: PackReason) {
    super(packSentence(reason))
  }
}

function isRecord(value: FactValue): value is FactRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function lookup(record: FactValue, name: string, path: string): FactValue {
  if (Array.isArray(record) && name === 'count') return record.length
  // A missing list element reads as null, and so does every member of it.
  if (record === null && !forbiddenNames.has(name)) return null
  if (!isRecord(record) || forbiddenNames.has(name) || !Object.hasOwn(record, name))
    throw new EvaluationProblem(packReason('evaluation.notAvailable', { path }))
  return record[name]
}

function run(expression: Expression, facts: FactRecord): FactValue {
  switch (expression.type) {
    case 'literal':
      return expression.value
    case 'fact':
      return lookup(facts, expression.name, expression.name)
    case 'member':
      return lookup(run(expression.object, facts), expression.name, pathOf(expression))
    case 'index': {
      const list = run(expression.object, facts)
      if (!Array.isArray(list)) throw new EvaluationProblem(packReason('evaluation.notList', { path: pathOf(expression.object) }))
      return list[expression.index] ?? null
    }
    case 'unary': {
      const operand = run(expression.operand, facts)
      if (expression.operator === '!') {
        if (typeof operand !== 'boolean') throw new EvaluationProblem(packReason('evaluation.needsBoolean', { operator: '!' }))
        return !operand
      }
      if (typeof operand !== 'number') throw new EvaluationProblem(packReason('evaluation.needsNumber', { operator: '-' }))
      return -operand
    }
    case 'binary': {
      const op = expression.operator
      // && and || decide on the left value when they can, as in C.
      if (op === '&&' || op === '||') {
        const left = run(expression.left, facts)
        if (typeof left !== 'boolean') throw new EvaluationProblem(packReason('evaluation.needsBoolean', { operator: op }))
        if (op === '&&' ? !left : left) return left
        const right = run(expression.right, facts)
        if (typeof right !== 'boolean') throw new EvaluationProblem(packReason('evaluation.needsBoolean', { operator: op }))
        return right
      }
      const left = run(expression.left, facts)
      const right = run(expression.right, facts)
      if (op === '==') return left === right
      if (op === '!=') return left !== right
      if (op === 'contains') return typeof left === 'string' && typeof right === 'string' && left.includes(right)
      if (op === '<' || op === '<=' || op === '>' || op === '>=') {
        // A missing value (null) makes every ordering false rather than an error.
        if (!((typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string')))
          return false
        if (op === '<') return left < right
        if (op === '<=') return left <= right
        if (op === '>') return left > right
        return left >= right
      }
      if (op === '+' && typeof left === 'string' && typeof right === 'string') return left + right
      if (typeof left !== 'number' || typeof right !== 'number') {
        if (left === null || right === null) return null
        throw new EvaluationProblem(packReason('evaluation.needsTwoNumbers', { operator: op }))
      }
      switch (op) {
        case '+':
          return left + right
        case '-':
          return left - right
        case '*':
          return left * right
        case '/':
        case '%':
          if (right === 0) throw new EvaluationProblem(packReason('evaluation.divisionByZero', { expression: pathOf(expression.right) }))
          return op === '/' ? left / right : left % right
      }
    }
  }
}

/** Evaluates a parsed expression on the facts of one moment of a run. Never throws. */
export function evaluate(expression: Expression, facts: FactRecord): Evaluation {
  try {
    return { ok: true, value: run(expression, facts) }
  } catch (error) {
    if (error instanceof EvaluationProblem) return { ok: false, error: error.message, reason: error.reason }
    throw error
  }
}

/** Evaluates a condition: true only when it evaluates to exactly `true`. */
export function holds(expression: Expression, facts: FactRecord): boolean {
  const result = evaluate(expression, facts)
  return result.ok && result.value === true
}
