/**
 * The YAML parser's mistakes said as our own sentences (message keys), so an instructor reads
 * them in their language: each case is a mistake an author makes by hand, with the place the
 * parser gives (checked by counting columns in the text) and the sentence it gets.
 */
import { describe, expect, it } from 'vitest'
import { packSentence } from './messages'
import { readYaml } from './yaml-source'

function problemsOf(text: string): string[] {
  return readYaml(text, 'pack.yaml').problems.map(
    (p) => `${p.line}:${p.column}: ${p.reason ? packSentence(p.reason) : p.message}`
  )
}

describe('YAML mistakes', () => {
  it.each([
    // "id" again on line 2, column 1.
    ['id: a\nid: b\n', '2:1: YAML: the key "id" appears twice in this mapping'],
    ['a:\n\tb: 1\n', '2:1: YAML: a tab is used to indent this line; indent with spaces'],
    // The opening quote on line 1; the parser notices at the end of the text (line 3).
    ['a: "abc\nb: 1\n', '3:1: YAML: a string opened with " is never closed'],
    ["a: 'abc\n", "2:1: YAML: a string opened with ' is never closed"],
    // " c: 2" starts in column 2, "b" in column 3: the parser points at the line's start.
    ['a:\n  b: 1\n c: 2\n', '3:1: YAML: the items of a list or mapping must all start in the same column'],
    ['a\nb: 1\n', '1:1: YAML: a key must be on one line and end with ":"'],
    [
      'a: b: c\n',
      '1:4: YAML: a "key: value" cannot follow another key on the same line; put it on its own line, indented'
    ],
    [
      'a: [1, 2\n',
      '2:1: YAML: this list or mapping is not closed with "]", or its lines are not indented enough'
    ],
    ['a: 1\n---\nb: 2\n', '2:1: YAML: a second document starts here ("---"); a file holds one'],
    [
      'a: &x &y 1\n',
      '1:7: YAML: a value may have one anchor (&name) and one tag (!tag), written before it; an alias (*name) has neither'
    ],
    ['a: "\\q"\n', '1:5: YAML: unknown escape "\\q" in a double-quoted string'],
    ['a: @x\n', '1:4: YAML: a value cannot start with "@" unless it is in quotes'],
    [`${'k'.repeat(1100)}: 1\n`, '1:1: YAML: a key is longer than 1024 characters'],
    ['a: b\n c\nd', '3:1: YAML: a key must be followed by ":" and its value'],
    // "*nope" is at column 4; no "&nope" comes before it.
    ['a: *nope\n', '1:4: YAML: the alias "*nope" names no anchor set before it'],
    // A list item, then a mapping key at the same level: the "b" is out of place.
    ['- a\nb: 1\n', '2:1: YAML: unexpected "b" here']
  ])('%#: %s', (text, expected) => {
    expect(problemsOf(text)[0]).toBe(expected)
  })

  it('keeps a bomb of aliases apart from an alias with no anchor', () => {
    const bomb = ['a: &a [x, x]', ...Array.from({ length: 9 }, (_, i) => {
      const name = String.fromCharCode(98 + i)
      const prev = String.fromCharCode(97 + i)
      return `${name}: &${name} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`
    })].join('\n')
    expect(problemsOf(bomb)).toEqual([
      '1:1: YAML: anchors and aliases expand too much (more than 50 alias uses); the file is refused'
    ])
  })
})
