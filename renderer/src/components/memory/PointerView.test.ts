// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import PointerView from './PointerView.vue'
import GlobalsView from './GlobalsView.vue'
import {
  danglingPointer,
  emptyHeap,
  leak,
  reusedAddress,
  reusedAddressMarkers,
  threeBlocks
} from './fixtures'
import { memoryI18n } from './fixtures/i18n'
import type { ProcessState, VariableView } from '../../../../shared/state'
import { RunSession } from '../../../../shared/lang/session'
import { formatAddress } from './format'
import { targetText } from './values'
import type { MemoryFormat } from './heapText'

function render(
  component: typeof PointerView | typeof GlobalsView,
  state: ProcessState,
  locale: 'en' | 'zh-CN' = 'en'
) {
  return mount(component, { props: { state }, global: { plugins: [memoryI18n(locale)] } })
}

describe('PointerView', () => {
  it('draws one arrow per pointer, dashed with a cross when dangling, a stub for NULL', () => {
    const wrapper = render(PointerView, danglingPointer)
    const sources = wrapper.findAll('g.source')
    expect(sources).toHaveLength(5)
    expect(wrapper.get('g.source.kind-freed .arrow').attributes('marker-end')).toBe(
      'url(#ml-cross)'
    )
    expect(wrapper.get('g.source.kind-null .arrow').attributes('marker-end')).toBe('url(#ml-null)')
    expect(
      wrapper.findAll('g.source.kind-heap .arrow').map((a) => a.attributes('marker-end'))
    ).toEqual(['url(#ml-arrow)', 'url(#ml-arrow)'])
    // said once: the box read "freed block at 0x5555555592c0 (freed)", and in Chinese
    // "0x… 处已释放的块 (已释放)"
    expect(wrapper.get('g.target.kind-freed').text().replace(/\s+/g, ' ').trim()).toBe(
      '⚠freed block at 0x5555555592c0'
    )
    expect(
      render(PointerView, danglingPointer, 'zh-CN')
        .get('g.target.kind-freed')
        .text()
        .replace(/\s+/g, ' ')
        .trim()
    ).toBe('⚠0x5555555592c0 处已释放的块')
  })

  it('says in words where each pointer points', () => {
    const items = render(PointerView, danglingPointer).findAll('.sentences li')
    expect(items.map((li) => li.text())).toEqual([
      '→ main: a at 0x7fffffffe6e8 points to block at 0x5555555592a0 (heap)',
      '⚠ main: b at 0x7fffffffe6e0 points to freed block at 0x5555555592c0 (dangling: that block was freed)',
      '→ main: c at 0x7fffffffe6d8 points to block at 0x5555555592e0 (heap)',
      '∅ main: none at 0x7fffffffe6d0 points to NULL: points nowhere',
      '→ greeting at 0x555555558018 points to string literal "hello" (read-only data)'
    ])
  })

  it('names heap targets in Chinese, keeping the names the program uses', () => {
    const wrapper = mount(PointerView, {
      props: { state: danglingPointer },
      global: { plugins: [memoryI18n('zh-CN')] }
    })
    const items = wrapper.findAll('.sentences li').map((li) => li.text())
    expect(items[1]).toBe(
      '⚠ main: b（位于 0x7fffffffe6e0）指向 0x5555555592c0 处已释放的块（悬空指针：该块已被释放）'
    )
    expect(items[4]).toContain('string literal "hello"')
  })

  it('marks a live block at a reused address and says why a pointer into it may be dangling', async () => {
    const timeline = { totalSteps: 8, points: [], markers: reusedAddressMarkers }
    const wrapper = mount(PointerView, {
      props: { state: reusedAddress, timeline },
      global: { plugins: [memoryI18n('en')] }
    })
    const reused = wrapper.findAll('g.target.reused')
    expect(reused.map((g) => g.text())).toEqual([
      expect.stringMatching(/⚠\s*block at 0x5555555592c0\s*\(reused\)/)
    ])
    const note = wrapper.get('[data-testid="pointer-reuse"]')
    expect(note.text()).toContain(
      'The block at 0x5555555592c0 was handed out at step 6 (line 9), in memory freed at step 5 (line 8). A pointer that already held this address before step 6 is dangling'
    )
    await note.get('button').trigger('click')
    expect(wrapper.emitted('jump')).toEqual([[5]])
  })

  it('says the same in Chinese', () => {
    const timeline = { totalSteps: 8, points: [], markers: reusedAddressMarkers }
    const wrapper = mount(PointerView, {
      props: { state: reusedAddress, timeline },
      global: { plugins: [memoryI18n('zh-CN')] }
    })
    expect(wrapper.get('[data-testid="pointer-reuse"]').text()).toContain(
      '0x5555555592c0 处的块是在第 6 步（第 9 行）分配的，用的是第 5 步（第 8 行）释放的内存。'
    )
    expect(wrapper.get('g.target.reused').text()).toMatch(/⚠\s*0x5555555592c0 处的块\s*（已重用）/)
  })

  it('marks no reuse without a timeline, nor where none happened', () => {
    expect(
      render(PointerView, reusedAddress).findAll('[data-testid="pointer-reuse"]')
    ).toHaveLength(0)
    const wrapper = mount(PointerView, {
      props: {
        state: threeBlocks,
        timeline: { totalSteps: 8, points: [], markers: reusedAddressMarkers }
      },
      global: { plugins: [memoryI18n('en')] }
    })
    expect(wrapper.findAll('g.target.reused')).toHaveLength(0)
  })

  it('widens the pointers column for a long label, so the text stops before its arrow', () => {
    const rectWidth = (state: ProcessState) =>
      Number(render(PointerView, state).get('g.source rect').attributes('width'))
    expect(rectWidth(danglingPointer)).toBe(208) // 210 less the outline: the usual width
    // `list_append · current 0x5555555592a0`: 8 + 14 × 6.2 + (7 + 14) × 7 + 16 = 257.8 → 258, less 2
    const frame = danglingPointer.frames[0]
    const long = {
      ...danglingPointer,
      frames: [
        {
          ...frame,
          function: 'list_append',
          variables: [{ ...frame.variables[0], name: 'current' }]
        }
      ],
      globals: []
    }
    expect(rectWidth(long)).toBe(256)
  })

  it("draws a list's next pointers, read from the heap while the view is shown, and says them", async () => {
    const source = `#include <stdlib.h>
struct node { int value; struct node *next; };
int main(void) {
  struct node *head = NULL;
  for (int i = 0; i < 3; i++) {
    struct node *n = malloc(sizeof *n);
    n->value = i;
    n->next = head;
    head = n;
  }
  return 0;
}
`
    const session = new RunSession(source, { file: 'list.c' })
    session.runToLine(11)
    let reads = 0
    const readMemory = async (address: number, length: number) => {
      reads++
      return session.readMemory(address, length)
    }
    const wrapper = mount(PointerView, {
      props: { state: session.state(), readMemory, active: false },
      global: { plugins: [memoryI18n('en')] }
    })
    await flushPromises()
    expect(reads).toBe(0) // a hidden tab reads nothing
    await wrapper.setProps({ active: true })
    await flushPromises()
    expect(reads).toBe(1) // three 16-byte nodes 32 bytes apart: one request
    // nodes at 0x5555555592a0, …2c0, …2e0 (glibc, after its 0x290-byte tcache chunk); head is
    // the last, and each node's next (+8) holds the one before; node 0's is NULL
    const items = wrapper.findAll('.sentences li').map((li) => li.text())
    expect(items.slice(-2)).toEqual([
      '→ the block at 0x5555555592e0 holds at +8 a pointer to block at 0x5555555592c0 (heap)',
      '→ the block at 0x5555555592c0 holds at +8 a pointer to block at 0x5555555592a0 (heap)'
    ])
    expect(wrapper.findAll('g.source').at(-1)?.text()).toMatch(/^block 0x5555555592c0\s*\+8$/)
    expect(wrapper.get('.stored-note').text()).toContain('as a leak checker finds them')
    const zh = mount(PointerView, {
      props: { state: session.state(), readMemory, active: true },
      global: { plugins: [memoryI18n('zh-CN')] }
    })
    await flushPromises()
    expect(zh.findAll('.sentences li').at(-1)?.text()).toBe(
      '→ 0x5555555592c0 处的块在 +8 处存放着一个指针，指向 0x5555555592a0 处的块（堆）'
    )
  })

  it('says so when there are no pointers', () => {
    const state = { ...emptyHeap, globals: [], frames: [{ ...emptyHeap.frames[0], variables: [] }] }
    expect(render(PointerView, state).text()).toContain('No pointer variables at this step.')
  })
})

describe('GlobalsView', () => {
  it('sorts globals into .data, .bss and .rodata with the literals where they live', () => {
    const wrapper = render(GlobalsView, threeBlocks)
    const data = wrapper.get('.section-data')
    expect(data.text()).toContain('counter')
    expect(data.text()).toContain('0x555555558010')
    expect(data.text()).toContain('greeting')
    // zeros at 0x555555558070 is past .data's end 0x555555558060: .bss
    expect(wrapper.get('.section-bss').text()).toContain('zeros')
    const literal = wrapper.get('.section-rodata .literal')
    expect(literal.text()).toContain('"hello"')
    expect(literal.text()).toContain('0x555555556004')
    expect(literal.text()).toContain('char[6]') // 5 letters + the terminating NUL
  })

  it('escapes control characters in literals as C would write them', () => {
    expect(render(GlobalsView, leak).get('.literal').text()).toContain('"done\\n"')
  })

  it("names every kind of target in Chinese from a real run, keeping the program's names", () => {
    // Each pointer below points where its initializer says; at `return 0` the classifier must
    // name the same thing: local in main, the global, main's static, the literal, two bytes
    // into counter, address 8 (never mapped), four bytes into main's code.
    const source = `struct node { int value; struct node *next; };
int counter = 5;
int main(void) {
  static int calls;
  struct node local = { 1, 0 };
  struct node *head = &local;
  int *g = &counter;
  int *s = &calls;
  const char *msg = "hi";
  char *mid = (char *)&counter + 2;
  long *wild = (long *)8;
  char *code = (char *)main + 4;
  return 0;
}
`
    const session = new RunSession(source, { file: 'targets.c' })
    session.runToLine(13)
    const state = session.state()
    const variables = new Map<string, VariableView>(
      state.frames[0].variables.map((v) => [v.name, v])
    )
    const said = (language: 'en' | 'zh-CN') => {
      const format = {
        t: memoryI18n(language).global.t,
        address: formatAddress
      } as unknown as MemoryFormat
      return ['head', 'g', 's', 'msg', 'mid', 'wild', 'code'].map((name) => {
        const value = variables.get(name)?.value
        return value?.kind === 'pointer' ? targetText(value.target, format) : `${name}?`
      })
    }
    expect(said('en')).toEqual([
      'local in main',
      'global counter',
      'static main.calls',
      'string literal "hi"',
      'global counter (+2)',
      '0x8 (nothing valid there)',
      'inside main'
    ])
    expect(said('zh-CN')).toEqual([
      'main 中的 local',
      '全局变量 counter',
      '静态变量 main.calls',
      '字符串字面量 "hi"',
      '全局变量 counter (+2)',
      '0x8（那里没有有效的内存）',
      'main 内部'
    ])
  })
})
