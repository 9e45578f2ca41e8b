// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ChartsView from './ChartsView.vue'
import { threeBlocksTimeline } from './fixtures'
import { memoryI18n } from './fixtures/i18n'
import { cursorForKey } from './chartData'

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

  it("says under a pool's external-fragmentation chart that the figure does not apply", () => {
    expect(render(4).find('[data-testid="charts-pool-note"]').exists()).toBe(false)
    const pool = mount(ChartsView, {
      props: { timeline: threeBlocksTimeline, step: 4, pool: true },
      global: { plugins: [memoryI18n('zh-CN')] }
    })
    const note = pool.get('figure[data-chart="external"] [data-testid="charts-pool-note"]')
    expect(note.text()).toContain('这个指标不适用于内存池')
    expect(pool.get('.summary').text()).toBe(
      '第 4 步：堆 132 KiB，请求 72 B，占用块 112 B，存活 72 B，泄漏 0 B，栈深度 1。'
    )
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

describe('ChartsView from the keyboard', () => {
  it('moves a cursor over the points with the arrow keys, says the value, jumps on Enter', async () => {
    const wrapper = render(4)
    const plot = wrapper.get('[data-chart="fragmentation"] .plot')
    expect(plot.attributes('tabindex')).toBe('0')
    // focusing puts the cursor on the current step's point (step 4: 72 B requested in 112 B)
    await plot.trigger('focus')
    expect(wrapper.get('.cursor-value').attributes('aria-live')).toBe('polite')
    expect(wrapper.get('.cursor-value').text()).toBe(
      'Requested vs. in blocks at step 4: requested bytes 72 B, bytes in blocks 112 B. Enter jumps there.'
    )
    // one point right is step 5, after free(b): 72 − 20 = 52 requested in 112 − 32 = 80
    await plot.trigger('keydown', { key: 'ArrowRight' })
    expect(wrapper.get('.cursor-value').text()).toBe(
      'Requested vs. in blocks at step 5: requested bytes 52 B, bytes in blocks 80 B. Enter jumps there.'
    )
    await plot.trigger('keydown', { key: 'Enter' })
    // Home goes to the first point (step 0), End to the last (step 8); left of 0 stays at 0
    await plot.trigger('keydown', { key: 'Home' })
    await plot.trigger('keydown', { key: 'ArrowLeft' })
    expect(wrapper.get('.cursor-value').text()).toContain('at step 0:')
    await plot.trigger('keydown', { key: ' ' })
    await plot.trigger('keydown', { key: 'End' })
    await plot.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('jump')).toEqual([[5], [0], [8]])
    await plot.trigger('blur')
    expect(wrapper.get('.cursor-value').text()).toBe('')
  })

  it('says the cursor in Chinese', async () => {
    const wrapper = render(2, 'zh-CN')
    const plot = wrapper.get('[data-chart="heap"] .plot')
    await plot.trigger('focus')
    // step 2: the first sbrk made the heap 0x21000 = 135,168 bytes = 132 KiB
    expect(wrapper.get('.cursor-value').text()).toBe(
      '堆大小，第 2 步：堆大小 132 KiB。按 Enter 跳到这一步。'
    )
  })
})

describe('cursorForKey', () => {
  it('moves by one, by ten and to either end within the points', () => {
    expect(cursorForKey('ArrowRight', 3, 9)).toBe(4)
    expect(cursorForKey('ArrowLeft', 0, 9)).toBe(0)
    expect(cursorForKey('PageUp', 3, 9)).toBe(8) // 13 clamped to the last point, 8
    expect(cursorForKey('PageDown', 15, 100)).toBe(5)
    expect(cursorForKey('End', 0, 9)).toBe(8)
    expect(cursorForKey('Home', 7, 9)).toBe(0)
    expect(cursorForKey('x', 7, 9)).toBeNull()
    expect(cursorForKey('ArrowRight', 0, 0)).toBeNull()
  })
})
