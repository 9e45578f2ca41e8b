/**
 * GNU C's statement expressions `({ ... })`, which course macros use (`max` that evaluates its
 * arguments once, `SWAP`), are not in the subset: each one is refused by name, once, and the
 * parser reads on after its `})` instead of stopping inside the braces.
 */
import { describe, expect, it } from 'vitest'
import { compile } from './index'

function errors(source: string): Array<[number, number, string | undefined]> {
  const r = compile(source, { file: 'max.c' })
  const diagnostics = r.ok ? r.program.warnings : r.diagnostics
  return diagnostics.map((d) => [d.line, d.column, d.reason?.key])
}

describe('statement expressions', () => {
  it('are refused by name, one error for each, with nothing after it', () => {
    const source = `#include <stdio.h>
#define max(a, b) ({ int _a = (a), _b = (b); _a > _b ? _a : _b; })
int main(void) {
    int x = 3, y = 7;
    printf("%d\\n", max(x, y));
    int z = ({ int t = x * 2; t + 1; });
    printf("%d\\n", z);
    ({ printf("void\\n"); });
    return max(z, 0);
}
`
    // Before: 'Expected an expression, but found )' after lines 6 and 8, and z 'used
    // uninitialized' at line 7 (its refused initializer skipped).
    expect(errors(source)).toEqual([
      [5, 20, 'unsupported.statementExpression'],
      [6, 13, 'unsupported.statementExpression'],
      [8, 5, 'unsupported.statementExpression'],
      [9, 12, 'unsupported.statementExpression']
    ])
  })
})
