// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import AddressSpaceMap from './AddressSpaceMap.vue'
import { deepStack, emptyHeap, stackOverflow, threeBlocks, leak } from './fixtures'
import { memoryI18n } from './fixtures/i18n'
import type { ProcessState } from '../../../../shared/state'

function render(state = threeBlocks, locale: 'en' | 'zh-CN' = 'en') {
  return mount(AddressSpaceMap, { props: { state }, global: { plugins: [memoryI18n(locale)] } })
}

describe('AddressSpaceMap', () => {
  it('lists every segment with start, end, size and permissions in its accessible name', () => {
    const wrapper = render()
    const heap = wrapper.get('g[data-kind="heap"]')
    // heap 0x555555559000..0x55555557a000 = 0x21000 = 135,168 bytes = 132 KiB
    expect(heap.attributes('aria-label')).toBe(
      'heap: 0x555555559000 to 0x55555557a000, 132 KiB, permissions rw-'
    )
    const text = wrapper.get('g[data-kind="text"]')
    expect(text.attributes('aria-label')).toBe(
      'text (code): 0x555555555000 to 0x555555556000, 4 KiB, permissions r-x'
    )
    expect(
      wrapper.findAll('g[role="listitem"]').every((g) => g.attributes('tabindex') === '0')
    ).toBe(true)
  })

  it('writes each address at the edge it names: a segment starts at its bottom edge', () => {
    const wrapper = render()
    const startOf = (kind: string) =>
      wrapper.get(`g[data-kind="${kind}"] text[data-edge="start"]`).text()
    // text is 0x555555555000..0x555555556000: its row reads where it starts, as the lesson asks
    // and as the byte inspector's .data button jumps to the data segment's start
    expect(startOf('text')).toBe('0x555555555000')
    const data = threeBlocks.segments.find((s) => s.name === 'data')!
    expect(startOf('data')).toBe(`0x${data.start.toString(16)}`)
    expect(startOf('heap')).toBe('0x555555559000')
    // the stack in use starts at rsp; the top of the space is written once, above the bar
    expect(startOf('stack')).toBe('0x7fffffffe6d0')
    const ends = wrapper.findAll('text[data-edge="end"]')
    expect(ends.map((e) => e.text())).toEqual(['0x7ffffffff000'])
    // the edge between two bands carries one address: the upper band's start
    const bands = wrapper.findAll('g[role="listitem"]')
    expect(bands.every((g) => g.findAll('text.address').length === (g === bands[0] ? 2 : 1))).toBe(
      true
    )
  })

  it('draws the bands high addresses first, with the guard gap under the stack', () => {
    const kinds = render()
      .findAll('g[role="listitem"]')
      .map((g) => g.attributes('data-kind'))
    expect(kinds.slice(0, 3)).toEqual(['stack', 'stack-room', 'guard'])
    expect(kinds[kinds.length - 2]).toBe('text')
  })

  it('says the scale is broken and shows a hovered band in text', async () => {
    const wrapper = render()
    expect(wrapper.get('.details').text()).toContain('Not to scale')
    await wrapper.get('g[data-kind="stack"]').trigger('mouseenter')
    // in use: rsp 0x7fffffffe6d0 to the top 0x7ffffffff000 = 0x930 = 2,352 bytes ≈ 2.3 KiB
    expect(wrapper.get('.details').text()).toBe(
      'stack in use: 0x7fffffffe6d0 (rsp) to 0x7ffffffff000 (the top), 2.3 KiB, permissions rw-'
    )
    await wrapper.get('g[data-kind="stack-room"]').trigger('mouseenter')
    // the limit 0x7fffff7ff000 up to rsp: 8 MiB − 2,352 bytes = 8,386,256 bytes ≈ 8.0 MiB
    expect(wrapper.get('.details').text()).toBe(
      'room for the stack to grow: 0x7fffff7ff000 (the stack limit) to 0x7fffffffe6d0, 8 MiB reserved and not used yet'
    )
    await wrapper.get('g[data-kind="guard"]').trigger('mouseenter')
    // 256 pages of 4 KiB below the limit
    expect(wrapper.get('.details').text()).toBe(
      'guard gap: 0x7fffff6ff000 to 0x7fffff7ff000, 1 MiB below the stack limit where nothing may be mapped'
    )
  })

  it('names the program break and the stack limit', () => {
    const note = render().get('.note').text()
    expect(note).toContain('program break: 0x55555557a000')
    expect(note).toContain('stack limit: 0x7fffff7ff000') // 0x7ffffffff000 − 8 MiB
    // in Chinese with its own colon (an ASCII ':' followed the translated label)
    const zh = render(threeBlocks, 'zh-CN').get('.note').text()
    expect(zh).toContain('程序断点 (program break)：0x55555557a000')
    expect(zh).toContain('栈上限：0x7fffff7ff000')
    expect(zh).not.toContain(':')
  })

  it('explains an empty heap', () => {
    const heap = render(emptyHeap).get('g[data-kind="heap"]')
    expect(heap.attributes('aria-label')).toBe(
      'heap: empty, the program break is still at the heap start 0x555555559000'
    )
  })

  it('lists the segments as a table, in Chinese too', () => {
    const wrapper = render(leak, 'zh-CN')
    const rows = wrapper.findAll('tbody tr')
    // classroom: stack, stack-room, guard, heap, bss, data, rodata, text
    expect(rows.map((r) => r.attributes('data-kind'))).toEqual([
      'stack',
      'stack-room',
      'guard',
      'heap',
      'bss',
      'data',
      'rodata',
      'text'
    ])
    expect(rows[3].text()).toContain('堆 (heap)')
    expect(rows[3].text()).toContain('1 KiB') // 0x2000..0x2400
  })
})

describe('AddressSpaceMap: the stack grows', () => {
  const heightOf = (wrapper: ReturnType<typeof render>, kind: string) =>
    Number.parseFloat(
      wrapper.get(`g[data-kind="${kind}"] rect.fill`).attributes('style')!.split('height:')[1]
    )

  it('draws the stack in use taller as recursion deepens', () => {
    // main alone: 2,352 bytes (under a page) → 22 px; 200,000 frames use 6.1 MiB (1,562
    // pages) → 22 + 9·log2(1562) = 22 + 95.5, capped at 96 px
    expect(heightOf(render(threeBlocks), 'stack')).toBe(22)
    expect(heightOf(render(deepStack), 'stack')).toBe(96)
  })

  it('leaves no room to grow once the stack has overflowed its limit', () => {
    const wrapper = render(stackOverflow)
    expect(wrapper.find('g[data-kind="stack-room"]').exists()).toBe(false)
    expect(wrapper.get('g[data-kind="stack"]').attributes('aria-label')).toBe(
      // rsp 0x7fffff7feff0 is 16 bytes below the limit 0x7fffff7ff000
      'stack in use: all of it, 0x7fffff7ff000 (the stack limit) to 0x7ffffffff000 (the top), 8 MiB; rsp 0x7fffff7feff0 has gone past the limit'
    )
  })

  it('draws no rsp line once the process has exited, and says why the stack is empty', async () => {
    const exited: ProcessState = {
      ...threeBlocks,
      frames: [],
      frameCount: 0,
      stackPointer: threeBlocks.stackTop,
      exit: { status: 0, line: 9 }
    }
    expect(render().find('g.rsp').exists()).toBe(true)
    const wrapper = render(exited)
    expect(wrapper.find('g.rsp').exists()).toBe(false)
    // its row no longer reads "stack ↓ 0 B", as if an empty stack were still there
    expect(wrapper.get('g[data-kind="stack"] text.name').text()).toBe(
      'stack: gone, the process exited'
    )
    expect(render().get('g[data-kind="stack"] text.name').text()).toMatch(/^stack ↓/)
    await wrapper.get('g[data-kind="stack"]').trigger('mouseenter')
    expect(wrapper.get('.details').text()).toBe(
      'stack: the process has exited, so it has no stack any more and no rsp; 0x7ffffffff000 was its top'
    )
    // a process killed by a signal keeps its last %rsp (the overflow's, past the limit)
    expect(render(stackOverflow).find('g.rsp').exists()).toBe(true)
  })
})
