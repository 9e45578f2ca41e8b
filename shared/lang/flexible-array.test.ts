import { describe, expect, it } from 'vitest'
import { gccOutput, hasGcc } from '../../tools/gcc'
import { compile, runC, type Diagnostic } from './index'

function diagnostics(source: string): Diagnostic[] {
  const r = compile(source, { file: 'fam.c' })
  return r.ok ? r.program.warnings : r.diagnostics
}

const PROGRAM = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
struct msg { int len; char data[]; };
struct vec { char tag; double v[]; };
struct pad { int a; char c; char d[]; };
int main(void) {
  printf("%zu %zu %zu\\n", sizeof(struct msg), sizeof(struct vec), sizeof(struct pad));
  printf("%zu %zu %zu\\n", offsetof(struct msg, data), offsetof(struct vec, v), offsetof(struct pad, d));
  struct msg *m = malloc(sizeof *m + 6);
  m->len = 5;
  strcpy(m->data, "hello");
  printf("%d %s %c %td\\n", m->len, m->data, m->data[4], m->data - (char *)m);
  struct vec *v = malloc(sizeof *v + 2 * sizeof(double));
  v->v[0] = 1.5;
  v->v[1] = 2.5;
  printf("%.1f %td\\n", v->v[0] + v->v[1], (char *)&v->v[1] - (char *)v);
  struct msg copy = *m;
  printf("%d %zu\\n", copy.len, sizeof copy);
  free(m);
  free(v);
  return 0;
}
`

describe('flexible array members', () => {
  it('lay out, allocate and index as gcc does', () => {
    // sizeof leaves the array out, rounded to the struct's alignment: msg {int; char[]} = 4
    // (data at 4); vec {char; double[]} = 8 (v at 8, the double's alignment); pad {int; char;
    // char[]} = 5 rounded to 4 → 8 (d at 5). data - m = 4; &v->v[1] - v = 8 + 8 = 16; a copy
    // of *m copies the 4 bytes of len only.
    const expected = '4 8 8\n4 8 5\n5 hello o 4\n4.0 16\n5 4\n'
    const result = runC(PROGRAM)
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(result.stdout).toBe(expected)
    if (hasGcc) expect(gccOutput(PROGRAM)).toBe(expected)
  })

  it('must come last, after a named member, and only in a struct', () => {
    const notLast = diagnostics(
      'struct s { int n; int data[]; int after; };\nint main(void) { return 0; }\n'
    )
    expect(notLast.map((d) => [d.reason?.key, d.line, d.column])).toEqual([
      ['parser.flexibleArrayNotLast', 1, 23]
    ])
    const alone = diagnostics('struct s { int data[]; };\nint main(void) { return 0; }\n')
    expect(alone.map((d) => d.reason?.key)).toEqual(['parser.flexibleArrayAlone'])
    const inUnion = diagnostics('union u { int n; int data[]; };\nint main(void) { return 0; }\n')
    expect(inUnion.map((d) => d.reason?.key)).toEqual(['parser.flexibleArrayInUnion'])
  })

  it('warns where gcc -pedantic does: as a member of a struct or an element of an array', () => {
    // gcc -Wall -pedantic: "invalid use of structure with flexible array member" at 3:32 and 4:14.
    const source =
      'struct msg { int len; char data[]; };\n' +
      'int main(void) {\n' +
      '  struct w { int n; struct msg m; } x;\n' +
      '  struct msg many[2];\n' +
      '  x.n = 0; many[0].len = 0;\n  return x.n + many[0].len;\n}\n'
    const list = diagnostics(source)
    expect(list.map((d) => [d.severity, d.reason?.key, d.line, d.column])).toEqual([
      ['warning', 'parser.flexibleStructMember', 3, 32],
      ['warning', 'parser.flexibleStructMember', 4, 14]
    ])
  })

  it('cannot be initialized or measured with sizeof, and says so once, where gcc does', () => {
    // gcc: 3:23 "non-static initialization of a flexible array member", 4:30 "invalid
    // application of 'sizeof' to incomplete type 'char[]'".
    const source =
      'struct msg { int len; char data[]; };\n' +
      'int main(void) {\n' +
      "  struct msg l = { 2, { 'a', 'b' } };\n" +
      '  return l.len + (int)sizeof l.data;\n}\n'
    const list = diagnostics(source)
    expect(list.map((d) => [d.reason?.key, d.line, d.column])).toEqual([
      ['checker.flexibleArrayInitializer', 3, 23],
      ['checker.sizeofUnknownLength', 4, 30]
    ])
  })
})

describe('a struct whose member is refused', () => {
  it('is still defined, so its uses draw no "incomplete" errors', () => {
    const source =
      'struct t;\n' +
      'struct s { int a; struct t inner; int a; int f(void); int b; };\n' +
      'int main(void) {\n  struct s v;\n  v.a = 1;\n  v.b = 2;\n  return v.a + v.b + (int)sizeof v;\n}\n'
    const list = diagnostics(source)
    expect(list.map((d) => d.reason?.key)).toEqual([
      'parser.incompleteMember',
      'parser.memberTwice',
      'parser.functionMember'
    ])
  })
})
