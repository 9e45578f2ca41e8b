// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ChartsView from './ChartsView.vue'
import { threeBlocksTimeline } from './fixtures'
import { memoryI18n } from './fixtures/i18n'

function render(step: number, locale: 'en' | 'zh-CN' = 'en') {
  return mount(ChartsView, {
    props: { timeline: threeBlocksTimeline, step },
    global: { plugins: [memoryI18n(locale)] }
  })
}

describe('ChartsView', () => {
  it('has a chart for each figure, each with an accessible name', () => {
    const figures = render(4).findAll('figure')
    expect(figures.map((f) => f.attributes('data-chart'))).toEqual([
      'heap',
      'fragmentation',
      'external',
      'leaks',
      'stack'
    ])
    expect(figures[1].get('.plot').attributes('aria-label')).toBe('Requested vs. in blocks. Step 4')
  })

  it('says the figures at the current step in a sentence', () => {
    // step 4: a, b, c live: 16 + 20 + 36 = 72 requested in 32 + 32 + 48 = 112 bytes of blocks
    expect(render(4).get('.summary').text()).toBe(
      'At step 4: heap 132 KiB, 72 B requested in 112 B of blocks, external fragmentation 0%, 72 B live, 0 B leaked, stack depth 1.'
    )
  })

  it('follows the step backwards', async () => {
    const wrapper = render(4)
    await wrapper.setProps({ step: 2 })
    expect(wrapper.get('.summary').text()).toContain(
      'At step 2: heap 132 KiB, 16 B requested in 32 B'
    )
  })

  it('speaks Chinese', () => {
    expect(render(0, 'zh-CN').get('.summary').text()).toContain('第 0 步：堆 0 B')
  })
})
