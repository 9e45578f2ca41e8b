// Warnings gcc -Wall gives on printf formats (-Wformat, -Wformat-extra-args) and on comparisons
// with a string literal (-Waddress): the checker must give them at the same line:column. The
// expected lists are gcc 12's output on this machine (LC_ALL=C gcc -Wall -fsyntax-only), mapped
// to the checker's message keys; when gcc is present the test runs it again and compares.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compile } from './index'

const hasGcc = spawnSync('gcc', ['--version']).status === 0

/** gcc's warning text → the checker's key (only the warnings this test is about). */
const GCC_KINDS: Array<[RegExp, string]> = [
  [
    /^format '.*' expects argument of type|^field (width|precision) specifier .* expects argument of type/,
    'formatArgumentType'
  ],
  [/expects a matching/, 'formatMissingArgument'],
  [/^too many arguments for format/, 'formatExtraArguments'],
  [/^use of '.*' length modifier/, 'formatLength'],
  [/^unknown conversion type character/, 'formatUnknown'],
  [/^spurious trailing/, 'formatTrailingPercent'],
  [/^conversion lacks type at end of format/, 'formatUnfinished'],
  [/^comparison with string literal/, 'compareStringLiteral']
]

function byPosition(a: string, b: string): number {
  const [al, ac] = a.split(/[: ]/).map(Number)
  const [bl, bc] = b.split(/[: ]/).map(Number)
  return al - bl || ac - bc || a.localeCompare(b)
}

/** `line:column key` for each format/-Waddress warning of the checker. */
function checkerWarnings(program: string): string[] {
  const r = compile(program, { file: 'fmt.c' })
  expect(r.ok ? [] : r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  const all = r.ok ? r.program.warnings : r.diagnostics
  return all
    .map((w) => `${w.line}:${w.column} ${(w.reason?.key ?? '').replace('checker.', '')}`)
    .filter((w) => GCC_KINDS.some(([, key]) => w.endsWith(` ${key}`)))
    .sort(byPosition)
}

/** The same list from gcc -Wall. */
function gccWarnings(program: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'lang-format-'))
  try {
    writeFileSync(join(dir, 'fmt.c'), program)
    const gcc = spawnSync('gcc', ['-Wall', '-fsyntax-only', 'fmt.c'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C' }
    })
    const found: string[] = []
    for (const m of gcc.stderr.matchAll(/^fmt\.c:(\d+:\d+): warning: (.*)$/gm)) {
      const kind = GCC_KINDS.find(([pattern]) => pattern.test(m[2]))
      if (kind) found.push(`${m[1]} ${kind[1]}`)
    }
    return found.sort(byPosition)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const CASES: Array<{ name: string; program: string; expected: string[] }> = [
  {
    name: 'the common learner mistakes: %d with a double, %f with an int, missing and extra arguments, == "alice"',
    program:
      '#include <stdio.h>\n#include <stddef.h>\nint main(void) {\n    char name[] = "alice";\n    char *p = name;\n    if (name == "alice") printf("equal\\n"); else printf("not equal\\n");\n    if ("bob" != p) puts("x");\n    printf("%d\\n", 3.5);\n    printf("%f\\n", 3);\n    printf("%s\\n", 3);\n    printf("%d %s\\n", 5);\n    printf("%d\\n", 5, 6);\n    printf("%ld\\n", 5);\n    printf("%lu %zu\\n", sizeof(int), 3);\n    printf("%u %x\\n", -1, 5u);\n    printf("%d\\n", 5u);\n    printf("%c %hhd %hd\\n", \'a\', 300, 70000);\n    printf("%p\\n", 5);\n    printf("%p\\n", name);\n    printf("%5.2f %lf %e\\n", 1.0, 2.0, 3);\n    long l = 3; unsigned long ul = 4; long long ll = 5;\n    printf("%d %lld %ld\\n", l, l, ll);\n    printf("%lu %llu\\n", ll, ul);\n    char buf[40];\n    sprintf(buf, "%d", 2.0);\n    snprintf(buf, sizeof buf, "%s %d", buf);\n    printf("%*d\\n", 3L, 4);\n    printf("%.*f\\n", 2, 1);\n    printf("%%\\n", 3);\n    printf("%5\\n");\n    printf("%lf\\n", 3);\n    printf("%hhu %hu\\n", \'a\', 3.0);\n    printf("%s\\n", \'c\');\n    printf("%d\\n", "x");\n    printf("%c\\n", "x");\n    printf("%x\\n", p);\n    printf("%zd\\n", 3);\n    printf("%i %o %X\\n", 1.0, 2L, 3LL);\n    return 0;\n}\n',
    expected: [
      '6:14 compareStringLiteral',
      '7:15 compareStringLiteral',
      '8:14 formatArgumentType',
      '9:14 formatArgumentType',
      '10:14 formatArgumentType',
      '11:17 formatMissingArgument',
      '12:12 formatExtraArguments',
      '13:15 formatArgumentType',
      '14:19 formatArgumentType',
      '18:14 formatArgumentType',
      '20:24 formatArgumentType',
      '22:14 formatArgumentType',
      '22:19 formatArgumentType',
      '22:23 formatArgumentType',
      '23:15 formatArgumentType',
      '23:20 formatArgumentType',
      '25:20 formatArgumentType',
      '26:36 formatMissingArgument',
      '27:14 formatArgumentType',
      '28:16 formatArgumentType',
      '29:12 formatExtraArguments',
      '30:15 formatUnknown',
      '31:15 formatArgumentType',
      '32:20 formatArgumentType',
      '33:14 formatArgumentType',
      '34:14 formatArgumentType',
      '35:14 formatArgumentType',
      '36:14 formatArgumentType',
      '37:15 formatArgumentType',
      '38:14 formatArgumentType',
      '38:17 formatArgumentType',
      '38:20 formatArgumentType'
    ]
  },
  {
    name: 'pointers, promotions, * and .* arguments, concatenated and escaped formats, <inttypes.h>',
    program:
      '#include <stdio.h>\n#include <stdint.h>\n#include <inttypes.h>\n#include <stdbool.h>\nenum color { RED, GREEN };\nint f(void) { return 1; }\nint main(void) {\n    void *v = 0; unsigned char *uc = 0; int *ip = 0; char **pp = 0; char c = \'a\'; short s = 1;\n    double fl = 1.0; bool b = true; enum color col = RED; size_t z = 3; unsigned long long ull = 1;\n    printf("%s %s %s %s\\n", v, uc, ip, pp);\n    printf("%p %p %p\\n", f, ip, 0);\n    printf("%c %d %d %f %d %u\\n", c, s, b, fl, col, col);\n    printf("%.*f %*.*f\\n", 2L, 1.0, 3, 4u, 5.0);\n    printf("%*d\\n");\n    printf("%.*d\\n", 3);\n    printf("%lc %ls\\n", 65, "x");\n    printf("%hf %lp %zf\\n", 1.0, v, 2.0);\n    printf("%hhn\\n", ip);\n    if ("abc" == 0) puts("a");\n    if ("abc" < v) puts("b");\n    if (("abc") == v) puts("c");\n    printf("a\\tb" "%d" "\\n", 2.0);\n    printf("\\x41%d\\101%s\\n", 2.0, 3);\n    printf("%" PRIu64 "\\n", 5);\n    printf("%zu %lu %llu\\n", ull, z, z);\n    printf("%-5d|%+d|% d|%#o|%05d\\n", 1.0, 2, 3, 4, 5);\n    printf("%y\\n", 2);\n    printf("abc%");\n    printf("%5");\n    printf("%jd %td\\n", 1, 2);\n    printf("%qd %Ld\\n", 1, 2);\n    printf("%LF\\n", 1.0);\n    printf("%a %g %G %E %F\\n", 1, 2, 3, 4, 5);\n    printf("%d %d\\n", 1,\n           2.0);\n    printf(\n      "%d\\n", 1.5);\n    const char *fmt = "%d\\n";\n    printf(fmt, 1.5);\n    int64_t i64 = 1; uint8_t u8 = 1;\n    printf("%ld %d %hhu\\n", i64, u8, u8);\n    return 0;\n}\n',
    expected: [
      '10:14 formatArgumentType',
      '10:20 formatArgumentType',
      '10:23 formatArgumentType',
      '11:20 formatArgumentType',
      '13:15 formatArgumentType',
      '14:14 formatMissingArgument',
      '14:15 formatMissingArgument',
      '15:16 formatMissingArgument',
      '16:19 formatArgumentType',
      '17:15 formatLength',
      '17:19 formatLength',
      '17:23 formatLength',
      '18:16 formatArgumentType',
      '20:15 compareStringLiteral',
      '22:12 formatArgumentType',
      '23:18 formatArgumentType',
      '23:24 formatArgumentType',
      '24:12 formatArgumentType',
      '25:15 formatArgumentType',
      '25:24 formatArgumentType',
      '26:16 formatArgumentType',
      '27:12 formatExtraArguments',
      '27:14 formatUnknown',
      '28:16 formatTrailingPercent',
      '29:14 formatUnfinished',
      '30:15 formatArgumentType',
      '30:19 formatArgumentType',
      '31:15 formatArgumentType',
      '31:19 formatArgumentType',
      '32:15 formatArgumentType',
      '33:14 formatArgumentType',
      '33:17 formatArgumentType',
      '33:20 formatArgumentType',
      '33:23 formatArgumentType',
      '33:26 formatArgumentType',
      '34:17 formatArgumentType',
      '37:9 formatArgumentType'
    ]
  },
  {
    name: 'sprintf/snprintf argument numbers, unknown conversions, long vs int, char (*)[50]',
    program:
      '#include <stdio.h>\nint main(void) {\n    char buf[50];\n    printf("%d " "%s\\n", 1.0, 2);\n    printf("%d "\n           "%s\\n", 1.0, 2);\n    printf("%y %d\\n", 2, 3.0);\n    printf("%d %y %d\\n", 1.0);\n    printf("%d %y\\n");\n    sprintf(buf, "%s", 1);\n    snprintf(buf, 10, "%s %d", 1);\n    sprintf(buf, "x", 1);\n    printf("%d %d\\n", 1, 2, 3, 4);\n    printf("%c", 1.0, "a");\n    printf("%-08.3lf|%+.2e|%#x|%#o|%hhx|%hx\\n", 1, 2.0, 3L, 4, 5, 6);\n    printf("%zu %zx %zd\\n", sizeof buf, sizeof buf, sizeof buf);\n    printf("%lx %lld %llx\\n", 1UL, 1LL, 2ULL);\n    printf("%d\\n", \'a\' + 1L);\n    printf("%s\\n", buf + 1);\n    printf("%s %s\\n", &buf, &buf[0]);\n    printf("%d\\n", printf);\n    printf("%ld\\n", buf - buf);\n    printf("%d\\n", buf - buf);\n    printf("%d\\n", sizeof(int));\n    printf("%lu %u\\n", sizeof(int), sizeof(int));\n    printf("%Lf %Le\\n", 1, 2.0);\n    return 0;\n}\n',
    expected: [
      '4:12 formatArgumentType',
      '4:14 formatArgumentType',
      '5:12 formatArgumentType',
      '5:14 formatArgumentType',
      '7:12 formatExtraArguments',
      '7:14 formatUnknown',
      '8:14 formatArgumentType',
      '8:17 formatUnknown',
      '8:20 formatMissingArgument',
      '9:14 formatMissingArgument',
      '9:17 formatUnknown',
      '10:20 formatArgumentType',
      '11:25 formatArgumentType',
      '11:28 formatMissingArgument',
      '12:18 formatExtraArguments',
      '13:12 formatExtraArguments',
      '14:12 formatExtraArguments',
      '14:14 formatArgumentType',
      '15:20 formatArgumentType',
      '15:30 formatArgumentType',
      '18:14 formatArgumentType',
      '20:14 formatArgumentType',
      '21:14 formatArgumentType',
      '23:14 formatArgumentType',
      '24:14 formatArgumentType',
      '25:18 formatArgumentType',
      '26:15 formatArgumentType',
      '26:19 formatArgumentType'
    ]
  },
  {
    name: 'trailing %, unfinished conversions, length modifiers that mean nothing, %n',
    program:
      '#include <stdio.h>\nint main(void) {\n    int x = 1;\n    printf("%-5");\n    printf("ab%ll");\n    printf("%");\n    printf("%m %C %S\\n", 1, 2);\n    printf("%hs %hc %hp %lp %llf %jf %hhs\\n", 1, 2, 3, 4, 5.0, 6.0, 7);\n    printf("%n %hn %ln %lln %zn\\n", &x, &x, &x, &x, &x);\n    printf("%10.5s|%-3c|%08.3f\\n", "a", \'b\', 1);\n    return 0;\n}\n',
    expected: [
      '4:15 formatUnfinished',
      '5:17 formatUnfinished',
      '6:13 formatTrailingPercent',
      '7:20 formatArgumentType',
      '8:15 formatLength',
      '8:19 formatLength',
      '8:23 formatLength',
      '8:27 formatLength',
      '8:32 formatLength',
      '8:36 formatLength',
      '8:41 formatLength',
      '9:18 formatArgumentType',
      '9:22 formatArgumentType',
      '9:27 formatArgumentType',
      '9:31 formatArgumentType',
      '10:30 formatArgumentType'
    ]
  }
]

describe('printf format and string-literal comparison warnings (gcc -Wall)', () => {
  for (const c of CASES) {
    it(`are where gcc puts them: ${c.name}`, () => {
      expect(checkerWarnings(c.program)).toEqual([...c.expected].sort(byPosition))
      if (hasGcc) expect(gccWarnings(c.program)).toEqual([...c.expected].sort(byPosition))
    })
  }

  it('are warnings: the program still compiles and runs', () => {
    const r = compile('#include <stdio.h>\nint main(void) { printf("%d %s\\n", 5); return 0; }\n', {
      file: 'w.c'
    })
    expect(r.ok).toBe(true)
  })

  it('say what the directive expects and the argument’s number and type, as gcc does', () => {
    const r = compile('#include <stdio.h>\nint main(void) { printf("%d\\n", 3.5); return 0; }\n', {
      file: 'w.c'
    })
    const w = r.ok ? r.program.warnings : []
    expect(w.map((d) => d.message)).toEqual([
      "The format's `%d` expects `int`, but argument 2 has type `double`: printf does not convert it and prints nonsense."
    ])
  })
})
