/**
 * <stdarg.h> as gcc 12 and glibc 2.36 run it on x86-64: a call of a variadic function of the
 * program passes its variable arguments in the registers the named ones left and then on the
 * stack (VARARGS), the callee's prologue stores those registers in its register save area
 * (VA_SAVE), and va_start / va_arg / va_copy / vprintf walk them as gcc's inline code and
 * glibc's vfprintf do. The expected outputs are what gcc's binaries printed on this machine
 * (checked by hand: the sums below are worked out in the comments); when gcc is present the
 * test compiles the programs again and compares.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasGcc } from '../../tools/gcc'
import { runC } from './index'

/** A program of the corpus (examples/), which also checks its whole output on every allocator. */
function corpusProgram(name: string): string {
  return readFileSync(new URL(`./examples/${name}.c`, import.meta.url), 'utf8')
}

const hasSetarch = hasGcc && spawnSync('setarch', ['-R', 'true']).status === 0

/** gcc's binary of `source`, run as `env -i setarch -R ./prog` (the process the interpreter models). */
function onMachine(source: string): { stdout: string; stderr: string; status: number } {
  const dir = mkdtempSync(join(tmpdir(), 'stdarg-'))
  try {
    writeFileSync(join(dir, 'p.c'), source)
    const build = spawnSync(
      'gcc',
      ['-O0', '-w', '-fno-stack-protector', '-o', join(dir, 'p'), join(dir, 'p.c')],
      {
        encoding: 'utf8'
      }
    )
    if (build.status !== 0) throw new Error(build.stderr)
    copyFileSync(join(dir, 'p'), join(dir, 'prog'))
    const r = spawnSync('env', ['-i', 'setarch', '-R', './prog'], { cwd: dir, encoding: 'utf8' })
    return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? 128 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function ours(source: string): { stdout: string; stderr: string; status: number } {
  const r = runC(source, { file: 'va.c', stdout: 'pipe' })
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return { stdout: r.stdout, stderr: r.stderr, status: r.status }
}

/** K&R 7.3's minprintf, with more ints than registers (9) and more doubles than registers (10). */
const MINPRINTF = corpusProgram('course-kr-minprintf-stdarg')

/**
 * Every class through va_arg: int, long, unsigned, double, pointers, a va_copy that starts again,
 * a va_list handed to a function of the program, a NULL-terminated list, a call through a
 * pointer, and char/short/float arguments promoted by the call.
 */
const MIXED = corpusProgram('course-stdarg-every-class')

/** vfprintf to stderr and exit, vsnprintf(NULL, 0) to measure, vsprintf to fill. */
const LOG = corpusProgram('course-stdarg-vfprintf-die')

/** Where the va_list points: the register save area, the pushed arguments, as on Linux. */
const ADDRESSES = `#include <stdio.h>
#include <stdarg.h>

void where(int n, ...) {
    va_list ap;
    int local = n;
    va_start(ap, n);
    printf("&n=%p &ap=%p &local=%p\\n", (void *)&n, (void *)&ap, (void *)&local);
    printf("save=%p overflow=%p gp=%u fp=%u\\n", ap[0].reg_save_area, ap[0].overflow_arg_area, ap[0].gp_offset, ap[0].fp_offset);
    for (int i = 0; i < n; i++) {
        long *slot = (long *)((char *)ap[0].reg_save_area + ap[0].gp_offset); if (ap[0].gp_offset >= 48) slot = ap[0].overflow_arg_area; (void)va_arg(ap, long);
        printf("arg %d at %p = %ld\\n", i, (void *)slot, *slot);
    }
    va_end(ap);
}

int main(void) {
    int x;
    printf("&x=%p\\n", (void *)&x);
    where(8, 10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L);
    where(1, 5L);
    return 0;
}
`

/**
 * Named arguments past the six integer registers: the caller pushes them first and the variable
 * ones right after them, the two rounded up to 16 together, and va_start's overflow_arg_area
 * points past the named ones (session 12 rounded the named area alone, so with one named int on
 * the stack the first variable argument read was the padding).
 */
const NAMED_ON_STACK = `#include <stdio.h>
#include <stdarg.h>

long seven(int a, int b, int c, int d, int e, int f, int g, ...) {
    va_list ap;
    va_start(ap, g);
    printf("&g=%p overflow=%p gp=%u\\n", (void *)&g, ap[0].overflow_arg_area, ap[0].gp_offset);
    long s = a + b + c + d + e + f + g;
    for (int i = 0; i < g; i++) s += va_arg(ap, long);
    va_end(ap);
    return s;
}

double mixed(int a, int b, int c, int d, int e, int f, int n, ...) {
    va_list ap;
    va_start(ap, n);
    double t = 0;
    for (int i = 0; i < n; i++) t += va_arg(ap, double);
    va_end(ap);
    return t + a + b + c + d + e + f;
}

int main(void) {
    int x;
    printf("&x=%p\\n", (void *)&x);
    printf("%ld\\n", seven(1, 2, 3, 4, 5, 6, 1, 100L));
    printf("%ld\\n", seven(1, 2, 3, 4, 5, 6, 2, 100L, 200L));
    printf("%.2f\\n", mixed(1, 2, 3, 4, 5, 6, 10, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0));
    return 0;
}
`

describe('<stdarg.h>: variadic functions of the program', () => {
  it("runs K&R's minprintf: ints past the six registers and doubles past the eight come from the stack", () => {
    const expected =
      'int -42, double 2.750000, string hello, percent %\n' +
      '1 2 3 4 5 6 7 8 9\n' +
      '0.500000 1.500000 2.500000 3.500000 4.500000 5.500000 6.500000 7.500000 8.500000 9.500000\n' +
      'a=1 b=2.000000 c=3\n'
    expect(ours(MINPRINTF).stdout).toBe(expected)
    if (hasGcc) expect(onMachine(MINPRINTF).stdout).toBe(expected)
  })

  it('reads every class, starts again from a va_copy, and passes a va_list on', () => {
    // -5 + 2^40 + 25 + 4000000000 + 1000 + 4 = 1103511628800; 1 + ... + 10 = 55;
    // 10 x (1 + ... + 9) + (1 + ... + 9) = 495 (the tenth pair is not read); (1.5 + 2.5 + 3.5)
    // twice = 15; 'A' - 3 + 12 (1.25f promoted to double, x 10) = 74.
    const expected =
      'first again: -5\n1103511628800\nfirst again: 1\n55\n495\n15\n[a][bb][ccc]\n3\n' +
      'first again: 20\n42\nfirst again: 65\n74\n'
    expect(ours(MIXED).stdout).toBe(expected)
    if (hasGcc) expect(onMachine(MIXED).stdout).toBe(expected)
  })

  it('formats through vfprintf, vsnprintf and vsprintf, and sizeof(va_list) is 24', () => {
    const run = ours(LOG)
    expect(run.stdout).toBe('cart has 3 items costing 19.99 (24)\nbefore dying\n')
    expect(run.stderr).toBe('demo: cannot open file.txt: code 2\n')
    expect(run.status).toBe(4)
    if (hasGcc) {
      const real = onMachine(LOG)
      expect([real.stdout, real.stderr, real.status]).toEqual([run.stdout, run.stderr, run.status])
    }
  })

  it('lays the frame out as gcc: the register save area below %rbp, the va_list 8-aligned', () => {
    // where()'s %rbp is 0x7fffffffece0: the save area at %rbp - 176, the named n's register
    // skipped (gp_offset 8), the sixth long onwards pushed by the caller at %rbp + 16.
    const expected = [
      '&x=0x7fffffffed1c',
      '&n=0x7fffffffebfc &ap=0x7fffffffec08 &local=0x7fffffffec04',
      'save=0x7fffffffec30 overflow=0x7fffffffecf0 gp=8 fp=48',
      'arg 0 at 0x7fffffffec38 = 10',
      'arg 1 at 0x7fffffffec40 = 20',
      'arg 2 at 0x7fffffffec48 = 30',
      'arg 3 at 0x7fffffffec50 = 40',
      'arg 4 at 0x7fffffffec58 = 50',
      'arg 5 at 0x7fffffffecf0 = 60',
      'arg 6 at 0x7fffffffecf8 = 70',
      'arg 7 at 0x7fffffffed00 = 80',
      '&n=0x7fffffffec1c &ap=0x7fffffffec28 &local=0x7fffffffec24',
      'save=0x7fffffffec50 overflow=0x7fffffffed10 gp=8 fp=48',
      'arg 0 at 0x7fffffffec58 = 5',
      ''
    ].join('\n')
    expect(ours(ADDRESSES).stdout).toBe(expected)
    if (hasSetarch) expect(onMachine(ADDRESSES).stdout).toBe(expected)
  })

  it('reads the first variable argument after named ones the caller pushed', () => {
    // main's %rsp is 0x7fffffffed10 (x at %rbp - 4, a 16-byte frame); seven(..., 1, 100L)
    // pushes g and 100 (16 bytes), so g is at seven's %rbp + 16 = 0x7fffffffed00 and the 100
    // right after; with 100L, 200L the three words round up to 32 and g sits 16 lower. Sums: 21 + 1 + 100 = 122, 21 + 2 + 300 = 323,
    // 55 + 21 = 76 (the ninth and tenth doubles come from the stack after n).
    const expected = [
      '&x=0x7fffffffed1c',
      '&g=0x7fffffffed00 overflow=0x7fffffffed08 gp=48',
      '122',
      '&g=0x7fffffffecf0 overflow=0x7fffffffecf8 gp=48',
      '323',
      '76.00',
      ''
    ].join('\n')
    expect(ours(NAMED_ON_STACK).stdout).toBe(expected)
    if (hasSetarch) expect(onMachine(NAMED_ON_STACK).stdout).toBe(expected)
  })

  it('refuses va_arg of a promoted type and va_start without `...`, naming them', () => {
    const keys = (source: string) =>
      runC(source, { file: 'va.c' }).diagnostics.map((d) => [d.line, d.reason?.key])
    expect(
      keys(
        '#include <stdarg.h>\nint f(int n, ...) {\n  va_list ap;\n  va_start(ap, n);\n  float x = va_arg(ap, float);\n  va_end(ap);\n  return x;\n}\nint main(void) { return f(1, 2.0); }\n'
      )
    ).toEqual([[5, 'parser.vaArgPromoted']])
    expect(
      keys(
        '#include <stdarg.h>\nint f(int n) {\n  va_list ap;\n  va_start(ap, n);\n  va_end(ap);\n  return n;\n}\nint main(void) { return f(1); }\n'
      )
    ).toEqual([[4, 'checker.vaStartFixedArguments']])
  })
})
