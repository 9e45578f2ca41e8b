// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import StackView from './StackView.vue'
import { danglingPointer, deepStack, emptyHeap, stackOverflow, threeBlocks } from './fixtures'
import { memoryI18n } from './fixtures/i18n'
import type { ProcessState } from '../../../../shared/state'

function render(state: ProcessState, locale: 'en' | 'zh-CN' = 'en') {
  return mount(StackView, { props: { state }, global: { plugins: [memoryI18n(locale)] } })
}

describe('StackView', () => {
  it('shows the registers and main with its locals', () => {
    const wrapper = render(threeBlocks)
    expect(wrapper.get('.registers').text()).toContain('%rsp = 0x7fffffffe6d0')
    expect(wrapper.get('.registers').text()).toContain('%rbp = 0x7fffffffe6f0')
    const rows = wrapper.findAll('tbody tr')
    expect(rows).toHaveLength(3)
    expect(rows[0].text()).toContain('a')
    expect(rows[0].text()).toContain('char *')
    expect(rows[0].text()).toContain('0x7fffffffe6e8')
    expect(rows[0].text()).toContain('0x5555555592a0')
  })

  it('shows the callee-saved registers a frame pushed below its saved %rbp', () => {
    // fib(n - 1) + fib(n - 2) at -O0: the first result waits in %rbx across the second call, so
    // fib pushes the caller's %rbx right after %rbp, at %rbp - 8.
    const frame = threeBlocks.frames[threeBlocks.frames.length - 1]
    const state: ProcessState = {
      ...threeBlocks,
      frames: [
        ...threeBlocks.frames.slice(0, -1),
        { ...frame, savedRegisters: [{ register: 'rbx', address: frame.framePointer - 8 }] }
      ]
    }
    const slot = `0x${(frame.framePointer - 8).toString(16)}`
    const en = render(state).get('dl').text()
    expect(en).toContain('saved %rbx')
    expect(en).toContain(slot)
    expect(en).toContain("the caller's %rbx, pushed because this function keeps a value in it")
    const zh = render(state, 'zh-CN').get('dl').text()
    expect(zh).toContain('保存的 %rbx')
    expect(zh).toContain(slot)
    expect(render(threeBlocks).text()).not.toContain('saved %rbx')
  })

  it("gives a frame's size to the byte, labelled, in both languages", () => {
    // down(int n) { char buf[1024]; ... } at -O0: sub $0x410, %rsp, so %rbp - %rsp = 1,040 and
    // the frame, with the saved %rbp and the return address above %rbp, is 1,040 + 16 = 1,056 B
    // (it was shown rounded as "1 KiB", though the lesson reasons with 1,056).
    const frame = threeBlocks.frames[threeBlocks.frames.length - 1]
    const state: ProcessState = {
      ...threeBlocks,
      frames: [
        ...threeBlocks.frames.slice(0, -1),
        { ...frame, stackPointer: frame.framePointer - 0x410 }
      ]
    }
    const sizes = (locale: 'en' | 'zh-CN') =>
      render(state, locale)
        .findAll('[data-testid="frame-size"]')
        .map((s) => s.text())
    expect(sizes('en').at(-1)).toBe('frame 1,056 B')
    expect(sizes('zh-CN').at(-1)).toBe('栈帧 1,056 B')
  })

  it('labels what lies above main: libc start-up frames, argc, argv, envp, auxv, strings', () => {
    // ./prog without arguments under env -i (shared/lang/process-start.ts): libc's frames from
    // main's entry %rsp 0x7fffffffed28 to argc at 0x7fffffffee30 (0x108 bytes), argv[0] and
    // NULL (16 bytes), envp's NULL (8), 23 auxv pairs (0x170), strings up to the top.
    const state: ProcessState = {
      ...threeBlocks,
      processStart: [
        { kind: 'libc-start', start: 0x7fffffffed28, end: 0x7fffffffee30 },
        { kind: 'argc', start: 0x7fffffffee30, end: 0x7fffffffee38 },
        { kind: 'argv', start: 0x7fffffffee38, end: 0x7fffffffee48 },
        { kind: 'envp', start: 0x7fffffffee48, end: 0x7fffffffee50 },
        { kind: 'auxv', start: 0x7fffffffee50, end: 0x7fffffffefc0 },
        { kind: 'strings', start: 0x7fffffffefea, end: 0x7ffffffff000 }
      ]
    }
    const card = render(state).get('li.start-up')
    expect(card.text()).toContain('Above main')
    expect(card.findAll('dt').map((d) => d.text())).toEqual([
      "libc's start-up frames (_start, __libc_start_main)",
      'argc',
      'argv[]: pointers to the arguments, then NULL',
      'envp[]: pointers to the environment, then NULL',
      "auxiliary vector: the kernel's facts for the loader",
      'the argument and environment strings'
    ])
    expect(card.text()).toContain('0x7fffffffee38')
    // The card comes after main's: the list runs from the top of the stack (lowest) upwards.
    const items = render(state).findAll('ol.frames > li')
    expect(items[items.length - 1].classes()).toContain('start-up')
    expect(render(state, 'zh-CN').get('li.start-up').text()).toContain('辅助向量')
    expect(render(threeBlocks).find('li.start-up').exists()).toBe(false)
  })

  it('says locals are uninitialized before they are assigned', () => {
    const values = render(emptyHeap).findAll('td.value')
    expect(values.map((v) => v.text())).toEqual(['uninitialized', 'uninitialized', 'uninitialized'])
  })

  it('marks a dangling pointer and a NULL pointer differently', () => {
    const wrapper = render(danglingPointer)
    const dangling = wrapper.get('tr.pointer-freed')
    expect(dangling.text()).toContain('dangling: that block was freed')
    expect(dangling.text()).toContain('⚠')
    const nullRow = wrapper.get('tr.pointer-null')
    expect(nullRow.text()).toContain('NULL')
    expect(nullRow.text()).toContain('∅')
    expect(nullRow.text()).toContain('points nowhere')
    expect(wrapper.findAll('tr.pointer-heap')).toHaveLength(2)
  })

  it('collapses 200,000 frames into the elided sentence with depth and stack use', () => {
    const wrapper = render(deepStack)
    // main + 6 kept fact frames = 7 cards; 200,000 − 7 = 199,993 elided
    expect(wrapper.findAll('li.frame')).toHaveLength(7)
    expect(wrapper.get('.elided-text').text()).toBe('… 199,993 more frames of fact …')
    // 199,993 × 32 = 6,399,776 B = 6.1 MiB
    expect(wrapper.get('.elided-bytes').text()).toContain('6.1 MiB')
    // used = 0x7ffffffff000 − (0x7fffffffe6d0 − 32 × 199,999) = 2,352 + 6,399,968 = 6,402,320 B
    expect(wrapper.get('.usage').text()).toBe(
      'Depth 200,000: 6.1 MiB of the 8 MiB stack limit used'
    )
    expect(wrapper.get('[role="meter"]').attributes('aria-valuenow')).toBe('6402320')
  })

  it('puts the top of the stack first and the elided run between outer and inner frames', () => {
    const items = render(deepStack).findAll('ol.frames > li')
    const labels = items.map((li) =>
      li.classes().includes('elided') ? 'elided' : li.attributes('aria-label')
    )
    expect(labels).toEqual([
      'Frame of fact, depth 199,999',
      'Frame of fact, depth 199,998',
      'Frame of fact, depth 199,997',
      'elided',
      'Frame of fact, depth 3',
      'Frame of fact, depth 2',
      'Frame of fact, depth 1',
      'Frame of main, depth 0'
    ])
    expect(items[0].classes()).toContain('top')
  })

  it('links a saved frame pointer to the caller frame', () => {
    const wrapper = render(deepStack)
    const first = wrapper.get('#ml-frame-1 .caller-link')
    expect(first.attributes('href')).toBe('#ml-frame-0')
    expect(first.text()).toContain('frame of main')
    const second = wrapper.get('#ml-frame-2 .caller-link')
    expect(second.attributes('href')).toBe('#ml-frame-1')
  })

  it('draws one saved-%rbp arrow per frame whose caller is shown', async () => {
    const wrapper = render(deepStack)
    await new Promise((resolve) => setTimeout(resolve, 0))
    // shown: main, fact 1..3, fact 199,997..199,999; callers shown for fact 1, 2, 3, 199,998 and
    // 199,999 (fact 199,997's caller, 199,996, is elided; main has none) = 5 arrows
    expect(wrapper.findAll('[data-saved-of]').map((d) => d.attributes('data-saved-of'))).toEqual([
      '199999',
      '199998',
      '3',
      '2',
      '1'
    ])
    expect(wrapper.findAll('path.saved-arrow')).toHaveLength(5)
  })

  it('reports the overflow with the signal and its explanation', () => {
    const wrapper = render(stackOverflow)
    const alert = wrapper.get('[role="alert"]')
    expect(alert.text()).toContain('SIGSEGV')
    expect(alert.text()).toContain('SEGV_MAPERR')
    // 262,072 frames; 262,072 − 7 = 262,065 elided
    expect(wrapper.get('.elided-text').text()).toBe('… 262,065 more frames of fact …')
    expect(wrapper.get('.usage').text()).toContain('8 MiB of the 8 MiB')
  })

  it('expands an array into its elements', async () => {
    const state: ProcessState = {
      ...threeBlocks,
      frames: [{ ...threeBlocks.frames[0], variables: threeBlocks.globals.slice(2) }]
    }
    const wrapper = render(state)
    const button = wrapper.get('button.expand')
    expect(button.attributes('aria-expanded')).toBe('false')
    expect(wrapper.findAll('tbody tr')).toHaveLength(1)
    await button.trigger('click')
    expect(button.attributes('aria-expanded')).toBe('true')
    const rows = wrapper.findAll('tbody tr')
    expect(rows).toHaveLength(5) // zeros + 4 elements
    expect(rows[4].text()).toContain('zeros[3]')
    expect(rows[4].text()).toContain('0x55555555807c') // 0x555555558070 + 3 × 4
  })

  it('speaks Chinese', () => {
    expect(render(deepStack, 'zh-CN').get('.elided-text').text()).toBe(
      '……还有 199,993 个 fact 的栈帧……'
    )
  })

  it('says the process has exited, not that it has not started, once main has returned', () => {
    // what the simulator shows after main returns: no frames, %rsp back at the top
    const exited: ProcessState = {
      ...threeBlocks,
      frames: [],
      frameCount: 0,
      stackPointer: threeBlocks.stackTop,
      exit: { status: 0, line: 9 }
    }
    expect(render(exited).get('[data-testid="stack-empty"]').text()).toBe(
      'No frames: the process has exited, and its stack went with it.'
    )
    expect(render(exited, 'zh-CN').get('[data-testid="stack-empty"]').text()).toBe(
      '没有栈帧：进程已经退出，它的栈也随之消失。'
    )
    expect(
      render({ ...exited, exit: undefined })
        .get('[data-testid="stack-empty"]')
        .text()
    ).toBe('No frames: the program has not started.')
    expect(render(exited).find('.registers').exists()).toBe(false)
  })
})
