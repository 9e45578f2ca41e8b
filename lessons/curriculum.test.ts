/**
 * The built-in curriculum's own rules (issue 7), checked on the real lesson files:
 * both languages teach the same steps with the same checkpoints and the same expected values,
 * every lesson has 6–15 steps and at least 5 checkpoints, the pack uses all four checkpoint
 * kinds, every task has hints and a reference solution, and no `number` answer is typed in by
 * hand (it must be an expression over simulator facts).
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import { parseLesson } from '../shared/lessons/lesson'
import type { Checkpoint, Lesson } from '../shared/lessons/format'

const here = fileURLToPath(new URL('.', import.meta.url))
const manifest = parseYaml(readFileSync(join(here, 'pack.yaml'), 'utf8')) as {
  lessons: string[]
  languages: string[]
}
const packFiles = new Set(readdirSync(here))

function load(id: string, language: string): Lesson {
  const file = `${id}.${language}.md`
  const { lesson, problems } = parseLesson(readFileSync(join(here, file), 'utf8'), {
    id,
    language,
    file,
    packFiles
  })
  expect(problems).toEqual([])
  return lesson
}

/** What must agree across translations: everything but the words. */
function skeleton(checkpoint: Checkpoint): unknown {
  switch (checkpoint.kind) {
    case 'choice':
      return {
        kind: checkpoint.kind,
        id: checkpoint.id,
        multiple: checkpoint.multiple,
        correct: checkpoint.options.map((o) => o.correct),
        hints: checkpoint.hints.length,
        explained: checkpoint.explanation !== undefined
      }
    case 'number':
      return {
        kind: checkpoint.kind,
        id: checkpoint.id,
        expected: checkpoint.expected,
        tolerance: checkpoint.tolerance,
        unit: checkpoint.unit,
        hints: checkpoint.hints.length,
        explained: checkpoint.explanation !== undefined
      }
    case 'predict':
      return {
        kind: checkpoint.kind,
        id: checkpoint.id,
        runTo: checkpoint.runTo,
        when: checkpoint.options?.map((o) => o.when),
        expected: checkpoint.expected,
        hints: checkpoint.hints.length,
        explained: checkpoint.explanation !== undefined
      }
    case 'task':
      return {
        kind: checkpoint.kind,
        id: checkpoint.id,
        condition: checkpoint.condition,
        solution: checkpoint.solution,
        hints: checkpoint.hints.length
      }
  }
}

describe('the built-in curriculum', () => {
  it('has eight lessons in English and Simplified Chinese', () => {
    expect(manifest.lessons).toHaveLength(8)
    expect(manifest.languages).toEqual(['en', 'zh-CN'])
  })

  /** A program with its comments' words taken out (their line breaks and places kept). */
  const code = (source: string | undefined): string | undefined =>
    source
      ?.replace(/\/\*[\s\S]*?\*\//g, (comment) => `/*${comment.replace(/[^\n]/g, '')}*/`)
      .replace(/[ \t]+$/gm, '')

  for (const id of manifest.lessons) {
    describe(id, () => {
      const english = load(id, 'en')
      const chinese = load(id, 'zh-CN')

      it('has the same steps, setups, programs and checkpoints in both languages', () => {
        expect(chinese.steps.length).toBe(english.steps.length)
        english.steps.forEach((step, i) => {
          const other = chinese.steps[i]
          expect(other.setup, `step ${i + 1} setup`).toEqual(step.setup)
          // The same program, line for line (run-to and editable lines count them), but its
          // comments are written in the lesson's language.
          expect(code(other.program?.source), `step ${i + 1} program`).toBe(
            code(step.program?.source)
          )
          expect(other.program?.editable, `step ${i + 1} editable lines`).toEqual(
            step.program?.editable
          )
          expect(other.checkpoints.map(skeleton), `step ${i + 1} checkpoints`).toEqual(
            step.checkpoints.map(skeleton)
          )
        })
      })

      it('puts no text after a checkpoint: the app shows a step\'s text above its checkpoints', () => {
        // Text written after a checkpoint would be read before the question is answered, and
        // often gives the answer away ("The fault's detail is SEGV_ACCERR" above "What happens
        // when line 6 writes into twice?"): what is said once the answer is in goes in the
        // checkpoint's `explanation`.
        for (const language of ['en', 'zh-CN'])
          readFileSync(join(here, `${id}.${language}.md`), 'utf8')
            .split(/\n---\n/)
            .forEach((step, i) => {
              // Each piece after a checkpoint's opening line: its body up to the closing fence,
              // then what follows it, in which other fenced blocks (setup, a program) may sit.
              const prose = step
                .split(/^```checkpoint$/m)
                .slice(1)
                .map((piece) =>
                  piece
                    .replace(/^[\s\S]*?^```$/m, '')
                    .replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '')
                    .trim()
                )
                .join('')
              expect(prose, `${id}.${language}.md step ${i + 1}`).toBe('')
            })
      })

      it('has 6 to 15 steps and at least 5 checkpoints', () => {
        expect(english.steps.length).toBeGreaterThanOrEqual(6)
        expect(english.steps.length).toBeLessThanOrEqual(15)
        expect(english.steps.flatMap((s) => s.checkpoints).length).toBeGreaterThanOrEqual(5)
      })

      it('gives every task hints and a reference solution, and computes every number', () => {
        for (const checkpoint of english.steps.flatMap((s) => s.checkpoints)) {
          if (checkpoint.kind === 'task') {
            expect(checkpoint.hints.length, checkpoint.id).toBeGreaterThan(0)
            expect(checkpoint.solution, checkpoint.id).toBeTruthy()
          }
          if (checkpoint.kind === 'number') {
            // A typed-in constant would go stale when the program or allocator changes.
            expect(typeof checkpoint.expected, checkpoint.id).toBe('string')
            expect(String(checkpoint.expected), checkpoint.id).toMatch(/[a-z]/)
          }
        }
      })
    })
  }

  it('uses every checkpoint kind across the pack', () => {
    const kinds = new Set(
      manifest.lessons.flatMap((id) =>
        load(id, 'en').steps.flatMap((s) => s.checkpoints.map((c) => c.kind))
      )
    )
    expect([...kinds].sort()).toEqual(['choice', 'number', 'predict', 'task'])
  })
})

describe('memory-lane pack validate lessons', () => {
  it('accepts the built-in pack with no problems and no warnings (programs, solutions, predictions)', () => {
    const result = spawnSync(process.execPath, [join(here, '..', 'bin', 'memory-lane.mjs'), 'pack', 'validate', here], {
      encoding: 'utf8'
    })
    const report = result.stdout + result.stderr
    expect(report).toContain('valid pack "memory-lane-basics" — 8 lessons in en, zh-CN')
    expect(report).not.toMatch(/warning|error/i)
    expect(result.status).toBe(0)
  }, 180_000)
})
