/**
 * C11's anonymous struct and union members (`struct value { int kind; union { int i; double
 * d; }; }`), as tagged unions in course material use them: their members are the enclosing
 * struct's for `.`, `->`, designated initializers and offsetof, laid out as gcc lays them out.
 * The outputs were read from gcc 12 on this machine and are compared with it when present.
 */
import { describe, expect, it } from 'vitest'
import { gccOutput, hasGcc } from '../../tools/gcc'
import { compile, runC } from './index'

const TAGGED = `#include <stdio.h>
#include <stddef.h>
struct shape {
    enum { CIRCLE, RECT } kind;
    union { struct { double r; }; struct { double w, h; }; };
    const char *name;
};
struct msg {
    unsigned char type;
    union {
        unsigned int word;
        struct { unsigned char b0, b1, b2, b3; };
        struct { unsigned lo : 4, mid : 8, : 4, hi : 16; };
    };
};
double area(const struct shape *s) { return s->kind == CIRCLE ? 3.0 * s->r * s->r : s->w * s->h; }
int main(void) {
    struct shape a = { CIRCLE, { { 2.0 } }, "c" };
    struct shape b = { .kind = RECT, .w = 3, .h = 4, .name = "r" };
    struct shape c = { RECT, .h = 5, "late" };
    printf("%g %g %g %g %s %s\\n", area(&a), area(&b), c.w, c.h, b.name, c.name);
    printf("%zu %zu %zu %zu\\n", sizeof(struct shape), offsetof(struct shape, h),
           offsetof(struct shape, name), offsetof(struct msg, b2));
    struct msg m = { 7, { 0x11223344 } };
    printf("%x %x %x %x %x %x\\n", m.b0, m.b3, m.lo, m.mid, m.hi, m.word);
    m.hi = 0xabcd; m.b0 = 0xff;
    printf("%08x\\n", m.word);
    struct msg n = m; n.mid++;
    printf("%x %x\\n", n.word, m.word);
    printf("%d %d\\n", (int)((char *)&b.h - (char *)&b), &b.w == &b.r);
    return 0;
}
`

// gcc 12: the union starts at 8 (after the 4-byte enum, aligned for its doubles); h is its
// second double; the msg's union at 4, b2 at 4 + 2; 0x11223344's low nibble 4, bits 4-11
// 0x34, bits 16-31 0x1122; mid of 0xabcd33ff is 0x3f, and 0x40 after ++ (…340f).
const TAGGED_OUTPUT = `12 12 0 5 r late
32 16 24 6
44 11 4 34 1122 11223344
abcd33ff
abcd340f abcd33ff
16 1
`

describe('anonymous struct and union members (C11)', () => {
  it('reads, writes, initializes and lays them out as gcc does', () => {
    const result = runC(TAGGED, { file: 'tagged.c' })
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(result.stdout).toBe(TAGGED_OUTPUT)
    if (hasGcc) expect(gccOutput(TAGGED)).toBe(TAGGED_OUTPUT)
  })

  it('names the members a learner can write when one is missing', () => {
    const result = compile(
      'struct v { int kind; union { int i; double d; }; };\nint main(void) { struct v x; x.f = 1; return 0; }\n',
      { file: 'missing.c' }
    )
    expect(result.ok).toBe(false)
    const message = result.ok ? '' : result.diagnostics[0].message
    expect(message).toContain('`kind`, `i`, `d`')
  })
})
