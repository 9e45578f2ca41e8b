import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { factsFromState } from './facts'
import type { ChoiceCheckpoint, NumberCheckpoint, PredictCheckpoint, TaskCheckpoint } from './format'
import {
  gradeChoice,
  gradeNumber,
  gradePredict,
  gradeTask,
  parseNumberAnswer,
  predictOutcome
} from './grade'
import { readPackFolder } from '../../electron/services/lesson-library/pack-folder'
import { sampleState } from './fixtures/sample-state'
import { validatePack } from './validate'

const pack = validatePack(readPackFolder(join(import.meta.dirname, 'fixtures', 'sample-pack')), {
  appVersion: '0.1.0'
}).pack!
const steps = pack.lessons['first-malloc'].en.steps
const choice = steps[0].checkpoints[0] as ChoiceCheckpoint
const number = steps[1].checkpoints[0] as NumberCheckpoint
const predict = steps[2].checkpoints[0] as PredictCheckpoint
const task = steps[3].checkpoints[0] as TaskCheckpoint
const facts = factsFromState(sampleState())

describe('choice', () => {
  it('passes only the exact set of correct options, with each picked option’s feedback', () => {
    expect(gradeChoice(choice, [0])).toEqual({
      passed: true,
      feedback: ['Yes — malloc returns heap memory.']
    })
    expect(gradeChoice(choice, [1]).passed).toBe(false)
    expect(gradeChoice(choice, [1]).feedback[0]).toMatch(/lives on the stack/)
    expect(gradeChoice(choice, [0, 1]).passed).toBe(false)
    expect(gradeChoice(choice, []).passed).toBe(false)
    expect(gradeChoice(choice, [7]).passed).toBe(false)
  })

  it('with several right answers needs all of them', () => {
    const multiple: ChoiceCheckpoint = {
      ...choice,
      multiple: true,
      options: [
        { text: 'a', correct: true },
        { text: 'b', correct: true },
        { text: 'c', correct: false }
      ]
    }
    expect(gradeChoice(multiple, [0]).passed).toBe(false)
    expect(gradeChoice(multiple, [1, 0]).passed).toBe(true)
    expect(gradeChoice(multiple, [0, 1, 2]).passed).toBe(false)
  })
})

describe('number', () => {
  it('reads numbers as learners type them', () => {
    expect(parseNumberAnswer('24')).toBe(24)
    expect(parseNumberAnswer(' 0x20 ')).toBe(32)
    expect(parseNumberAnswer('1,024')).toBe(1024)
    expect(parseNumberAnswer('1_024 bytes')).toBe(1024)
    expect(parseNumberAnswer('-3')).toBe(-3)
    expect(parseNumberAnswer('0.25')).toBe(0.25)
    expect(parseNumberAnswer('24 字节')).toBe(24)
    expect(parseNumberAnswer('twenty')).toBeUndefined()
    expect(parseNumberAnswer('')).toBeUndefined()
    expect(parseNumberAnswer('1e400x')).toBeUndefined()
  })

  it('evaluates the expected expression on the run: heap.requested is 20 here', () => {
    expect(gradeNumber(number, '20', facts)).toEqual({ passed: true, feedback: [], expected: 20 })
    expect(gradeNumber(number, '0x14', facts).passed).toBe(true)
    expect(gradeNumber(number, '24', facts)).toEqual({ passed: false, feedback: [], expected: 20 })
    expect(gradeNumber(number, 'lots', facts).error).toBe('not-a-number')
    expect(gradeNumber(number, '20', undefined)).toEqual({
      passed: false,
      feedback: [],
      error: 'there is no run to compute the expected value from yet',
      reason: { key: 'grade.noRun', params: {} }
    })
  })

  it('judges a large address exactly: 0x5555555553e8 is 1000 bytes away from 0x555555555000', () => {
    const address: NumberCheckpoint = {
      kind: 'number',
      id: 'text-start',
      prompt: 'Where does text start?',
      hints: [],
      fileLine: 1,
      expected: 0x555555555000,
      tolerance: 0,
      unit: 'address'
    }
    // 0x555555555000 = 93824992235520; + 1000 = 93824992236520 = 0x5555555553e8.
    expect(gradeNumber(address, '0x5555555553e8', undefined).passed).toBe(false)
    expect(gradeNumber(address, '93824992235521', undefined).passed).toBe(false)
    expect(gradeNumber(address, '0x555555555000', undefined).passed).toBe(true)
    expect(gradeNumber(address, '93824992235520', undefined).passed).toBe(true)
    // Decimal fractions still compare as a learner means them: 0.1 + 0.2 is 0.30000000000000004.
    expect(gradeNumber({ ...address, expected: 0.1 + 0.2, unit: undefined }, '0.3', undefined).passed).toBe(true)
  })

  it('accepts answers within the tolerance', () => {
    const approx: NumberCheckpoint = { ...number, expected: 'heap.externalFragmentation', tolerance: 0.01 }
    // external fragmentation is 0.25; 0.26 is 0.01 away, 0.27 is 0.02 away
    expect(gradeNumber(approx, '0.26', facts).passed).toBe(true)
    expect(gradeNumber(approx, '0.27', facts).passed).toBe(false)
  })
})

describe('predict', () => {
  // After the run the heap is 0x21000 bytes, so "it moves up" (heap.size > 0) was right.
  it('judges the chosen option on the state after the run', () => {
    expect(gradePredict(predict, { option: 0 }, facts).passed).toBe(true)
    expect(gradePredict(predict, { option: 1 }, facts).passed).toBe(false)
    expect(predictOutcome(predict, facts)).toEqual([true, false])
    const empty = factsFromState(sampleState({ programBreak: 0x555555559000 }))
    expect(predictOutcome(predict, empty)).toEqual([false, true])
  })

  it('judges a numeric prediction like a number checkpoint', () => {
    const where: PredictCheckpoint = {
      ...predict,
      options: undefined,
      expected: 'heap.break',
      tolerance: 0
    }
    expect(gradePredict(where, { value: '0x55555557a000' }, facts).passed).toBe(true)
    expect(gradePredict(where, { value: '0x555555559000' }, facts).passed).toBe(false)
  })
})

describe('task', () => {
  it('passes when the condition holds at the end of the run', () => {
    // The sample state leaks 36 bytes and has not exited: the task is not done.
    expect(gradeTask(task, facts).passed).toBe(false)
    const fixed = factsFromState(sampleState({ events: [], exit: { status: 0 } }))
    expect(gradeTask(task, fixed).passed).toBe(true)
    const crashed = factsFromState(sampleState({ events: [], exit: { signal: 'SIGSEGV' } }))
    expect(gradeTask(task, crashed).passed).toBe(false)
  })
})
