/**
 * Whatever a learner types, the front end answers with diagnostics and the interpreter with
 * an exit: never a JavaScript exception.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compile, runC } from './index'

const FRAGMENTS = [
  'int',
  'char',
  'long',
  'unsigned',
  'double',
  'void',
  'struct',
  's',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ';',
  ',',
  '*',
  '&',
  '=',
  '==',
  '+',
  '-',
  '/',
  '%',
  '<<',
  '->',
  '.',
  '?',
  ':',
  'x',
  'y',
  'main',
  'return',
  'if',
  'else',
  'while',
  'for',
  'do',
  'switch',
  'case',
  'default',
  'break',
  '0',
  '1',
  '42',
  '"str"',
  "'c'",
  'sizeof',
  'malloc',
  'free',
  'printf',
  'NULL',
  '#define',
  '#include <stdio.h>',
  '\n',
  'typedef',
  'enum',
  'static',
  'const',
  '++',
  '--',
  '!',
  '~',
  '...',
  'goto',
  '/*',
  '*/',
  '"'
]

describe('robustness', () => {
  it('compile() never throws on random token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }), (parts) => {
        const source = parts.join(' ')
        const result = compile(source)
        if (!result.ok) expect(result.diagnostics.length).toBeGreaterThan(0)
      }),
      { numRuns: 400, seed: 424242 }
    )
  })

  it('runC() never throws on small well-formed programs built from random statements', () => {
    const statements = [
      'x = x + 1;',
      'p = malloc(8);',
      'free(p);',
      'p = 0;',
      '*p = 3;',
      'x = x / y;',
      'y = 0;',
      'a[x] = 1;',
      'x = a[9];',
      'if (x) y = 2;',
      'while (x < 3) x++;',
      'p = &x;',
      'q = "hi";',
      'q[0] = 1;',
      'x = *q;',
      'f(x);',
      'x = (int)sizeof a;',
      'x = -x;',
      'printf("%d\\n", x);'
    ]
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...statements), { maxLength: 12 }), (body) => {
        const source = `#include <stdio.h>\n#include <stdlib.h>\nvoid f(int n) { if (n > 0) f(n - 1); }\nint main(void) {\n  int x = 0, y = 1; int *p = 0; char *q = 0; int a[4];\n  ${body.join('\n  ')}\n  return 0;\n}\n`
        const r = runC(source, { stepBudget: 20_000 })
        expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
        expect(r.exit.status !== undefined || r.exit.signal !== undefined).toBe(true)
      }),
      { numRuns: 150, seed: 777 }
    )
  })
})
