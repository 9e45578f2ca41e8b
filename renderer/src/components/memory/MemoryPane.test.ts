// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import MemoryPane from './MemoryPane.vue'
import {
  danglingPointer,
  reusedAddress,
  reusedAddressMarkers,
  threeBlocks,
  threeBlocksTimeline
} from './fixtures'
import { memoryI18n } from './fixtures/i18n'
import { fixtureReader } from './fixtures/memory'
import type { ProcessState } from '../../../../shared/state'

function render(state: ProcessState = threeBlocks, extra: Record<string, unknown> = {}) {
  return mount(MemoryPane, {
    props: { state, timeline: threeBlocksTimeline, readMemory: fixtureReader(state), ...extra },
    global: { plugins: [memoryI18n('en')] },
    attachTo: document.body
  })
}

async function openBlockTable(wrapper: ReturnType<typeof render>): Promise<void> {
  const details = wrapper.get('details.as-table')
  ;(details.element as HTMLDetailsElement).open = true
  await details.trigger('toggle')
}

describe('MemoryPane', () => {
  it('marks in the stack view the pointers into a block at a reused address, as the pointer view does', async () => {
    const wrapper = render(reusedAddress, {
      timeline: { ...threeBlocksTimeline, markers: reusedAddressMarkers }
    })
    await flushPromises()
    // b (dangling, kept from before free(b)) and d (the new block) hold the same address.
    const marked = wrapper
      .findAll('[data-panel="stack"] tr.variable')
      .filter((row) => row.find('[data-testid="reused-pointer"]').exists())
      .map((row) => row.get('th').text())
    expect(marked).toEqual(['b', 'd'])
    expect(wrapper.get('[data-panel="pointers"] g.target.reused').text()).toContain('(reused)')
    wrapper.unmount()
    // Without the history of a free there, nothing is marked.
    const plain = render(threeBlocks)
    await flushPromises()
    expect(plain.findAll('[data-testid="reused-pointer"]')).toHaveLength(0)
    plain.unmount()
  })

  it('shows the map, the heap tab and the scrubber at the current step', async () => {
    const wrapper = render()
    await flushPromises()
    expect(wrapper.get('.pane-header .step').text()).toBe('Step 4 of 8')
    expect(wrapper.find('.address-map').exists()).toBe(true)
    expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toBe('Heap')
    expect(wrapper.get('[data-panel="heap"]').isVisible()).toBe(true)
    expect(wrapper.get('[data-panel="stack"]').isVisible()).toBe(false)
    expect(wrapper.get('[role="slider"]').attributes('aria-valuenow')).toBe('4')
    wrapper.unmount()
  })

  it('moves between tabs with the arrow keys', async () => {
    const wrapper = render()
    const tabs = wrapper.findAll('[role="tab"]')
    await tabs[0].trigger('keydown', { key: 'ArrowRight' })
    expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toBe('Stack')
    expect(wrapper.get('[data-panel="stack"]').isVisible()).toBe(true)
    await tabs[1].trigger('keydown', { key: 'ArrowLeft' })
    await tabs[0].trigger('keydown', { key: 'ArrowLeft' })
    expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toBe('Charts')
    wrapper.unmount()
  })

  it('brings forward the tab a lesson step asks for', async () => {
    const wrapper = render()
    await wrapper.setProps({ initialTab: 'pointers' })
    expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toBe('Pointers')
    expect(wrapper.get('[data-panel="pointers"]').isVisible()).toBe(true)
    wrapper.unmount()
  })

  it('in a wide pane, shows the next view a step lists after the always-visible map', async () => {
    const wrapper = render(threeBlocks, { views: ['address-space', 'globals'] })
    expect(
      wrapper
        .findAll('[role="tab"]')
        .map((t) => t.text())
        .join()
    ).not.toContain('Address space')
    expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toBe('Globals')
    await wrapper.setProps({ views: ['stack', 'address-space'] })
    expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toBe('Stack')
    // asked for the map alone, a wide pane keeps it in its column and shows the heap tab
    await wrapper.setProps({ views: undefined, initialTab: 'map' })
    expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toBe('Heap')
    expect(wrapper.find('.body > .map').exists()).toBe(true)
    wrapper.unmount()
  })

  it('in a narrow pane, brings the address-space tab forward when a step asks for it', async () => {
    // the pane measures its own width: 600 px is under the 760 px where the map becomes a tab
    const width = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth')
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
      configurable: true,
      get: () => 600
    })
    try {
      const wrapper = render(threeBlocks, { views: ['address-space', 'globals'] })
      await flushPromises()
      expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toContain(
        'Address space map'
      )
      expect(wrapper.get('[data-panel="map"]').isVisible()).toBe(true)
      expect(wrapper.find('.body > .map').exists()).toBe(false)
      await wrapper.setProps({ views: ['heap'] })
      expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toBe('Heap')
      await wrapper.setProps({ initialTab: 'map' })
      expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toContain(
        'Address space map'
      )
      wrapper.unmount()
    } finally {
      if (width) Object.defineProperty(HTMLElement.prototype, 'clientWidth', width)
    }
  })

  it("marks what a lesson step highlights: views' tabs, the map's column and the program break", async () => {
    const wrapper = render(threeBlocks, {
      highlight: ['stack', 'address-space', 'program-break', 'output']
    })
    await flushPromises()
    const marked = wrapper
      .findAll('[role="tab"].highlighted')
      .map((tab) => tab.text().replace(/\s+/g, ' '))
    expect(marked).toEqual(['Stack (highlighted by this lesson step)'])
    expect(wrapper.get('.body > .map').classes()).toContain('highlighted')
    expect(wrapper.get('.address-map .brk').classes()).toContain('highlighted')
    expect(wrapper.get('[data-testid="program-break-note"]').classes()).toContain('highlighted')
    // the next step highlights nothing: every mark goes
    await wrapper.setProps({ highlight: undefined })
    expect(wrapper.findAll('.highlighted')).toHaveLength(0)
    wrapper.unmount()
  })

  it('passes the scrubber jumps on', async () => {
    const wrapper = render()
    await wrapper.get('[role="slider"]').trigger('keydown', { key: 'ArrowLeft' })
    expect(wrapper.emitted('jump')).toEqual([[3]])
    wrapper.unmount()
  })

  it('redraws from the new state when the step goes back', async () => {
    const wrapper = render(danglingPointer)
    await openBlockTable(wrapper)
    expect(wrapper.get('.block-list').text()).toContain('freed block at 0x5555555592c0')
    await wrapper.setProps({ state: threeBlocks })
    expect(wrapper.get('.block-list').text()).not.toContain('freed block')
    expect(wrapper.get('.block-list').text()).toContain('heap block at 0x5555555592c0')
    wrapper.unmount()
  })

  it('switches sizes to hex and back', async () => {
    const wrapper = render()
    await openBlockTable(wrapper)
    // decimal by default: the 32-byte block reads "32 bytes"; in hex 32 = 0x20
    expect(wrapper.findAll('.block-list li')[1].text()).toContain('32 bytes')
    await wrapper.get('.base input[value="hex"]').setValue(true)
    expect(wrapper.findAll('.block-list li')[1].text()).toContain('0x20 bytes')
    await wrapper.get('.base input[value="decimal"]').setValue(true)
    expect(wrapper.findAll('.block-list li')[1].text()).toContain('32 bytes')
    expect(wrapper.emitted('update:numberBase')).toEqual([['hex'], ['decimal']])
    wrapper.unmount()
  })
})
