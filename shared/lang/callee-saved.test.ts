import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compile, runC } from './index'

const hasGcc = spawnSync('gcc', ['--version']).status === 0

const DECLARATIONS = `int f(int); int g(int, int); long lf(int); int *pf(int); double df(int); void vf(int);
float ff(int); void g2(double, double); int printf(const char *, ...);
int a[10]; int *gp; int gi; char gc;
struct S { int x; } gs;
struct P { int x; struct P *next; };
`
const DEFINITIONS = `int f(int x) { return x; } int g(int x, int y) { return x + y; } long lf(int x) { return x; }
int *pf(int x) { return gp + x; } double df(int x) { return x; } void vf(int x) { gi = x; }
float ff(int x) { return x; } void g2(double a, double b) { gi = a + b; }
int main(void) { return 0; }
`

/**
 * Callee-saved registers gcc 12 -O0 pushes for each function, read from `gcc -O0 -S` (the
 * `pushq` lines after `pushq %rbp`; 1 = %rbx; 2 = %r12, %rbx; …): a temporary computed before
 * a call and used after it waits in one.
 */
const CASES: Array<[source: string, registers: number]> = [
  // The report's recursion: the first call's result waits across the second call.
  ['int t1(int n) { return f(n - 1) + f(n - 2); }', 1],
  // A plain parameter is read again after the call: no register.
  ['int t2(int n) { return n + f(n - 1); }', 0],
  ['int t3(int n) { return n * f(n + 1); }', 0],
  ['int t4(int n) { return f(n) + 1; }', 0],
  ['int t5(int n) { return f(f(n)); }', 0],
  ['int t6(int n) { return f(1) && f(2); }', 0],
  ['int t7(int n) { return f(1) ? f(2) : f(3); }', 0],
  // Loads (global array, through a pointer, a member) happen before the call.
  ['int t8(int n) { return a[n] + f(n); }', 1],
  ['int t9(int n) { return *gp + f(n); }', 1],
  ['int t10(int n) { return gs.x - f(n); }', 1],
  ['int t11(int n, struct P *p) { return p->x + f(1); }', 1],
  ['int t12(int n) { int arr[4] = {0}; return arr[n] + f(1); }', 1],
  // Global and address-taken scalars are read after the call, like parameters.
  ['int t13(int n) { return gi + f(1); }', 0],
  ['int t14(int n) { int x = n; int *q = &x; return x + f(1) + (q == 0); }', 0],
  // Arithmetic results and conversions are temporaries.
  ['int t15(int n) { return (n * 3 + 1) + f(n); }', 1],
  ['int t16(int n) { char c = n; return c + f(1); }', 1],
  ['int t17(int n) { unsigned u = n; return u + f(1); }', 0],
  ['long t18(int n) { return n + lf(n); }', 1],
  // Arguments are evaluated last to first.
  ['int t19(int n) { return g(f(1), f(2)); }', 1],
  ['int t20(int n) { return g(f(1), n + 1); }', 1],
  ['int t21(int n) { return g(n + 1, f(1)); }', 0],
  ['int t22(int n) { return g(f(1), a[2]); }', 1],
  ['int t23(int n) { return g(a[2], f(1)); }', 0],
  // Stores: the address is computed first when it needs a temporary.
  ['int t24(int n) { int arr[3]; arr[f(1)] = f(2); return arr[0]; }', 1],
  ['int t25(int n) { a[n] = f(n); return 0; }', 0],
  ['int t26(int n) { *gp = f(n); return 0; }', 1],
  ['int t27(int n, struct P *p) { p->x = f(1); return 0; }', 0],
  ['int t28(int n, struct P *p) { p->next->x = f(1); return 0; }', 1],
  // Compound assignment evaluates the right side first.
  ['int t29(int n) { int arr[4] = {0}; arr[n + 1] += f(1); return 0; }', 0],
  ['int t30(int n) { return n++ + f(1); }', 1],
  ['int t31(int n) { return (f(1) && f(2)) + f(3); }', 1],
  ['int t32(int n) { return f(1) < f(2); }', 1],
  ['int t33(int n) { if (f(1) == f(2)) return 1; return 0; }', 1],
  ['int t34(int n) { return f(1) + f(2) + f(3) + f(4); }', 1],
  // Two, four and (with a spill) five values live at once.
  ['int t35(int n) { return g(g(f(1), f(2)), g(f(3), f(4))); }', 2],
  ['long t36(int n) { return f(1) + (long)f(2) * (f(3) + (long)f(4) * f(5)); }', 4],
  ['int t37(int n) { return f(1) + (f(2) + (f(3) + (f(4) + (f(5) + (f(6) + f(7)))))); }', 5],
  // double temporaries have no callee-saved register.
  ['double t38(int n) { return df(1) + df(2); }', 0],
  // Library calls gcc folds or expands inline call nothing.
  ['int t39(int n) { return strcmp("ab", "abc") + strcmp("b", "a"); }', 0],
  ['int t40(int n, char *s) { return s[n] + (int)strlen(s); }', 1],
  // A variable-length array: %rbx keeps %rsp from the start of its block to its end when the
  // block makes a call; %r12-%r15 keep its size when another such array is declared or when a
  // call can come before the declaration (before it, or in a loop around it).
  ['int v1(int n) { int a[n]; a[0] = n; return f(a[0]); }', 1],
  ['int v2(int n) { { int a[n]; a[0] = n; } return f(n); }', 0],
  ['int v3(int n) { for (int k = 0; k < 3; k++) { int a[n]; a[0] = k; } return f(n); }', 0],
  ['int v4(int n) { int a[n]; char b[n]; a[0] = b[0] = 0; return a[0]; }', 4],
  ['int v5(int n) { int a[n]; char b[n]; a[0] = b[0] = 0; return f(a[0] + b[0]); }', 5],
  ['int v6(int n) { for (int k = 0; k < 3; k++) { int a[n]; a[0] = f(k); } return 0; }', 5],
  ['int v7(int n) { for (int k = 0; k < 3; k++) { int a[n + k]; vf(a[0] = k); } return 0; }', 5],
  ['int v8(int n) { if (n) { int a[n]; vf(a[0] = n); } return 0; }', 1],
  ['int v9(int n) { vf(n); int a[n]; a[0] = 0; return a[0]; }', 5],
  [
    'int v10(int n) { for (int k = 0; k < 3; k++) { vf(k); { int a[n]; a[0] = 0; } } return 0; }',
    4
  ],
  ['int v11(int n) { { int a[n]; a[0] = 0; } { char b[n]; b[0] = 0; } return 0; }', 4],
  ['int v12(int n) { int a[n]; a[0] = 0; for (int k = 0; k < 3; k++) vf(a[0]); return 0; }', 1],
  ['int v13(int n) { while (n--) { int a[n + 1]; vf(a[0] = n); } return 0; }', 5],
  ['int v14(int n) { int x = n; int a[x]; a[0] = x; vf(a[0]); return x; }', 1],
  // A double argument waiting for another argument's call: in %rbx when a call returned it,
  // or when the call it waits across returns no double; otherwise in a stack slot.
  ['int d1(int n) { g2(df(1), df(2)); return 0; }', 1],
  ['int d2(int n) { printf("%d %f", f(1), df(2)); return 0; }', 1],
  ['int d3(int n) { printf("%f %f %f", df(1), df(2), df(3)); return 0; }', 2],
  ['int d4(int n) { double d[2] = {1, 2}; printf("%d %f", f(1), d[1]); return 0; }', 1],
  ['int d5(int n) { double d[2] = {1, 2}; printf("%f %f", df(1), d[1]); return 0; }', 0],
  ['int d6(int n) { printf("%d %f", f(1), n * 0.5); return 0; }', 1],
  ['int d7(int n) { printf("%f %f", df(1), n * 0.5); return 0; }', 0],
  ['int d8(int n) { printf("%f %f", df(1), (double)f(2)); return 0; }', 0],
  ['int d9(int n) { printf("%d %f", f(1), ff(2)); return 0; }', 1],
  ['int d10(int n) { float x = n; printf("%d %f", f(1), x); return 0; }', 1],
  ['int d11(int n) { double x = n; printf("%d %f", f(1), x); return 0; }', 0],
  ['int d12(int n) { return (int)(df(1) * df(2)); }', 0]
]

function program(): string {
  return '#include <string.h>\n' + DECLARATIONS + CASES.map(([source]) => source).join('\n') + '\n'
}

function savedRegisters(): Map<string, number> {
  const result = compile(program() + DEFINITIONS, { file: 'cases.c' })
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'))
  return new Map(
    result.program.compiled.functions.map((f) => [f.name, f.info.savedRegisters?.length ?? 0])
  )
}

/** Callee-saved registers gcc's prologue pushes, by function. */
function gccPushes(source: string): Map<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'callee-saved-'))
  writeFileSync(join(dir, 'p.c'), source)
  const asm = spawnSync('gcc', ['-O0', '-w', '-S', '-o', '-', join(dir, 'p.c')], {
    encoding: 'utf8'
  }).stdout
  const pushes = new Map<string, number>()
  let name = ''
  let inPrologue = false
  for (const line of asm.split('\n')) {
    const label = /^([A-Za-z_]\w*):/.exec(line)
    if (label) {
      name = label[1]
      pushes.set(name, 0)
      inPrologue = true
      continue
    }
    if (!inPrologue || !line.startsWith('\t') || line.startsWith('\t.')) continue
    const push = /^\tpushq\t%(\w+)$/.exec(line)
    if (push) {
      if (push[1] !== 'rbp') pushes.set(name, pushes.get(name)! + 1)
    } else if (line !== '\tmovq\t%rsp, %rbp') inPrologue = false
  }
  return pushes
}

describe('callee-saved registers (gcc 12 -O0)', () => {
  it('pushes %rbx, %r12, … for values that must survive a call, as gcc does', () => {
    const ours = savedRegisters()
    const expected = new Map(CASES.map(([source, n]) => [/\w+ \*?(\w+)\(/.exec(source)![1], n]))
    expect(Object.fromEntries([...expected.keys()].map((k) => [k, ours.get(k)]))).toEqual(
      Object.fromEntries(expected)
    )
    if (hasGcc) {
      const gcc = gccPushes(program())
      expect(Object.fromEntries([...expected.keys()].map((k) => [k, gcc.get(k)]))).toEqual(
        Object.fromEntries(expected)
      )
    }
  })

  it('lays out the frame below the pushed registers', () => {
    const result = compile(program() + DEFINITIONS, { file: 'cases.c' })
    if (!result.ok) throw new Error('does not compile')
    const frame = (name: string): number =>
      result.program.compiled.functions.find((f) => f.name === name)!.frameSize
    // t1: pushq %rbx; subq $24: 8 + 24 = 32 bytes below %rbp (n at −20, below the 16 of rbx
    // and its padding).
    expect(frame('t1')).toBe(32)
    // t36: four registers (32 bytes), then n at −36: rounded up to 48 (gcc: 4 pushes, subq $16).
    expect(frame('t36')).toBe(48)
    // t37: five registers (40 bytes, locals start at −48), n at −52, the sixth value spilled
    // at −56: rounded to 64 (gcc: 5 pushes, subq $24).
    expect(frame('t37')).toBe(64)
  })

  it('overflows the stack at the real depth for fib(n + 1) + fib(n + 2)', () => {
    const source = `long depth;
int fib(int n) { depth = n; if (n < 0) return n; return fib(n + 1) + fib(n + 2); }
int main(void) { return fib(1); }
`
    const result = runC(source, { file: 'fib.c' })
    expect(result.exit.signal).toBe('SIGSEGV')
    // Real machine (gcc 12 -O0, ulimit -s 8192, setarch -R): 174,746 frames of fib, 48 bytes
    // each (16 + %rbx 8 + 24), since 8 MiB / 48 = 174,762 less what sits above main.
    // maxDepth counts main too.
    expect(result.maxDepth - 1).toBeGreaterThanOrEqual(174_746)
    expect(result.maxDepth - 1).toBeLessThanOrEqual(174_747)
  })
})
