// @vitest-environment happy-dom
/**
 * The run controls' step counter: where the run stands, and while a run to the end records,
 * how far it got, in the interface language.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import RunControls from './RunControls.vue'
import { createAppI18n, type Language } from '../../i18n'
import { useRunStore } from '../../stores/run'

let pinia: Pinia
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
})

function counter(language: Language): string {
  const wrapper = mount(RunControls, { global: { plugins: [pinia, createAppI18n(language)] } })
  return wrapper.get('[data-testid="step-counter"]').text()
}

describe('RunControls', () => {
  it('says how many steps a recording has made so far, and that Pause stops it', () => {
    const run = useRunStore()
    run.sessionId = 's1'
    run.totalSteps = 412_345
    run.recording = true
    run.playing = true
    expect(counter('en')).toBe('Recording… 412,345 steps so far (Pause stops here)')
    expect(counter('zh-CN')).toBe('正在记录…… 已运行 412,345 步（按“暂停”在此停下）')
  })

  it('says the step and the run length otherwise, "+" while more may follow', () => {
    const run = useRunStore()
    expect(counter('en')).toBe('Not started')
    run.sessionId = 's1'
    run.totalSteps = 412_345
    expect(counter('en')).toBe('Step 0 of 412,345+')
    run.finished = true
    expect(counter('zh-CN')).toBe('第 0 步，共 412,345 步')
  })
})
