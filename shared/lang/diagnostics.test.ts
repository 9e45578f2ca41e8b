/**
 * Diagnostics as data: every sentence the front end says carries a message key and parameters
 * (`reason`), from which the English `message` is built, and which the app says in Chinese. The
 * corpus of broken programs (diagnostics.corpus.ts) must reach every key, so a sentence that
 * no program can produce, or a key without an English template, fails here.
 */
import { describe, expect, it } from 'vitest'
import { UNSUPPORTED_LIBRARY } from './builtins'
import { BAD_PROGRAMS } from './diagnostics.corpus'
import {
  DIAGNOSTIC_MESSAGES,
  DiagnosticSink,
  englishSentence,
  fillTemplate,
  reason,
  type DiagnosticReason
} from './diagnostics'
import { compile, type Diagnostic } from './index'
import { RunSession } from './session'

function diagnosticsOf(source: string): Diagnostic[] {
  const r = compile(source, { file: 'bad.c' })
  return r.ok ? r.program.warnings : r.diagnostics
}

/** Every key a reason uses, its phrases' keys included. */
function keysOf(r: DiagnosticReason): string[] {
  return [r.key, ...Object.values(r.phrases ?? {}).flatMap(keysOf)]
}

/** The `{name}` parameters of a template (not the `{'…'}` literals). */
function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
}

/**
 * Keys the parser keeps for constructs its earlier checks already refuse (a declarator with no
 * name is reported as "Expected a name" first). They stay so that the sentence exists if the
 * grammar ever lets one through. `parser.programTooDeep` is compile()'s last resort should
 * JavaScript's stack run out anyway (the nesting limits exist so that it does not).
 */
const DEFENSIVE_KEYS = new Set([
  'parser.declarationNeedsName',
  'parser.memberNeedsName',
  'parser.programTooDeep'
])

describe('every diagnostic has a reason', () => {
  const reached = new Set<string>()
  for (const [name, source] of Object.entries(BAD_PROGRAMS)) {
    it(name, () => {
      const list = diagnosticsOf(source)
      expect(list.length, 'the program should draw a diagnostic').toBeGreaterThan(0)
      for (const d of list) {
        expect(d.reason, d.message).toBeDefined()
        const r = d.reason!
        for (const key of keysOf(r)) {
          expect(DIAGNOSTIC_MESSAGES, `${key} has no English template`).toHaveProperty([key])
          reached.add(key)
        }
        // The English message is the template filled with the parameters, nothing left over.
        expect(englishSentence(r)).toBe(d.message)
        const template = DIAGNOSTIC_MESSAGES[r.key as keyof typeof DIAGNOSTIC_MESSAGES]
        for (const p of placeholders(template)) {
          expect(p in r.params || p in (r.phrases ?? {}), `${r.key} needs {${p}}`).toBe(true)
        }
      }
    })
  }

  it('a program its layout cannot hold (said when the run is set up, not by compile)', () => {
    // 200,000 bytes of globals on the classroom layout, whose mmap area starts at 0xc000.
    const session = new RunSession('char big[200000];\nint main(void) { return big[0]; }\n', {
      layout: 'classroom'
    })
    expect(session.process).toBeNull()
    const d = session.diagnostics[0]
    expect(d.reason).toMatchObject({
      key: 'checker.layoutTooSmall',
      params: { layout: 'classroom', mmapBase: '0xc000' }
    })
    expect(englishSentence(d.reason!)).toBe(d.message)
    reached.add(d.reason!.key)
  })

  it('the corpus reaches every key', () => {
    const unreached = Object.keys(DIAGNOSTIC_MESSAGES).filter(
      (key) => !reached.has(key) && !DEFENSIVE_KEYS.has(key)
    )
    expect(unreached).toEqual([])
  })
})

describe('sentences', () => {
  it('keep the exact English of the checker', () => {
    // Written out by hand: the sentence the issue asks for, and two with phrases inside.
    const arrow = diagnosticsOf(
      'struct node { int v; struct node *next; };\nint main(void) {\n  int *p = 0;\n  p->next = 0;\n  return 0;\n}\n'
    )
    expect(arrow[0].message).toBe('`p` is an `int *`, so `p->next` needs a struct pointer.')
    expect(arrow[0].reason).toEqual({
      key: 'checker.arrowNeedsPointer',
      params: { expression: 'p', member: 'next' },
      phrases: { type: { key: 'phrase.anType', params: { type: 'int *' } } }
    })
    const semicolon = diagnosticsOf('int x = 1\nint main(void) {\n  return 0;\n}\n')[0]
    expect(semicolon.message).toBe('Expected `;` after the declaration, but found `int`.')
    expect(semicolon.reason).toEqual({
      key: 'parser.expectedSemicolon',
      params: {},
      phrases: {
        after: { key: 'phrase.after.declaration', params: {} },
        found: { key: 'phrase.token', params: { token: 'int' } }
      }
    })
    const eof = diagnosticsOf('int f(int a,')[0]
    expect(eof.message).toBe('Expected a declaration, but found the end of the file.')
  })

  it('say a function without a name plainly, and "passes" with its e', () => {
    const unnamed = diagnosticsOf(BAD_PROGRAMS.functionPointerArguments)[0]
    expect(unnamed.message).toBe('The function takes 1 argument, but 2 are given.')
    const passes = diagnosticsOf(BAD_PROGRAMS.dropsConstPass)[0]
    expect(passes.message).toBe(
      'This passes a pointer to `const` data into `char *`, which drops the `const`.'
    )
  })

  it('suggest a close name only when it keeps most of the misspelt one', () => {
    const program = (line: string): string =>
      `int main(void) {\n  int *p = 0;\n  int count = 0;\n${line}\n  return 0;\n}\n`
    // `y` and `p` differ in their only letter: no suggestion.
    expect(diagnosticsOf(program('  y = 1;'))[0].message).toBe(
      '`y` is not declared. Declare it before using it.'
    )
    // `cuont` is `count` with two letters swapped: two edits out of five letters.
    expect(diagnosticsOf(program('  cuont = 1;'))[0].message).toBe(
      '`cuont` is not declared; did you mean `count`?'
    )
  })

  it('give every unsupported library function its reason in the same words as builtins.ts', () => {
    for (const [name, hint] of Object.entries(UNSUPPORTED_LIBRARY)) {
      const key = `phrase.library.${name}` as keyof typeof DIAGNOSTIC_MESSAGES
      expect(DIAGNOSTIC_MESSAGES[key], name).toBe(hint)
    }
  })

  it('fill templates as vue-i18n does: named parameters and quoted literals', () => {
    expect(fillTemplate("a `{'{'}` b {x}{'}'}", { x: 7 })).toBe('a `{` b 7}')
    // A missing parameter shows as written instead of vanishing.
    expect(fillTemplate('{a} and {b}', { a: 'x' })).toBe('x and {b}')
  })

  it('keep bigints as decimal text and phrases apart from plain parameters', () => {
    const r = reason('checker.duplicateCase', { value: 12345678901234567890n })
    expect(r).toEqual({ key: 'checker.duplicateCase', params: { value: '12345678901234567890' } })
    expect(englishSentence(r)).toBe(
      'The value 12345678901234567890 appears in two `case` labels of this switch.'
    )
  })
})

describe('the caret excerpt', () => {
  /** The caret line of a diagnostic's excerpt, and the source line above it. */
  function excerptLines(d: Diagnostic): [string, string] {
    const [text, caret] = d.excerpt.split('\n')
    return [text, caret]
  }

  it('columns count UTF-16 code units, as CodeMirror positions do', () => {
    // 你好 are two code units, so `y` (undeclared) starts at column 1 + '  /* 你好 */ '.length.
    const line = '  /* 你好 */ y = 1;'
    const d = diagnosticsOf(`int main(void) {\n${line}\n  return 0;\n}\n`)[0]
    expect(d.message).toContain('`y` is not declared')
    expect(d.column).toBe(line.indexOf('y') + 1)
    expect(line.length).toBe(17) // 2 spaces + "/* " 3 + 2 CJK + " */" 3 + space 1 = 11 before `y`
  })

  it('pads under wide characters with wide spaces, so a Chinese comment does not move the caret', () => {
    const line = '  /* 指针 */ y = 1;'
    const d = diagnosticsOf(`int main(void) {\n${line}\n  return 0;\n}\n`)[0]
    const [text, caret] = excerptLines(d)
    expect(text).toBe(`2 | ${line}`)
    // Before `y`: "2 | " (4) + "  /* " (5 narrow), 指针 (2 wide), " */ " (4 narrow).
    expect(caret).toBe(' '.repeat(4 + 5) + '\u3000\u3000' + ' '.repeat(4) + '^')
  })

  it('underlines a wide character with a wide mark', () => {
    // An unknown escape inside a string that starts with Chinese text: `\q` follows 你.
    const line = 'char *s = "你\\q";'
    const d = diagnosticsOf(`${line}\nint main(void) {\n  return 0;\n}\n`)[0]
    expect(d.message).toBe('`\\q` is not a C escape sequence; it stands for `q`.')
    const [, caret] = excerptLines(d)
    // "1 | " (4) + 'char *s = "' (11 narrow) + 你 (wide), then ^~ under the two narrow `\q`.
    expect(caret).toBe(' '.repeat(4 + 11) + '\u3000' + '^~')
  })

  it('a character outside the Basic Multilingual Plane is one wide cell, though two code units', () => {
    const sink = new DiagnosticSink('t.c', 'x = "😀"; y')
    // 😀 is a surrogate pair: `y` is at UTF-16 column 11.
    const text = 'x = "😀"; y'
    expect(text.indexOf('y') + 1).toBe(11)
    const caret = sink.excerpt({ line: 1, column: 11, endColumn: 12 }).split('\n')[1]
    expect(caret).toBe(' '.repeat(4 + 5) + '\u3000' + ' '.repeat(3) + '^')
  })
})

describe('DiagnosticSink keeps what gcc prints at one place', () => {
  it('keeps two warnings at the same line:column, and one error there', () => {
    const sink = new DiagnosticSink('p.c', 'int main(void) { return x; }\n')
    const at = { line: 1, column: 25 }
    sink.warning(reason('checker.implicitDeclaration', { name: 'f', header: 'stdlib.h' }), at)
    sink.warning(
      reason('checker.incompatibleBuiltin', { name: 'f', header: 'stdlib.h', type: 'int' }),
      at
    )
    // The same warning again says nothing new.
    sink.warning(reason('checker.implicitDeclaration', { name: 'f', header: 'stdlib.h' }), at)
    sink.error(reason('checker.undeclared', { name: 'x' }), at)
    // Error recovery reporting a second error at the same place.
    sink.error(reason('checker.undeclaredNear', { name: 'x', near: 'y' }), at)
    expect(sink.diagnostics.map((d) => `${d.severity} ${d.reason?.key}`)).toEqual([
      'warning checker.implicitDeclaration',
      'warning checker.incompatibleBuiltin',
      'error checker.undeclared'
    ])
  })
})
