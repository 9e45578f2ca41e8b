/**
 * Bit-fields against gcc: random structs (fast-check, seeded, so every run generates the same
 * programs) of bit-fields of every integer type and width — unnamed ones, zero-width ones, plain
 * members between them, unions — compiled by gcc -O0 and run by the interpreter. Each struct's
 * program prints its sizeof, then stores values into the fields (plain, compound and ++/--
 * assignments, with values wider than the field, so they are cut to its width), and prints
 * every field and every byte of the struct: the layout, the truncation and the sign extension
 * must all be gcc's.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { gccOutput, hasGcc } from '../../tools/gcc'
import { runC } from './index'

type Generate = fc.GeneratorValue

const TYPES: Array<{ name: string; bits: number; format: string }> = [
  { name: 'int', bits: 32, format: '%d' },
  { name: 'unsigned', bits: 32, format: '%d' },
  { name: 'signed char', bits: 8, format: '%d' },
  { name: 'unsigned char', bits: 8, format: '%d' },
  { name: 'short', bits: 16, format: '%d' },
  { name: 'unsigned short', bits: 16, format: '%d' },
  { name: 'long', bits: 64, format: '%ld' },
  { name: 'unsigned long', bits: 64, format: '%lu' },
  { name: '_Bool', bits: 1, format: '%d' }
]

interface Member {
  name: string
  type: (typeof TYPES)[number]
  width: number | null
}

function members(g: Generate): Member[] {
  const count = g(fc.integer, { min: 1, max: 7 })
  const list: Member[] = []
  for (let i = 0; i < count; i++) {
    const type = g(fc.constantFrom, ...TYPES)
    const shape = g(fc.integer, { min: 0, max: 9 })
    if (shape === 0 && type.name !== '_Bool') list.push({ name: `m${i}`, type, width: null })
    else if (shape === 1)
      list.push({ name: '', type, width: g(fc.integer, { min: 0, max: type.bits }) })
    else list.push({ name: `b${i}`, type, width: g(fc.integer, { min: 1, max: type.bits }) })
  }
  if (!list.some((m) => m.name)) list.push({ name: 'last', type: TYPES[0], width: 5 })
  return list
}

function program(g: Generate, index: number): { declaration: string; body: string } {
  const union = g(fc.integer, { min: 0, max: 5 }) === 0
  const tag = `s${index}`
  const list = members(g)
  const fields = list
    .map((m) => `${m.type.name} ${m.name}${m.width === null ? '' : ` : ${m.width}`};`)
    .join(' ')
  const declaration = `${union ? 'union' : 'struct'} ${tag} { ${fields} };`
  const v = `v${index}`
  const lines = [
    `union ${tag}_bytes { ${union ? 'union' : 'struct'} ${tag} s; unsigned char b[sizeof(${union ? 'union' : 'struct'} ${tag})]; } ${v};`,
    `memset(&${v}, 0, sizeof ${v});`,
    `printf("${tag} %zu\\n", sizeof ${v}.s);`
  ]
  const named = list.filter((m) => m.name)
  for (const m of named) {
    const value = g(fc.bigInt, { min: -(1n << 40n), max: 1n << 40n })
    const op = g(fc.constantFrom, '=', '=', '+=', '-=', '^=', '|=', '++', '--')
    const target = `${v}.s.${m.name}`
    if (op === '++' || op === '--')
      lines.push(
        `printf("%ld\\n", (long)(${g(fc.boolean) ? `${target}${op}` : `${op}${target}`}));`
      )
    else lines.push(`printf("%ld\\n", (long)(${target} ${op} ${value}L));`)
  }
  for (const m of named) lines.push(`printf("${m.type.format} ", ${v}.s.${m.name});`)
  lines.push(`for (size_t i = 0; i < sizeof ${v}; i++) printf("%02x", ${v}.b[i]);`)
  lines.push('printf("\\n");')
  // A bit-field's value in arithmetic: an unsigned one narrower than int is an int.
  const first = named[0]
  lines.push(`printf("%d\\n", ${v}.s.${first.name} - 1 < 0);`)
  return { declaration, body: lines.map((l) => `  ${l}`).join('\n') }
}

const SEEDS = [4242, 1618, 271828]

function source(seed: number): string {
  const [g] = fc.sample(fc.gen(), { seed, numRuns: 1 })
  const parts = Array.from({ length: 40 }, (_, i) => program(g, i))
  return `#include <stdio.h>\n#include <string.h>\n${parts.map((p) => p.declaration).join('\n')}\nint main(void) {\n${parts.map((p) => p.body).join('\n')}\n  return 0;\n}\n`
}

if (!hasGcc) console.warn('gcc not found: bit-fields are not compared with gcc')

describe.runIf(hasGcc)('random bit-field structs: interpreter vs gcc', () => {
  for (const seed of SEEDS) {
    it(`lays out, stores and reads 40 structs (seed ${seed}) as gcc does`, () => {
      const text = source(seed)
      const expected = gccOutput(text, 'latin1')
      const result = runC(text)
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
      const ours = result.stdout.split('\n')
      const differences = expected
        .split('\n')
        .map((line, i) => (line === ours[i] ? '' : `line ${i + 1}: gcc ${line}, ours ${ours[i]}`))
        .filter((d) => d !== '')
      expect(differences.slice(0, 10)).toEqual([])
      expect(result.exit.status).toBe(0)
    })
  }
})
