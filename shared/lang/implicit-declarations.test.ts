/**
 * The tables of implicit-declarations.ts against gcc 12 and glibc's headers on this machine:
 * which headers declare each library function, and which functions gcc knows as built-ins.
 * Nine compilations in all: one per header, and one with no header at all.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUILTINS } from './builtins'
import { DECLARING_HEADERS, GCC_BUILTINS, implicitDeclaration } from './implicit-declarations'
import { STANDARD_HEADERS } from './lexer'

const hasGcc = spawnSync('gcc', ['--version']).status === 0

/** gcc's diagnostics (LC_ALL=C, so quotes are ') for `source`, compiled without running it. */
function gccSays(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'implicit-'))
  try {
    writeFileSync(join(dir, 'p.c'), source)
    return spawnSync('gcc', ['-fsyntax-only', '-std=gnu17', 'p.c'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C' }
    }).stderr
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The program's library functions (the interpreter's internal helpers start with `__`). */
const LIBRARY = Object.keys(BUILTINS).filter((name) => !name.startsWith('__'))
/** The headers that can declare a function (gc.h is only there when libgc's headers are). */
const HEADERS = [...STANDARD_HEADERS].filter((h) => h !== 'gc.h')

describe('implicit declarations', () => {
  it('knows the header of every library function the subset provides', () => {
    expect(LIBRARY.filter((name) => !DECLARING_HEADERS[name])).toEqual([])
  })

  it.runIf(hasGcc)('lists exactly the headers that declare each function, as glibc does', () => {
    const functions = LIBRARY.filter((name) => !name.startsWith('GC_'))
    const measured: Record<string, string[]> = Object.fromEntries(functions.map((f) => [f, []]))
    for (const header of HEADERS) {
      // Taking each function's address: a name the header does not declare is an error.
      const uses = functions.map((f, i) => `void *p${i}(void) { return (void *)&${f}; }`)
      const said = gccSays(`#include <${header}>\n${uses.join('\n')}\n`)
      for (const f of functions) {
        if (!new RegExp(`'${f}' undeclared`).test(said)) measured[f].push(header)
      }
    }
    const listed = Object.fromEntries(functions.map((f) => [f, [...DECLARING_HEADERS[f]].sort()]))
    for (const f of functions) measured[f].sort()
    expect(listed).toEqual(measured)
  })

  it.runIf(hasGcc)('knows which functions gcc treats as built-ins', () => {
    // Called with no arguments and no header: gcc names a built-in as one, either because its
    // type is not `int f()` ("incompatible implicit declaration of built-in function") or
    // because it counts the arguments against the built-in's ("too few arguments to built-in
    // function").
    const functions = LIBRARY.filter((name) => !name.startsWith('GC_'))
    const calls = functions.map((f) => `  ${f}();`).join('\n')
    const said = gccSays(`int main(void) {\n${calls}\n  return 0;\n}\n`)
    const builtins = functions.filter((f) => new RegExp(`built-in function '${f}'`).test(said))
    expect(functions.filter((f) => GCC_BUILTINS.has(f))).toEqual(builtins)
    // ... and which of them draw the second warning: those whose type is not `int f()`.
    const incompatible = functions.filter((f) =>
      new RegExp(`incompatible implicit declaration of built-in function '${f}'`).test(said)
    )
    const predicted = functions.filter(
      (f) => implicitDeclaration(f, BUILTINS[f], 1, new Map())?.incompatibleBuiltin
    )
    expect(predicted).toEqual(incompatible)
  })

  it('is no implicit declaration when a header declaring it is included above the call', () => {
    const included = new Map([['malloc.h', 3]])
    // <malloc.h> declares malloc from line 3 on; sbrk is <unistd.h>'s.
    expect(implicitDeclaration('malloc', BUILTINS.malloc, 2, included)?.header).toBe('stdlib.h')
    expect(implicitDeclaration('malloc', BUILTINS.malloc, 3, included)).toBeNull()
    const sbrk = implicitDeclaration('sbrk', BUILTINS.sbrk, 4, included)!
    expect([sbrk.truncatesResult, sbrk.incompatibleBuiltin, sbrk.type.unprototyped]).toEqual([
      true,
      false,
      true
    ])
  })
})
