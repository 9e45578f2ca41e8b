// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import TimeScrubber from './TimeScrubber.vue'
import { longTimeline, threeBlocksTimeline } from './fixtures'
import { memoryI18n } from './fixtures/i18n'
import { markGlyphs, stepAtX, stepCss, stepForKey, stepPercent, stepX } from './scrubber'
import { endMarker, heapCallMarker, misuseMarker, type Timeline } from '../../../../shared/state'
import type { MisuseEvent } from '../../../../shared/sim/types'

function render(timeline: Timeline, step: number, locale: 'en' | 'zh-CN' = 'en') {
  return mount(TimeScrubber, {
    props: { timeline, step },
    global: { plugins: [memoryI18n(locale)] }
  })
}

describe('scrubber arithmetic', () => {
  it('moves by one, by 100, and to either end, within 0..last', () => {
    expect(stepForKey('ArrowRight', 5, 1000)).toBe(6)
    expect(stepForKey('ArrowLeft', 0, 1000)).toBe(0)
    expect(stepForKey('PageUp', 950, 1000)).toBe(1000)
    expect(stepForKey('PageDown', 250, 1000)).toBe(150)
    expect(stepForKey('PageDown', 50, 1000)).toBe(0)
    expect(stepForKey('End', 3, 1000)).toBe(1000)
    expect(stepForKey('Home', 3, 1000)).toBe(0)
    expect(stepForKey('a', 3, 1000)).toBeNull()
  })

  it('maps pointer positions to steps', () => {
    // steps 0..8 over 800 px, 7 px in from either end: 786 px, 98.25 px a step
    expect(stepAtX(400, 800, 8)).toBe(4)
    expect(stepAtX(-20, 800, 8)).toBe(0)
    expect(stepAtX(900, 800, 8)).toBe(8)
    expect(stepAtX(7, 800, 8)).toBe(0)
    expect(stepAtX(793, 800, 8)).toBe(8)
    // step 1 at 105.25 px: 57 px is still step 0, 57 px is nearer 1 than 0 (56.1 half way)
    expect(stepAtX(56, 800, 8)).toBe(0)
    expect(stepAtX(57, 800, 8)).toBe(1)
    expect(stepPercent(4, 8)).toBe(50)
  })

  it("keeps step 0 and the last step 7 px in from the track's ends, where the widest thumb fits", () => {
    // the thumb wearing a ! is 13 px wide: centred at 7 px it spans 0.5..13.5, inside the track
    expect(stepX(0, 8, 800)).toBe(7)
    expect(stepX(8, 8, 800)).toBe(793)
    expect(stepX(4, 8, 800)).toBe(400)
    expect(stepCss(8, 8)).toBe('calc(7px + (100% - 14px) * 1)')
    expect(stepCss(2, 8)).toBe('calc(7px + (100% - 14px) * 0.25)')
  })
})

describe('TimeScrubber', () => {
  it('says where the marks stop when the timeline kept only its first 5,000', () => {
    // 5,000 mallocs at steps 3, 6, …, 15,000 (the most a timeline keeps), then the exit at 40,000
    const marks = (n: number) => ({
      totalSteps: 40_000,
      points: [],
      markers: [
        ...Array.from({ length: n }, (_, i) =>
          heapCallMarker(3 * (i + 1), 'malloc', 0x1000 + 32 * i)
        ),
        endMarker(40_000, { status: 0 })
      ]
    })
    const full = render(marks(5000), 20_000)
    expect(full.get('[data-testid="marks-end"]').text()).toBe(
      'Marks show the run’s first 5,000 heap calls and reports only, up to step 15,000; the run goes on calling past them. Faults and the exit are always marked.'
    )
    expect(render(marks(5000), 0, 'zh-CN').get('[data-testid="marks-end"]').text()).toContain(
      '前 5,000 次堆调用和报告，到第 15,000 步为止'
    )
    expect(render(marks(4999), 20_000).find('[data-testid="marks-end"]').exists()).toBe(false)
  })

  it('stands at the step asked for while its state is on its way, and counts key presses from there', async () => {
    // Shown: step 500; the learner already pressed Left three times (497 asked for).
    const wrapper = mount(TimeScrubber, {
      props: { timeline: longTimeline, step: 500, requested: 497 },
      global: { plugins: [memoryI18n('en')] }
    })
    const slider = wrapper.get('[role="slider"]')
    expect(slider.attributes('aria-valuenow')).toBe('497')
    await slider.trigger('keydown', { key: 'ArrowLeft' })
    expect(wrapper.emitted('jump')).toEqual([[496]])
    // The state arrives: the slider follows the step shown.
    await wrapper.setProps({ step: 496, requested: null })
    expect(slider.attributes('aria-valuenow')).toBe('496')
  })

  it('is a slider with the step as its value and the markers of the step in its text', () => {
    const slider = render(threeBlocksTimeline, 5).get('[role="slider"]')
    expect(slider.attributes('aria-valuenow')).toBe('5')
    expect(slider.attributes('aria-valuemax')).toBe('8')
    expect(slider.attributes('aria-valuetext')).toBe('step 5 of 8: free(0x5555555592c0)')
    expect(slider.attributes('tabindex')).toBe('0')
  })

  it('emits jumps for arrow and page keys', async () => {
    const wrapper = render(longTimeline, 500)
    const slider = wrapper.get('[role="slider"]')
    await slider.trigger('keydown', { key: 'ArrowRight' })
    await slider.trigger('keydown', { key: 'ArrowLeft' })
    await slider.trigger('keydown', { key: 'PageUp' })
    await slider.trigger('keydown', { key: 'PageDown' })
    await slider.trigger('keydown', { key: 'x' })
    expect(wrapper.emitted('jump')).toEqual([[501], [499], [600], [400]])
  })

  it('places a mark per event kind at its step, one per pixel and kind', () => {
    // threeBlocksTimeline over steps 0..8 on an 800 px track, 7 px in from either end: 98.25 px a step
    const glyphs = markGlyphs(
      threeBlocksTimeline.markers.map((m, i, all) => ({
        step: m.step,
        kind: m.kind,
        row: all.slice(0, i).filter((o) => o.step === m.step).length
      })),
      8,
      800
    )
    expect(glyphs).toEqual([
      // step 2: 7 + 196.5 px
      { x: 204, row: 0, kind: 'brk' },
      { x: 204, row: 1, kind: 'malloc' },
      // step 3: 7 + 294.75 px
      { x: 302, row: 0, kind: 'malloc' },
      { x: 400, row: 0, kind: 'malloc' },
      // free(b) at step 5 of 0..8: 7 + 491.25 px
      { x: 498, row: 0, kind: 'free' },
      // the exit's ■ at 793 px, whole inside the track (at 800 px its right half was cut off)
      { x: 793, row: 0, kind: 'exit' }
    ])
    // 5,000 mallocs 3 steps apart over 40,000 steps on 700 px: 375 pixels hold them, one mark each
    const many = Array.from({ length: 5000 }, (_, i) => ({
      step: 3 * (i + 1),
      kind: 'malloc',
      row: 0
    }))
    const drawn = markGlyphs(many, 40_000, 700)
    expect(drawn).toHaveLength(
      new Set(many.map((m) => Math.round(7 + (m.step / 40_000) * 686))).size
    )
    expect(drawn.length).toBeLessThan(400)
    expect(drawn[drawn.length - 1]).toEqual({
      // 7 + 257.25 px
      x: 264,
      row: 0,
      kind: 'malloc'
    })
  })

  it('draws its marks on one canvas, not one element each', () => {
    const wrapper = render(threeBlocksTimeline, 0)
    expect(wrapper.findAll('.track canvas')).toHaveLength(1)
    expect(wrapper.find('.track .marker').exists()).toBe(false)
  })
})

describe('scrubber marker labels', () => {
  it('gives each marker of a run its message and parameters, beside the English label', () => {
    const malloc = heapCallMarker(2, 'malloc', 0x5555555592a0)
    expect(malloc.label).toBe('malloc → 0x5555555592a0')
    expect(malloc.reason).toEqual({
      key: 'malloc',
      params: { address: '0x5555555592a0' }
    })
    expect(heapCallMarker(5, 'free', 0x5555555592a0).reason).toEqual({
      key: 'free',
      params: { address: '0x5555555592a0' }
    })
    expect(heapCallMarker(2, 'brk', 0x555555559000).reason).toEqual({
      key: 'brk',
      params: { address: '0x555555559000' }
    })
    expect(endMarker(8, { status: 3 }).reason).toEqual({
      key: 'exit',
      params: { status: '3' }
    })
    expect(endMarker(8, null).reason).toEqual({ key: 'end', params: {} })
    expect(endMarker(8, { signal: 'SIGSEGV', code: 'SEGV_MAPERR' }).reason).toEqual({
      key: 'signalCode',
      params: { signal: 'SIGSEGV', code: 'SEGV_MAPERR' }
    })
    expect(endMarker(8, { signal: 'SIGABRT' }).reason).toEqual({
      key: 'signal',
      params: { signal: 'SIGABRT' }
    })
    // a lesson's checkpoint is already in the learner's words: shown as it is
    const checkpoint: Timeline = {
      ...threeBlocksTimeline,
      markers: [{ step: 3, kind: 'checkpoint', label: 'Predict the break' }]
    }
    expect(render(checkpoint, 3).get('[role="slider"]').attributes('aria-valuetext')).toBe(
      'step 3 of 8: Predict the break'
    )
  })

  it('says the markers of the step in Chinese', () => {
    const timeline: Timeline = {
      ...threeBlocksTimeline,
      markers: [
        ...threeBlocksTimeline.markers.filter((m) => m.kind !== 'exit'),
        endMarker(8, { signal: 'SIGSEGV', code: 'SEGV_MAPERR' }, 9)
      ]
    }
    const at = (step: number) =>
      render(timeline, step, 'zh-CN').get('[role="slider"]').attributes('aria-valuetext')
    expect(at(2)).toBe('第 2 步，共 8 步：sbrk 返回 0x555555559000，malloc 返回 0x5555555592a0')
    expect(at(5)).toBe('第 5 步，共 8 步：free(0x5555555592c0) 释放')
    expect(at(8)).toBe('第 8 步，共 8 步：被信号 SIGSEGV 终止（SEGV_MAPERR）')
  })

  it('says a misuse the checker reported at its step, in both languages', () => {
    // each kind's sentence, from the markers the session makes (session-misuse-markers.test)
    const at = (kind: MisuseEvent['kind'], locale: 'en' | 'zh-CN') => {
      const marker = misuseMarker({ kind, step: 3, line: 5, address: 0x5555555592a4, message: '' })
      const timeline: Timeline = { totalSteps: 5, points: [], markers: marker ? [marker] : [] }
      return render(timeline, 3, locale).get('[role="slider"]').attributes('aria-valuetext')
    }
    expect(at('use-after-free', 'en')).toBe('step 3 of 5: use after free at 0x5555555592a4')
    expect(at('heap-overflow', 'en')).toBe('step 3 of 5: heap buffer overflow at 0x5555555592a4')
    expect(at('double-free', 'en')).toBe('step 3 of 5: double free of 0x5555555592a4')
    expect(at('invalid-free', 'en')).toBe(
      'step 3 of 5: free(0x5555555592a4) of an address malloc never returned'
    )
    expect(at('uninitialized-read', 'en')).toBe(
      'step 3 of 5: read of uninitialized memory at 0x5555555592a4'
    )
    expect(at('use-after-free', 'zh-CN')).toBe('第 3 步，共 5 步：释放后使用 0x5555555592a4')
    expect(at('heap-overflow', 'zh-CN')).toBe('第 3 步，共 5 步：0x5555555592a4 处堆缓冲区溢出')
    // a leak, found at the exit, has no marker of its own
    expect(at('leak', 'en')).toBe('step 3 of 5')
  })

  it('wears the ! of a misuse on its thumb at that step, where the track mark is under it', () => {
    const misuse = misuseMarker({
      kind: 'use-after-free',
      step: 3,
      line: 5,
      address: 0x5555555592a4,
      message: ''
    })
    const timeline: Timeline = {
      totalSteps: 5,
      points: [],
      markers: [heapCallMarker(1, 'malloc', 0x5555555592a0, 3), ...(misuse ? [misuse] : [])]
    }
    const thumb = (step: number) => render(timeline, step).get('.thumb')
    expect(thumb(3).text()).toBe('!')
    expect(thumb(3).classes()).toContain('marked')
    // a malloc's mark is not a warning: the thumb stays plain there, and one step either side
    for (const step of [1, 2, 4]) {
      expect(thumb(step).text(), `step ${step}`).toBe('')
      expect(thumb(step).classes(), `step ${step}`).not.toContain('marked')
    }
  })

  it('names its keys in Chinese in the Chinese hint, the key caps only in brackets', () => {
    const hint = render(threeBlocksTimeline, 0, 'zh-CN').get('#ml-scrubber-keys').text()
    for (const key of ['方向键', '上翻页键', '下翻页键', '起始键', '结束键'])
      expect(hint).toContain(key)
    // Latin letters only as the caps printed on the keys, in brackets after their names.
    expect(hint.replace(/（(PgUp|PgDn|Home|End)）/g, '')).not.toMatch(/[A-Za-z]/)
  })

  it('says NULL for a malloc that failed and a free of NULL, not 0x0', () => {
    // a fixed-size pool of 32-byte slots cannot serve malloc(40): it returns NULL
    const timeline: Timeline = {
      totalSteps: 3,
      points: [],
      markers: [heapCallMarker(1, 'malloc', 0, 4), heapCallMarker(2, 'free', 0, 5)]
    }
    const at = (step: number, locale: 'en' | 'zh-CN' = 'en') =>
      render(timeline, step, locale).get('[role="slider"]').attributes('aria-valuetext')
    expect(at(1)).toBe('step 1 of 3: malloc → NULL, no block')
    expect(at(2)).toBe('step 2 of 3: free(NULL), which does nothing')
    expect(at(1, 'zh-CN')).toBe('第 1 步，共 3 步：malloc 返回 NULL，没有分配到块')
  })

  it("says a malloc of stdout's or stdin's buffer is the C library's, not the program's", () => {
    const timeline: Timeline = {
      totalSteps: 3,
      points: [],
      markers: [
        heapCallMarker(1, 'malloc', 0x5555555592a0, 4, 0, 'stdout'),
        heapCallMarker(2, 'malloc', 0x5555555596b0, 5, 0, 'stdin')
      ]
    }
    const slider = (step: number, locale: 'en' | 'zh-CN' = 'en') =>
      render(timeline, step, locale).get('[role="slider"]')
    expect(slider(1).attributes('aria-valuetext')).toBe(
      "step 1 of 3: stdout's buffer → 0x5555555592a0: the C library's own malloc, at the program's first output, not a malloc of the program"
    )
    expect(slider(2).attributes('aria-valuetext')).toBe(
      "step 2 of 3: stdin's buffer → 0x5555555596b0: the C library's own malloc, at the program's first read, not a malloc of the program"
    )
    expect(slider(1, 'zh-CN').attributes('aria-valuetext')).toBe(
      '第 1 步，共 3 步：stdout 的缓冲区，位于 0x5555555592a0：C 库在程序第一次输出时自己 malloc 的，不是程序调用的 malloc'
    )
    // the label under the track says the same as the slider's value
    const wrapper = render(timeline, 1)
    expect(wrapper.get('.labels .now').text()).toContain("the C library's own malloc")
    // a malloc the C library could not make is still said as NULL
    expect(heapCallMarker(1, 'malloc', 0, 4, 0, 'stdout').reason?.key).toBe('malloc')
  })

  it('marks a realloc with both blocks and says whether it moved, stayed or failed', () => {
    const timeline: Timeline = {
      totalSteps: 4,
      points: [],
      markers: [
        heapCallMarker(1, 'realloc', 0x5555555592e0, 6, 0x5555555592a0),
        heapCallMarker(2, 'realloc', 0x5555555592e0, 7, 0x5555555592e0),
        heapCallMarker(3, 'realloc', 0, 8, 0x5555555592e0)
      ]
    }
    const at = (step: number, locale: 'en' | 'zh-CN' = 'en') =>
      render(timeline, step, locale).get('[role="slider"]').attributes('aria-valuetext')
    expect(at(1)).toBe(
      'step 1 of 4: realloc(0x5555555592a0) → 0x5555555592e0, the block moved and 0x5555555592a0 is freed'
    )
    expect(at(2)).toBe(
      'step 2 of 4: realloc(0x5555555592e0) → 0x5555555592e0, the block grew or shrank in place'
    )
    expect(at(3)).toBe(
      'step 3 of 4: realloc(0x5555555592e0) → NULL, no block: 0x5555555592e0 is kept'
    )
    expect(at(1, 'zh-CN')).toBe(
      '第 1 步，共 4 步：realloc(0x5555555592a0) 返回 0x5555555592e0：块搬走了，0x5555555592a0 被释放'
    )
    // its own mark and legend entry, in malloc's colour; step 1 of 4 at 7 + 96.5 px
    expect(markGlyphs([{ step: 1, kind: 'realloc', row: 0 }], 4, 400)).toEqual([
      { x: 104, row: 0, kind: 'realloc' }
    ])
    const legend = render(timeline, 0).get('.legend .marker-realloc')
    expect(legend.text()).toBe('△ realloc')
  })

  it('says an ordinary exit in English', () => {
    expect(render(threeBlocksTimeline, 8).get('[role="slider"]').attributes('aria-valuetext')).toBe(
      'step 8 of 8: exited with status 0'
    )
  })

  it('says "of 4+" while the program has not ended, as the run controls do', () => {
    // a lesson paused before line 13: 4 steps recorded so far, more to come
    const paused: Timeline = { totalSteps: 4, points: [], markers: [] }
    const mountPaused = (finished: boolean, locale: 'en' | 'zh-CN' = 'en') =>
      mount(TimeScrubber, {
        props: { timeline: paused, step: 4, finished },
        global: { plugins: [memoryI18n(locale)] }
      })
    expect(mountPaused(false).get('.now').text()).toBe('step 4 of 4+')
    expect(mountPaused(false).get('[role="slider"]').attributes('aria-valuetext')).toBe(
      'step 4 of 4+'
    )
    expect(mountPaused(false, 'zh-CN').get('.now').text()).toBe('第 4 步，共 4+ 步')
    expect(mountPaused(true).get('.now').text()).toBe('step 4 of 4')
    expect(render(paused, 4).get('.now').text()).toBe('step 4 of 4')
  })
})
