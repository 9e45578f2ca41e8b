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
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasGcc } from '../../tools/gcc'
import { runC } from './index'

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
const MINPRINTF = `#include <stdio.h>
#include <stdarg.h>

/* K&R 7.3: minprintf: minimal printf with variable argument list */
void minprintf(char *fmt, ...)
{
    va_list ap; /* points to each unnamed arg in turn */
    char *p, *sval;
    int ival;
    double dval;

    va_start(ap, fmt); /* make ap point to 1st unnamed arg */
    for (p = fmt; *p; p++) {
        if (*p != '%') {
            putchar(*p);
            continue;
        }
        switch (*++p) {
        case 'd':
            ival = va_arg(ap, int);
            printf("%d", ival);
            break;
        case 'f':
            dval = va_arg(ap, double);
            printf("%f", dval);
            break;
        case 's':
            for (sval = va_arg(ap, char *); *sval; sval++)
                putchar(*sval);
            break;
        default:
            putchar(*p);
            break;
        }
    }
    va_end(ap); /* clean up when done */
}

int main(void) {
    minprintf("int %d, double %f, string %s, percent %%\\n", -42, 2.75, "hello");
    minprintf("%d %d %d %d %d %d %d %d %d\\n", 1, 2, 3, 4, 5, 6, 7, 8, 9);
    minprintf("%f %f %f %f %f %f %f %f %f %f\\n", 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5);
    minprintf("%s=%d %s=%f %s=%d\\n", "a", 1, "b", 2.0, "c", 3);
    return 0;
}
`

/**
 * Every class through va_arg: int, long, unsigned, double, pointers, a va_copy that starts again,
 * a va_list handed to a function of the program, a NULL-terminated list, a call through a
 * pointer, and char/short/float arguments promoted by the call.
 */
const MIXED = `#include <stdio.h>
#include <stdarg.h>
#include <string.h>

struct pt { int x, y; };

long mix(const char *types, ...) {
    va_list ap, copy;
    long total = 0;
    va_start(ap, types);
    va_copy(copy, ap);
    for (const char *t = types; *t; t++) {
        switch (*t) {
        case 'i': total += va_arg(ap, int); break;
        case 'l': total += va_arg(ap, long); break;
        case 'u': total += va_arg(ap, unsigned); break;
        case 'd': total += (long)(va_arg(ap, double) * 10); break;
        case 'p': total += *va_arg(ap, int *); break;
        case 's': total += (long)strlen(va_arg(ap, const char *)); break;
        }
    }
    va_end(ap);
    /* the copy starts again from the first variable argument */
    if (types[0] == 'i') printf("first again: %d\\n", va_arg(copy, int));
    va_end(copy);
    return total;
}

static double vsum(int n, va_list ap) {
    double s = 0;
    while (n-- > 0) s += va_arg(ap, double);
    return s;
}

double sum_twice(int n, ...) {
    va_list ap;
    va_start(ap, n);
    double a = vsum(n, ap);
    va_end(ap);
    va_start(ap, n);
    double b = vsum(n, ap);
    va_end(ap);
    return a + b;
}

int count_until_null(const char *first, ...) {
    int n = 0;
    va_list ap;
    va_start(ap, first);
    for (const char *s = first; s != NULL; s = va_arg(ap, const char *)) {
        printf("[%s]", s);
        n++;
    }
    va_end(ap);
    printf("\\n");
    return n;
}

int main(void) {
    int k = 1000;
    printf("%ld\\n", mix("ildups", -5, 1L << 40, 2.5, 4000000000u, &k, "four"));
    printf("%ld\\n", mix("iiiiiiiiii", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    printf("%ld\\n", mix("dididididididididi", 1.0, 1, 2.0, 2, 3.0, 3, 4.0, 4, 5.0, 5, 6.0, 6, 7.0, 7, 8.0, 8, 9.0, 9, 10.0, 10));
    printf("%g\\n", sum_twice(3, 1.5, 2.5, 3.5));
    printf("%d\\n", count_until_null("a", "bb", "ccc", (char *)NULL));
    long (*fp)(const char *, ...) = mix;
    printf("%ld\\n", fp("ii", 20, 22));
    char c = 'A'; short sh = -3; float f = 1.25f;
    printf("%ld\\n", mix("iid", c, sh, f));
    return 0;
}
`

/** vfprintf to stderr and exit, vsnprintf(NULL, 0) to measure, vsprintf to fill. */
const LOG = `#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>

static const char *progname = "demo";

void die(int code, const char *fmt, ...) {
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "%s: ", progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\\n");
    exit(code);
}

char *format_alloc(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *buf = malloc(n + 1);
    va_start(ap, fmt);
    vsprintf(buf, fmt, ap);
    va_end(ap);
    return buf;
}

int main(void) {
    char *s = format_alloc("%s has %d items costing %.2f", "cart", 3, 19.989);
    printf("%s (%zu)\\n", s, sizeof(va_list));
    free(s);
    printf("before dying\\n");
    die(4, "cannot open %s: code %d", "file.txt", 2);
    return 0;
}
`

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
