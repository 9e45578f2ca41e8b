/**
 * Older C that gcc 12 (gnu17) still compiles with warnings, as K&R's books and old course
 * notes write it: `main()` without a type, and a function called before any declaration
 * (declared `int name()` there). gcc 14 refuses the second; this subset follows gcc 12, the
 * reference, and says what a learner should write instead.
 */
import { describe, expect, it } from 'vitest'
import { gccOutput, hasGcc } from '../../tools/gcc'
import { runC } from './index'

const KR = `#include <stdio.h>
main()
{
    int c = square(7);
    show("squared");
    printf("%d %d\\n", c, twice(c));
    return 0;
}
int square(int x) { return x * x; }
int twice(long x) { return 2 * x; }
void show(char *s) { printf("%s\\n", s); }
`

describe('old C as gcc 12 compiles it', () => {
  it('runs main() without a type and calls declared implicitly, with gcc’s warnings', () => {
    // gcc 12 warns at lines 2 (return type defaults to int), 4, 5 and 6 (implicit
    // declarations) and 11 (show's void conflicts with the implicit int); `int twice(long)`
    // gets c as an int (movl clears the upper half), so 49 arrives.
    const result = runC(KR, { file: 'kr.c' })
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(result.stdout).toBe('squared\n49 98\n')
    if (hasGcc) expect(gccOutput(KR)).toBe('squared\n49 98\n')
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning')
    expect(warnings.map((w) => w.line)).toEqual(expect.arrayContaining([2, 4, 5, 6]))
    expect(warnings.find((w) => w.line === 4)?.message).toContain('int square(int x);')
  })

  it('refuses, as gcc does, a later definition that does not fit `int name()`', () => {
    for (const definition of [
      'double half(int x) { return x / 2.0; }',
      'int half(char x) { return x / 2; }',
      'static int half(int x) { return x / 2; }'
    ]) {
      const result = runC(
        `#include <stdio.h>\nint main(void) { printf("%d\\n", half(3)); return 0; }\n${definition}\n`,
        { file: 'half.c' }
      )
      const errors = result.diagnostics.filter((d) => d.severity === 'error')
      expect(
        errors.map((e) => e.message.slice(0, 40)),
        definition
      ).toEqual(['`half` is defined further down, and C ne'])
    }
  })
})
