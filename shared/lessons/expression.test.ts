import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  checkExpression,
  compileExpression,
  evaluate,
  maxExpressionLength,
  parseExpression,
  type Evaluation
} from './expression'
import { factsFromState } from './facts'
import { sampleState } from './fixtures/sample-state'

const facts = factsFromState(sampleState())

function run(source: string): Evaluation {
  const compiled = compileExpression(source)
  if (!compiled.ok) throw new Error(`${source}: ${compiled.error.message}`)
  return evaluate(compiled.expression, facts)
}

function errorOf(source: string, type?: 'boolean' | 'number'): { message: string; offset: number } {
  const compiled = compileExpression(source, type)
  if (compiled.ok) throw new Error(`${source} was accepted`)
  // The English sentence and where; the message key beside it is checked in messages.test.ts.
  const { message, offset } = compiled.error
  return { message, offset }
}

describe('evaluating over facts', () => {
  it('does arithmetic with C precedence', () => {
    // 2 + 3 * 4 = 14; (2 + 3) * 4 = 20; 7 % 4 = 3; 10 - 2 - 3 = 5 (left to right)
    expect(run('2 + 3 * 4')).toEqual({ ok: true, value: 14 })
    expect(run('(2 + 3) * 4')).toEqual({ ok: true, value: 20 })
    expect(run('7 % 4')).toEqual({ ok: true, value: 3 })
    expect(run('10 - 2 - 3')).toEqual({ ok: true, value: 5 })
    expect(run('-4 + 1')).toEqual({ ok: true, value: -3 })
    expect(run('0x10 + 1')).toEqual({ ok: true, value: 17 })
  })

  it('reads heap, stack, blocks and segments', () => {
    // heap.size = 0x55555557a000 − 0x555555559000 = 0x21000 = 135168
    expect(run('heap.size')).toEqual({ ok: true, value: 135168 })
    expect(run('heap.break - heap.start == 0x21000')).toEqual({ ok: true, value: true })
    // allocated 32 − requested 20 = 12 bytes of internal fragmentation
    expect(run('heap.allocated - heap.requested')).toEqual({ ok: true, value: 12 })
    expect(run('heap.externalFragmentation < 0.3')).toEqual({ ok: true, value: true })
    expect(run('blocks.count')).toEqual({ ok: true, value: 2 })
    expect(run('blocks[1].free && blocks[1].size == 48')).toEqual({ ok: true, value: true })
    expect(run('blocks[5].size')).toEqual({ ok: true, value: null })
    // stack bytes: 0x7ffffffff000 − 0x7fffffffe3c0 = 0xc40 = 3136
    expect(run('stack.bytes')).toEqual({ ok: true, value: 3136 })
    expect(run('stack.function == "main" && stack.depth == 1')).toEqual({ ok: true, value: true })
    expect(run('segments.text.permissions == "r-x"')).toEqual({ ok: true, value: true })
    expect(run('segments.mmap.mapped')).toEqual({ ok: true, value: false })
  })

  it('sums leaks and counts misuse from the event log', () => {
    // 20 definite + 16 indirect = 36 bytes in 2 blocks
    expect(run('leaks.bytes')).toEqual({ ok: true, value: 36 })
    expect(run('leaks.count == 2 && leaks.definiteBytes == 20')).toEqual({ ok: true, value: true })
    expect(run('misuse.doubleFree == 1 && misuse.count == 1')).toEqual({ ok: true, value: true })
  })

  it('counts a possibly lost block (reached only through an interior pointer) as leaked', () => {
    const leaks = sampleState().events.filter((e) => e.kind === 'leak')
    const possible = { kind: 'leak' as const, step: 12, address: 0x555555559200, message: 'possibly lost' }
    const withPossible = factsFromState(
      sampleState({ events: [...leaks, { ...possible, leak: 'possible', bytes: 48 }] })
    )
    const value = (source: string): unknown => {
      const compiled = compileExpression(source)
      if (!compiled.ok) throw new Error(`${source}: ${compiled.error.message}`)
      const e = evaluate(compiled.expression, withPossible)
      return e.ok ? e.value : e
    }
    // 20 definite + 16 indirect + 48 possible = 84 bytes in 3 blocks; definite stays 20
    expect(value('leaks.bytes')).toBe(84)
    expect(value('leaks.count')).toBe(3)
    expect(value('leaks.definiteBytes')).toBe(20)
    expect(value('leaks.possibleBytes')).toBe(48)
  })

  it('handles strings, contains and a run that has not exited', () => {
    expect(run('output contains "heap"')).toEqual({ ok: true, value: true })
    expect(run("output == 'hello, heap\\n'")).toEqual({ ok: true, value: true })
    expect(run('exit.status == null && !exit.exited')).toEqual({ ok: true, value: true })
    // An ordering with a missing value is false, not an error.
    expect(run('exit.status < 1')).toEqual({ ok: true, value: false })
    expect(run('exit.signal == ""')).toEqual({ ok: true, value: true })
  })

  it('short-circuits && and || as C does', () => {
    // The right side would divide by zero; it is never evaluated.
    expect(run('false && 1 / 0 == 1')).toEqual({ ok: true, value: false })
    expect(run('true || 1 / 0 == 1')).toEqual({ ok: true, value: true })
    expect(run('1 / 0 == 1')).toEqual({
      ok: false,
      error: 'division by zero in "(…)"',
      reason: { key: 'evaluation.divisionByZero', params: { expression: '(…)' } }
    })
  })

  it('reads a finished run', () => {
    const ended = factsFromState(
      sampleState({ exit: { signal: 'SIGSEGV', code: 'SEGV_MAPERR', line: 9 } })
    )
    const c = compileExpression('exit.signal == "SIGSEGV" && exit.status == null')
    expect(c.ok && evaluate(c.expression, ended)).toEqual({ ok: true, value: true })
  })
})

describe('refusing malformed and malicious expressions', () => {
  it('refuses prototype and constructor access', () => {
    expect(errorOf('__proto__').message).toBe('"__proto__" is not a fact name')
    expect(errorOf('constructor.constructor("return process")').message).toBe(
      '"constructor" is not a fact name'
    )
    expect(errorOf('heap.__proto__.polluted').message).toBe('"__proto__" is not a fact name')
    expect(errorOf('blocks.constructor')).toEqual({
      message: '"constructor" is not a fact name',
      offset: 7
    })
    expect(errorOf('heap.prototype').message).toBe('"prototype" is not a fact name')
  })

  it('refuses names that exist on JavaScript objects but not in the namespace', () => {
    expect(errorOf('toString').message).toMatch(/^unknown fact "toString"/)
    expect(errorOf('heap.hasOwnProperty').message).toMatch(/^unknown fact "heap.hasOwnProperty"/)
    expect(errorOf('blocks.length').message).toMatch(/^unknown fact "blocks.length"/)
    expect(errorOf('process.exit').message).toMatch(/^unknown fact "process"/)
  })

  it('suggests the fact meant when a name is misspelt, as allocator names are', () => {
    const heapFields =
      'start, break, size, requested, allocated, internalFragmentation, headerBytes, paddingBytes, externalFragmentation, free, freeBlocks, largestFree, peakUtilization, mmapBytes, liveBlocks'
    // One letter left out of a field, and two letters swapped in a top-level fact.
    expect(errorOf('heap.requsted > 0').message).toBe(
      `unknown fact "heap.requsted"; did you mean "heap.requested"? (heap has: ${heapFields})`
    )
    expect(errorOf('leask.bytes == 0').message).toMatch(
      /^unknown fact "leask"; did you mean "leaks"\? \(known: step, line, output, /
    )
    // Nothing within a few edits: the list alone, as before.
    expect(errorOf('heap.brk > 0').message).not.toMatch(/did you mean/)
    expect(errorOf('process.exit').message).not.toMatch(/did you mean/)
  })

  it('has no calls, assignment, strings as keys or statements', () => {
    expect(errorOf('heap.size(1)')).toEqual({
      message: 'unexpected "(" after a complete expression',
      offset: 9
    })
    expect(errorOf('heap.size = 1').message).toBe('"=" assigns in C; write "==" to compare')
    expect(errorOf('heap["size"]').message).toBe('a list index must be a whole number such as [0]')
    expect(errorOf('1; 2').message).toBe('unexpected character ";"')
    expect(errorOf('`x`').message).toBe('unexpected character "`"')
    expect(errorOf('a & b').message).toBe('"&" alone is not an operator; write "&&"')
  })

  it('reports malformed input with the offset of the problem', () => {
    expect(errorOf('')).toEqual({ message: 'the expression is empty', offset: 0 })
    expect(errorOf('1 +')).toEqual({ message: 'the expression ends too early', offset: 3 })
    expect(errorOf('(1 + 2')).toEqual({
      message: 'expected ")" but found the end of the expression',
      offset: 6
    })
    expect(errorOf('"open')).toEqual({ message: 'a string is not closed', offset: 0 })
    expect(errorOf('12abc')).toEqual({ message: '"12a" is not a number', offset: 0 })
    expect(errorOf('"\\q"').message).toBe('unknown escape "\\q" in a string')
    expect(errorOf('heap.')).toEqual({
      message: 'a name must follow ".", not the end of the expression',
      offset: 5
    })
  })

  it('bounds length and nesting depth', () => {
    const long = '1 + '.repeat(200) + '1'
    expect(long.length).toBeGreaterThan(maxExpressionLength)
    expect(errorOf(long).message).toBe('the expression is longer than 500 characters')
    expect(errorOf('('.repeat(30) + '1' + ')'.repeat(30)).message).toBe(
      'the expression is nested deeper than 24 levels'
    )
    expect(errorOf('!'.repeat(30) + 'true').message).toBe(
      'the expression is nested deeper than 24 levels'
    )
    // A flat chain is long but shallow, and fine.
    expect(run('1' + ' + 1'.repeat(100))).toEqual({ ok: true, value: 101 })
  })

  it('type-checks operands and the result', () => {
    expect(errorOf('leaks.bytes', 'boolean').message).toBe(
      'a condition must be true or false, but this gives a number'
    )
    expect(errorOf('heap.size && true').message).toBe(
      '"&&" joins true/false values, not a number and a boolean'
    )
    expect(errorOf('exit.signal < 3').message).toBe(
      '"<" compares two numbers or two strings, not a string and a number'
    )
    expect(errorOf('output - 1').message).toBe('"-" needs two numbers, not a string and a number')
    expect(errorOf('!heap.size').message).toBe('"!" needs a boolean, not a number')
    expect(errorOf('heap == 1').message).toBe(
      '"==" compares values of one type, not a record and a number'
    )
    expect(errorOf('heap.size[0]').message).toBe(
      '"heap.size" is not a list, so it cannot be indexed'
    )
  })

  it('never throws and never evaluates to anything but a fact value, on any input', () => {
    const alphabet = fc.constantFrom(
      ...'heap.break blocks[0] __proto__ constructor ( ) [ ] " \' \\ == != < > && || ! + - * / % 0x1f 1.5e3 true null contains . leaks exit'.split(
        ' '
      )
    )
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), fc.string(), (parts, noise) => {
        for (const source of [parts.join(' '), parts.join(''), noise]) {
          const parsed = parseExpression(source)
          if (!parsed.ok) continue
          checkExpression(parsed.expression)
          const result = evaluate(parsed.expression, facts)
          if (result.ok && typeof result.value === 'function') return false
        }
        return true
      }),
      { numRuns: 500, seed: 20261127 }
    )
  })
})
