import { describe, expect, it } from 'vitest'
import { gccOutput, hasGcc } from '../../tools/gcc'
import { runC } from './index'
import { RunSession } from './session'

/** Each local's distance from `a`, the first local of the outermost block. */
const INNER_BLOCKS = `#include <stdio.h>
int b1(int k) {
    int a = 1;
    for (int i = 0; i < 1; i++) { int t = i; printf("i %ld t %ld\\n", (long)((char *)&(i) - (char *)&a), (long)((char *)&(t) - (char *)&a)); }
    int b = 2;
    { int c = 3; printf("c %ld\\n", (long)((char *)&(c) - (char *)&a)); }
    int d = 4;
    printf("b %ld d %ld k %ld\\n", (long)((char *)&(b) - (char *)&a), (long)((char *)&(d) - (char *)&a), (long)((char *)&(k) - (char *)&a));
    return 0;
}
int b3(int k) {
    int a = 1;
    if (k) { char in1[50]; int y = 1; char in2[33]; printf("in1 %ld y %ld in2 %ld\\n", (long)((char *)&(in1) - (char *)&a), (long)((char *)&(y) - (char *)&a), (long)((char *)&(in2) - (char *)&a)); }
    else { char e1[64]; char e2[10]; printf("e1 %ld e2 %ld\\n", (long)((char *)&(e1) - (char *)&a), (long)((char *)&(e2) - (char *)&a)); }
    for (int i = 0; i < 1; i++) { char l1[32]; char l2[31]; printf("i %ld l1 %ld l2 %ld\\n", (long)((char *)&(i) - (char *)&a), (long)((char *)&(l1) - (char *)&a), (long)((char *)&(l2) - (char *)&a)); }
    long z = 3;
    printf("z %ld k %ld\\n", (long)((char *)&(z) - (char *)&a), (long)((char *)&(k) - (char *)&a));
    return 0;
}
int b4(int k) {
    int a = 1;
    { int x = 5; { char big[40]; int w = 2; printf("x %ld big %ld w %ld\\n", (long)((char *)&(x) - (char *)&a), (long)((char *)&(big) - (char *)&a), (long)((char *)&(w) - (char *)&a)); } }
    { char big2[100]; double dd = 1; printf("big2 %ld dd %ld\\n", (long)((char *)&(big2) - (char *)&a), (long)((char *)&(dd) - (char *)&a)); }
    int q = 2;
    printf("q %ld k %ld\\n", (long)((char *)&(q) - (char *)&a), (long)((char *)&(k) - (char *)&a));
    return 0;
}
int b5(int k) {
    int a = k;
    for (int i = 0; i < 1; i++) { long x[10]; x[0] = i; printf("x %ld\\n", (long)((char *)&(x) - (char *)&a)); }
    for (int j = 0; j < 1; j++) { long y[12]; y[0] = j; printf("y %ld j %ld\\n", (long)((char *)&(y) - (char *)&a), (long)((char *)&(j) - (char *)&a)); }
    struct { int p, q, r, s, t, u, v, w; } st; st.p = 1;
    printf("st %ld k %ld\\n", (long)((char *)&(st) - (char *)&a), (long)((char *)&(k) - (char *)&a));
    return 0;
}
int main(void) { b1(1); b3(1); b3(0); b4(1); b5(1); return 0; }
`

describe('locals of inner blocks (gcc 12 -O0 cfgexpand)', () => {
  it('lays out the outermost block first, then inner blocks, sharing big slots of disjoint blocks', () => {
    // Printed by gcc 12 -O0 on x86-64. b1: a, b, d of the outermost block at 0, -4, -8, then
    // i, t, c of the inner blocks below them. b3: y, e2, i and l2 (under 32 bytes) follow the
    // outer a and z; the big arrays come last, sorted by size: e1 (64) leads a slot that in1
    // (50) and l1 (32) share, as their blocks are never alive together, 16-aligned at
    // -140 from a (-144 from %rbp: below l2 at -80 from %rbp); in2 (33) is alive with in1, so
    // it gets its own slot below, at -192 from %rbp. b5: x[10] and y[12] share y's 96 bytes.
    const expected = `i -12 t -16
c -20
b -4 d -8 k -32
in1 -140 y -16 in2 -188
i -32 l1 -140 l2 -76
z -12 k -192
e1 -140 e2 -26
i -32 l1 -140 l2 -76
z -12 k -192
x -8 big -124 w -12
big2 -124 dd -20
q -4 k -128
x -152
y -152 j -44
st -40 k -156
`
    const result = runC(INNER_BLOCKS, { file: 'inner-blocks.c' })
    expect(result.stdout).toBe(expected)
    if (hasGcc) expect(gccOutput(INNER_BLOCKS)).toBe(expected)
  })

  it('overflows at the real depth when disjoint blocks share their arrays', () => {
    // gcc: the two arrays share one 208-byte slot (200 rounded to 16): subq $224, a 240-byte
    // frame; real depth under ulimit -s 8192 is 34,949 (8 MiB / 240 = 34,952.5, less the
    // stack above main). maxDepth counts main too.
    const source = `long depth;
void f(int d) {
    depth = d;
    if (d & 1) { char a[100]; a[0] = (char)d; f(d + 1); }
    else { char b[200]; b[0] = (char)d; f(d + 1); }
}
int main(void) { f(1); return 0; }
`
    const result = runC(source, { file: 'blocks-depth.c' })
    expect(result.exit.signal).toBe('SIGSEGV')
    expect(result.maxDepth - 1).toBeGreaterThanOrEqual(34_949)
    expect(result.maxDepth - 1).toBeLessThanOrEqual(34_950)
  })
})

describe('parameters spilled from registers (gcc 12 -O0)', () => {
  // Each parameter's distance from main's `here`, printed by gcc 12 -O0 on x86-64.
  const MIXED = `#include <stdio.h>
char *anchor;
void P(const char *n, void *x) { printf("%s=%ld ", n, (long)((char *)x - anchor)); }
struct s8 { int a, b; };
struct s16 { long a; double b; };
struct s24 { long a, b, c; };
void mixed(int i1, double d1, char c1, double d2, struct s8 s, long l1, struct s16 t, int i2, struct s24 u, double d3, int i3, int i4) {
    int loc = 1;
    P("&i1", &i1); P("&d1", &d1); P("&c1", &c1); P("&d2", &d2); P("&s", &s); P("&l1", &l1); P("&t", &t); P("&i2", &i2); P("&u", &u); P("&d3", &d3); P("&i3", &i3); P("&i4", &i4); P("&loc", &loc);
    printf("\\n");
}
void ptrs(char *p, int *q, double *r) { char c = 0; P("&p", &p); P("&q", &q); P("&r", &r); P("&c", &c); printf("\\n"); }
int main(void) {
    char here;
    anchor = &here;
    struct s8 s = {1, 2}; struct s16 t = {3, 4.0}; struct s24 u = {5, 6, 7};
    mixed(1, 2.0, 'c', 3.0, s, 4, t, 5, u, 6.0, 7, 8);
    ptrs(0, 0, 0);
    return 0;
}
`
  const STRUCTS = `#include <stdio.h>
char *anchor;
void P(const char *n, void *x) { printf("%s=%ld ", n, (long)((char *)x - anchor)); }
struct s3 { char c[3]; };
struct s10 { char c[10]; };
struct s12 { int x, y, z; };
struct s6 { short a, b, c; };
void f3(struct s3 a, char k, struct s3 b, int d) { int loc = 0; P("&a", &a); P("&k", &k); P("&b", &b); P("&d", &d); P("&loc", &loc); printf("\\n"); }
void f10(struct s10 a, struct s12 t, int d) { P("&a", &a); P("&t", &t); P("&d", &d); printf("\\n"); }
void f6(struct s6 a, int d, struct s6 b) { P("&a", &a); P("&d", &d); P("&b", &b); printf("\\n"); }
int main(void) {
    char here;
    anchor = &here;
    struct s3 a = {{1, 2, 3}}; struct s10 b = {{0}}; struct s12 t = {1, 2, 3}; struct s6 s = {1, 2, 3};
    f3(a, 1, a, 2);
    f10(b, t, 3);
    f6(s, 4, s);
    return 0;
}
`

  it('puts a parameter in the upper end of a hole the alignment left', () => {
    // i2 (4 bytes) goes in the 8-byte gap above the 16-aligned t (-207): at -187, next to
    // l1's slot (-183), not at the gap's low end (-191).
    const expected = `&i1=-147 &d1=-159 &c1=-151 &d2=-167 &s=-175 &l1=-183 &t=-207 &i2=-187 &u=-111 &d3=-215 &i3=-87 &i4=-79 &loc=-131 
&p=-103 &q=-111 &r=-119 &c=-80 
`
    expect(runC(MIXED, { file: 'mixed.c' }).stdout).toBe(expected)
    if (hasGcc) expect(gccOutput(MIXED)).toBe(expected)
  })

  it('stores a struct parameter a whole eightbyte register at a time', () => {
    // f3: a (3 bytes) takes an 8-byte slot (-87 .. -80), k a 4-byte one below it (-91), b the
    // next 8 (-99), d 4 (-103). f10: the 10-byte a and the 12-byte t take 16 bytes each.
    // f6: the 6-byte structs take 8.
    const expected = `&a=-87 &k=-91 &b=-99 &d=-103 &loc=-67 
&a=-79 &t=-95 &d=-99 
&a=-71 &d=-75 &b=-83 
`
    expect(runC(STRUCTS, { file: 'structs.c' }).stdout).toBe(expected)
    if (hasGcc) expect(gccOutput(STRUCTS)).toBe(expected)
  })

  it('overflows at the real depth with two 3-byte struct parameters', () => {
    // gcc: subq $32 with %rbp and the return address, a 48-byte frame: 174,746 frames in
    // 8 MiB under ulimit -s 8192 (was 262,121 with 3-byte slots). maxDepth counts main too.
    const source = `struct S { char c[3]; };
long depth;
void f(struct S a, char k, struct S b, int d) { depth = d; f(a, k, b, d + 1); }
int main(void) { struct S s = {0}; f(s, 1, s, 1); return 0; }
`
    const result = runC(source, { file: 'struct-params.c' })
    expect(result.exit.signal).toBe('SIGSEGV')
    expect(result.maxDepth - 1).toBeGreaterThanOrEqual(174_746)
    expect(result.maxDepth - 1).toBeLessThanOrEqual(174_747)
  })
})

describe('variadic functions (gcc 12 -O0)', () => {
  it('keeps the 176-byte register save area below %rbp', () => {
    // gcc: the six integer registers at -176 … -136 and xmm0-7 at -128 … -16, then the
    // local loc at -180 and the parameter d at -196: subq $208, a 224-byte frame with %rbp and
    // the return address. 8 MiB / 224 = 37,449 less what sits above main: the real program
    // dies at depth 37,445 under ulimit -s 8192 (was 262,122 here without the save area).
    const source = `long depth;
int f(int d, ...) { int loc = d; depth = loc; return f(d + 1, 1.0, 2); }
int main(void) { return f(1); }
`
    const result = runC(source, { file: 'variadic.c' })
    expect(result.exit.signal).toBe('SIGSEGV')
    expect(result.maxDepth - 1).toBeGreaterThanOrEqual(37_445)
    expect(result.maxDepth - 1).toBeLessThanOrEqual(37_446)
  })
})

describe('%rsp as gcc 12 -O0 sets it: 8-aligned frames and the red zone', () => {
  // Each function's locals recorded, then printed as distances from main's r.
  const CHAIN = `#include <stdio.h>
long *seen[8];
int leaf(int x) { int local = x; seen[0] = (long *)&local; return local; }
int leaf_big(int x) { char buf[200]; buf[0] = x; seen[1] = (long *)buf; return buf[0]; }
int mid(int x) { long m = x; seen[2] = &m; return leaf(x) + 1; }
int mid2(int x) { int y = x; seen[3] = (long *)&y; return mid(y) + leaf_big(y); }
int top(int x) { char pad[3]; pad[0] = x; seen[4] = (long *)pad; return mid2(pad[0]); }
int main(void) {
    int r = top(5);
    printf("%d\\n", r);
    for (int i = 0; i < 5; i++) printf("%d %ld\\n", i, (long)((char *)seen[i] - (char *)&r));
    return 0;
}
`

  it("puts a callee's frame where an 8-aligned caller's %rsp puts it", () => {
    // Printed by gcc 12 -O0. mid calls only leaf, defined before it, whose stack needs 8-byte
    // alignment: gcc (-fipa-stack-alignment) gives mid `sub $24` (m at -8, x at -20), not 32,
    // so leaf's local sits 8 bytes higher (-180) than 16-byte frames would put it (-188).
    // mid2 calls leaf_big, whose 200-byte array needs 16: mid2's frame stays 16-aligned.
    const expected = '11\n0 -180\n1 -344\n2 -144\n3 -92\n4 -27\n'
    if (hasGcc) expect(gccOutput(CHAIN)).toBe(expected)
    expect(runC(CHAIN, { file: 'chain.c' }).stdout).toBe(expected)
  })

  it("shows a leaf's %rsp equal to its %rbp, and only what the red zone cannot hold below", () => {
    const source = `int square(int x) { int result = x * x; return result; }
int big(int x) { char buf[200]; buf[0] = x; return buf[0]; }
int area(int w, int h) { int s = square(w); return s * h / w + big(w); }
int main(void) { return area(3, 4) > 0 ? 0 : 1; }
`
    const session = new RunSession(source, { file: 'leaf.c' })
    const rspAbove = (line: number): Record<string, number> => {
      session.runToLine(line)
      const frames = session.state().frames
      return Object.fromEntries(frames.map((f) => [f.function, f.framePointer - f.stackPointer]))
    }
    // objdump -d of gcc 12 -O0 (main has no locals, so no sub; area pushes %rbx for s * h / w,
    // kept across the call to big, then `sub $0x28`; big `sub $0x68`: its 224-byte frame —
    // buf 16-aligned at -208, x at -212 — less the 120 bytes of red zone gcc uses; square has
    // no sub: its locals are in the red zone, and %rsp stays at %rbp).
    expect(rspAbove(1)).toEqual({ main: 0, area: 48, square: 0 })
    expect(session.state().stackPointer).toBe(session.state().framePointer)
    expect(rspAbove(2)).toEqual({ main: 0, area: 48, big: 104 })
  })
})
