/**
 * The built-in lessons against the answer keys of the course material they stand in for:
 * CS:APP 3e's practice problems on block sizes and headers (9.6) and minimum blocks (9.7), OSTEP
 * chapter 17's free-list orderings (malloc.py's `-l`) and chapter 14's misuses of the memory API.
 * Every expected value below is worked out by hand from the textbook's rules (the arithmetic is
 * in each comment), not read off the simulator; the answers come from the same independent
 * run of each lesson the end-to-end curriculum test plays (e2e/curriculum-helpers.ts).
 */
import { describe, expect, it } from 'vitest'
import { loadLesson, planLesson, type PlannedCheckpoint } from '../e2e/curriculum-helpers'
import type { Checkpoint } from '../shared/lessons/format'

const LANGUAGES = ['en', 'zh-CN']

function planned(lessonId: string, language: string, checkpointId: string): PlannedCheckpoint {
  const found = planLesson(lessonId, language)
    .steps.flatMap((step) => step.checkpoints)
    .find((checkpoint) => checkpoint.id === checkpointId)
  if (!found) throw new Error(`${lessonId}.${language}.md has no checkpoint "${checkpointId}"`)
  return found
}

function written(lessonId: string, language: string, checkpointId: string): Checkpoint {
  const found = loadLesson(lessonId, language)
    .steps.flatMap((step) => step.checkpoints)
    .find((checkpoint) => checkpoint.id === checkpointId)
  if (!found) throw new Error(`${lessonId}.${language}.md has no checkpoint "${checkpointId}"`)
  return found
}

/** The `when` of the option the run makes right, for a predict with options. */
function rightWhen(lessonId: string, language: string, checkpointId: string): string | undefined {
  const plan = planned(lessonId, language, checkpointId)
  const checkpoint = written(lessonId, language, checkpointId)
  if (plan.kind !== 'predict' || checkpoint.kind !== 'predict' || !checkpoint.options)
    throw new Error(`"${checkpointId}" is not a predict with options`)
  return checkpoint.options[plan.right as number].when
}

describe.each(LANGUAGES)('the built-in lessons answer course problems as the textbooks do (%s)', (language) => {
  it('CS:APP 9.6: a 4-byte header, 8-byte alignment, sizes a multiple of 8', () => {
    // malloc(15): 4 + 15 = 19, rounded up to a multiple of 8: 24.
    expect(planned('fragmentation', language, 'block-size-15')).toMatchObject({ right: '24' })
    // malloc(9): 4 + 9 = 13 -> 16; the header word is size | 1 (allocated): 16 | 1 = 17 = 0x11.
    expect(planned('fragmentation', language, 'header-word-9')).toMatchObject({ right: '17' })
  })

  it('CS:APP 9.7: with a header and a footer, 8-byte aligned, the smallest block is 16 bytes', () => {
    // 4 (header) + 1 (the smallest payload) + 4 (footer) = 9, rounded up to a multiple of 8: 16.
    const checkpoint = written('fragmentation', language, 'footer-minimum')
    if (checkpoint.kind !== 'choice') throw new Error('footer-minimum is not a choice')
    expect(checkpoint.options.filter((o) => o.correct).map((o) => o.text)).toEqual([
      language === 'en' ? '16 bytes' : '16 字节'
    ])
  })

  it('OSTEP 17 (malloc.py -l): first fit on a LIFO list takes the hole freed last', () => {
    // Holes of 64, 32 and 128 bytes freed in that order: LIFO puts 128 at the list's front, and
    // it fits a 32-byte block, so first fit stops there.
    expect(rightWhen('fragmentation', language, 'lifo-choice')).toBe('output contains "128-byte"')
  })

  it('OSTEP 14: realloc moves a block that another block in use follows', () => {
    // glibc can grow a chunk in place only into free space after it; here `other` follows, so
    // realloc takes a new chunk, copies and frees the old one (gcc 12 + glibc 2.36 print moved).
    expect(rightWhen('manual-memory-and-gc', language, 'realloc-moves')).toBe(
      'output contains "moved"'
    )
    const choice = written('manual-memory-and-gc', language, 'realloc-old-pointer')
    if (choice.kind !== 'choice') throw new Error('realloc-old-pointer is not a choice')
    // The old pointer is freed by realloc: freeing it again would be a double free.
    expect(choice.options.findIndex((o) => o.correct)).toBe(0)
  })

  it('OSTEP 14: freeing a pointer into the middle of a block makes glibc abort', () => {
    // glibc 2.36's free reads a chunk header 16 bytes before the pointer, 184 bytes into the
    // block: not 16-aligned, so 'free(): invalid pointer' and SIGABRT (gcc 12 + glibc 2.36 do).
    expect(rightWhen('manual-memory-and-gc', language, 'free-middle')).toBe(
      'exit.signal == "SIGABRT"'
    )
  })
})
