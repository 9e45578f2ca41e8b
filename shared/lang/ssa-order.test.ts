/**
 * Which stack slot gcc 12 -O0 gives each local scalar whose address is never taken
 * (ssa-order.ts). The expected offsets are gcc's, read from its machine code: every variable
 * gets a constant no other store uses, and `movl $k, -n(%rbp)` says where it lives. When gcc
 * and objdump are here the test reads them again from a fresh build.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasGcc } from '../../tools/gcc'
import { compile } from './index'

const hasObjdump = hasGcc && spawnSync('objdump', ['--version']).status === 0

/** `body` as the body of `void g(void)`, with `sink` defined after it. */
function program(body: string): string {
  return `void sink(int);\nvoid g(void) {\n${body}\n}\nvoid sink(int x) { (void)x; }\nint main(void) { g(); return 0; }\n`
}

/** The interpreter's slot of each local of g. */
function ours(body: string): Record<string, number> {
  const r = compile(program(body), { file: 'g.c' })
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  const g = r.program.compiled.functions.find((f) => f.name === 'g')!
  return Object.fromEntries(g.info.locals.map((s) => [s.name, s.slot.offset]))
}

/** gcc's slot of each variable named in `constants` (constant -> variable), from its stores. */
function gccSlots(body: string, constants: Record<number, string>): Record<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'ssa-order-'))
  try {
    writeFileSync(join(dir, 'g.c'), program(body))
    const build = spawnSync('gcc', ['-O0', '-w', '-fno-stack-protector', '-c', 'g.c'], {
      cwd: dir,
      encoding: 'utf8'
    })
    if (build.status !== 0) throw new Error(build.stderr)
    const listing = spawnSync('objdump', ['-d', 'g.o'], { cwd: dir, encoding: 'utf8' }).stdout
    const g = listing.slice(listing.indexOf('<g>:'), listing.indexOf('<sink>:'))
    const slots: Record<string, number> = {}
    for (const m of g.matchAll(/mov[lb]\s+\$0x([0-9a-f]+),-0x([0-9a-f]+)\(%rbp\)/g)) {
      const name = constants[parseInt(m[1], 16)]
      if (name !== undefined) slots[name] = -parseInt(m[2], 16)
    }
    return slots
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** [what, body, gcc's slot of each variable; the constants stored name them (k -> x)]. */
const CASES: Array<[string, string, Record<string, number>, Record<number, string>]> = [
  [
    'a variable assigned in a loop and read at its test comes first (a PHI node)',
    'int a = 11; int b = 22; while (b < 100) b++;',
    { a: -8, b: -4 },
    { 11: 'a', 22: 'b' }
  ],
  [
    'variables with PHI nodes in declaration order, then the rest',
    'int a = 11; int b = 22; int c = 33; while (c < 100) { c++; b++; }',
    { a: -12, b: -4, c: -8 },
    { 11: 'a', 22: 'b', 33: 'c' }
  ],
  [
    "a for loop's counter before a variable the loop leaves alone",
    'int count = 7; int i; for (i = 0; i < 3; i++) ;',
    { count: -8, i: -4 },
    { 7: 'count', 0: 'i' }
  ],
  [
    'by first store, not by declaration',
    'int a; int b = 22; a = 11;',
    { a: -8, b: -4 },
    { 11: 'a', 22: 'b' }
  ],
  [
    "the code after a while loop before the loop's body (the loop is entered at its test)",
    'int a = 11, b, c; while (a < 3) { a++; b = 22; } c = 33;',
    { a: -4, b: -12, c: -8 },
    { 11: 'a', 22: 'b', 33: 'c' }
  ],
  [
    'an else branch before its then branch, the join after',
    'int a = 11, b, c, d; if (a) { b = 22; } else { c = 33; } d = 44;',
    { a: -4, b: -12, c: -8, d: -16 },
    { 11: 'a', 22: 'b', 33: 'c', 44: 'd' }
  ],
  [
    'a break out of a loop, its target last',
    'int a = 11, b, c, d; while (a < 9) { a++; if (a == 3) { b = 22; break; } c = 33; } d = 44;',
    { a: -4, b: -12, c: -8, d: -16 },
    { 11: 'a', 22: 'b', 33: 'c', 44: 'd' }
  ],
  [
    'a value a switch leaves behind (a PHI at its end)',
    'int x = 11, y = 22; switch (x) { case 1: y = 33; break; default: y = 44; } x = y;',
    { x: -8, y: -4 },
    { 11: 'x', 22: 'y', 33: 'y', 44: 'y' }
  ],
  [
    "a store in && 's right operand read after it (a PHI where the value is made)",
    'int p = 11, q = 22, r = 33; r = (p && (q = 44)); p = q;',
    { p: -8, q: -4, r: -12 },
    { 11: 'p', 22: 'q', 33: 'r', 44: 'q' }
  ],
  [
    // s and j have PHI nodes at the loop's test; tmp, declared before s, would too if its
    // store in the body did not come before every read.
    'a temporary stored before every read in a loop gets no PHI node',
    'int n = 11, tmp, s = 22; for (int j = 0; j < n; j++) { tmp = j; s += tmp; } tmp = 33;',
    { s: -4, j: -8, n: -12, tmp: -16 },
    { 11: 'n', 22: 's', 33: 'tmp', 0: 'j' }
  ]
]

describe('slots of the scalars whose address is never taken', () => {
  for (const [what, body, expected, constants] of CASES) {
    it(what, () => {
      const slots = ours(body)
      for (const [name, offset] of Object.entries(expected)) expect(slots[name], name).toBe(offset)
      if (hasObjdump) expect(gccSlots(body, constants)).toEqual(expected)
    })
  }

  it('gives none to a scalar the code never names, so the array below moves up', () => {
    // gcc: buf at -16 (frame 16), as if u1 and u2 were not declared; only stored, kept has one.
    const body = 'int u1, u2; int kept = 11; char buf[16]; buf[0] = 77; sink(buf[0]);'
    const expected = { kept: -4, buf: -32 }
    expect(ours(body)).toEqual(expected)
    if (hasObjdump) expect(gccSlots(body, { 11: 'kept', 77: 'buf' })).toEqual(expected)
    const bare = 'int u1, u2, u3, u4; char buf[16]; buf[0] = 77; sink(buf[0]);'
    expect(ours(bare)).toEqual({ buf: -16 })
    if (hasObjdump) expect(gccSlots(bare, { 77: 'buf' })).toEqual({ buf: -16 })
  })
})
