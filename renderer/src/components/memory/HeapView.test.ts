// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import HeapView from './HeapView.vue'
import {
  BLOCK_B,
  BLOCK_C,
  bigAllocation,
  corruptedHeader,
  danglingPointer,
  emptyHeap,
  fragmented,
  leak,
  manyBlocks,
  poolHeap,
  threeBlocks
} from './fixtures'
import { memoryI18n } from './fixtures/i18n'
import { allocated } from './fixtures/build'
import { windowOfBlocks, type ProcessState } from '../../../../shared/state'

/** Mounts the view with its table of blocks opened (the table is built only while open). */
async function render(state: ProcessState, locale: 'en' | 'zh-CN' = 'en') {
  const wrapper = mount(HeapView, { props: { state }, global: { plugins: [memoryI18n(locale)] } })
  const details = wrapper.find('details.as-table')
  if (details.exists()) {
    ;(details.element as HTMLDetailsElement).open = true
    await details.trigger('toggle')
  }
  return wrapper
}

function sentences(wrapper: Awaited<ReturnType<typeof render>>): string[] {
  return wrapper.findAll('.block-list li').map((li) => li.text())
}

describe('HeapView', () => {
  it('explains an empty heap instead of drawing nothing', async () => {
    const wrapper = await render(emptyHeap)
    expect(wrapper.text()).toContain('The heap is empty')
    // the drawing is kept for the next step, hidden, and there is nothing to focus in it
    expect(wrapper.get('.scroller').attributes('style')).toContain('display: none')
    expect(wrapper.find('.summary').exists()).toBe(false)
  })

  it('describes each of three blocks with its padding and allocating line', async () => {
    const list = sentences(await render(threeBlocks))
    expect(list).toHaveLength(5) // tcache bookkeeping, a, b, c, top
    expect(list[1]).toBe(
      'heap block at 0x5555555592a0, 32 bytes, allocated at line 5, 8 bytes of padding'
    )
    // malloc(20): 8 + 20 + 4 = 32; malloc(36): 8 + 36 + 4 = 48
    expect(list[2]).toBe(
      'heap block at 0x5555555592c0, 32 bytes, allocated at line 6, 4 bytes of padding'
    )
    expect(list[3]).toBe(
      'heap block at 0x5555555592e0, 48 bytes, allocated at line 7, 4 bytes of padding'
    )
    // top chunk: 0x55555557a000 − 0x555555559308 = 0x20cf8 = 134,392 B = 131.2 KiB
    expect(list[4]).toBe(
      'free block at 0x555555559308, 131.2 KiB, in the top chunk, the largest free block'
    )
  })

  it('says "1 byte" of padding and "2 bytes", in English; 字节 for both in Chinese', async () => {
    // b asks for 23 bytes (8 + 23 = 31 of its 32: 1 byte of padding), c for 38 (8 + 38 = 46 of
    // its 48: 2 bytes).
    const withPadding = {
      ...threeBlocks,
      blocks: threeBlocks.blocks.map((b) =>
        b.address === BLOCK_B.address
          ? allocated(b.address, 32, 23, { line: 6, step: 3 })
          : b.address === BLOCK_C.address
            ? allocated(b.address, 48, 38, { line: 7, step: 4 })
            : b
      )
    }
    const english = sentences(await render(withPadding))
    expect(english[2]).toBe(
      'heap block at 0x5555555592c0, 32 bytes, allocated at line 6, 1 byte of padding'
    )
    expect(english[3]).toBe(
      'heap block at 0x5555555592e0, 48 bytes, allocated at line 7, 2 bytes of padding'
    )
    const chinese = sentences(await render(withPadding, 'zh-CN'))
    expect(chinese[2]).toContain('1 字节填充')
    expect(chinese[3]).toContain('2 字节填充')
  })

  it('summarises free space and external fragmentation', async () => {
    // fragmented: free 64 + 128 + 720 = 912 B; largest 720; 1 − 720/912 = 0.2105 → 21.1%
    const summary = (await render(fragmented)).get('.summary').text()
    expect(summary).toBe(
      'Blocks: 6, 3 in use. Heap: 1 KiB. Free: 912 B (free blocks: 3; largest: 720 B). External fragmentation: 21.1%.'
    )
    expect((await render(fragmented)).get('.free-bar .largest').attributes('style')).toContain(
      '78.9%'
    ) // 720/912
  })

  it('says what matters for a pool of equal slots instead of external fragmentation', async () => {
    // 32 slots of 32 B; slot 0 holds malloc(16): 16 B of it unused. The usual formula reads
    // 1 − 32/992 = 96.8 % with every free slot usable, so the view does not say it.
    expect(poolHeap.metrics.externalFragmentation).toBeCloseTo(0.968, 3)
    const wrapper = await render(poolHeap)
    expect(wrapper.get('.summary').text()).toBe(
      'Pool: 32 slots of 32 B, 1 in use, 31 free. Heap: 1 KiB. The slots in use hold 16 B of requests in 32 B: 16 B unused inside them (internal fragmentation).'
    )
    expect(wrapper.get('[data-testid="pool-note"]').text()).toContain(
      'A request larger than a slot (32 B) gets NULL however many slots are free.'
    )
    expect(wrapper.text()).not.toContain('96.8')
    expect(wrapper.find('.free-bar').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('largest free block')
    const zh = await render(poolHeap, 'zh-CN')
    expect(zh.get('.summary').text()).toBe(
      '内存池：32 个 32 B 的槽，1 个在用，31 个空闲。堆：1 KiB。在用的槽共 32 B，其中请求的只有 16 B：槽内有 16 B 未被使用（内部碎片）。'
    )
  })

  it("leaves header and corrupted header out of a pool's legend: its slots have no header", async () => {
    const legend = (await render(poolHeap)).get('.legend').text()
    expect(legend).not.toContain('header')
    expect(legend).toContain('requested bytes')
    // threeBlocks' glibc chunks have 8-byte size fields: both stay.
    expect((await render(threeBlocks)).get('.legend').text()).toMatch(/header.*corrupted header/)
  })

  it('keeps external fragmentation for heaps that are not pools', async () => {
    expect((await render(fragmented)).find('[data-testid="pool-note"]').exists()).toBe(false)
  })

  it("counts the program's blocks, not the allocator's bookkeeping chunk", async () => {
    // threeBlocks: glibc's tcache chunk (bookkeeping), a, b, c and the top chunk: the program's
    // three blocks and one free block (top) make 4; the tcache chunk is drawn but not counted.
    const summary = (await render(threeBlocks)).get('.summary').text()
    expect(summary).toMatch(/^Blocks: 4, 3 in use\. /)
    expect(summary).toContain('free blocks: 1;')
  })

  it('marks a leaked block unmistakably', async () => {
    const wrapper = await render(leak)
    const items = wrapper.findAll('.block-list li')
    expect(items[0].classes()).toContain('leaked')
    expect(items[0].text()).toBe(
      'heap block at 0x2008, 32 bytes, allocated at line 3, leaked: no pointer to it remains'
    )
    expect(items[1].classes()).not.toContain('leaked')
  })

  it('marks a corrupted header', async () => {
    const items = (await render(corruptedHeader)).findAll('.block-list li')
    expect(items[2].classes()).toContain('corrupted')
    expect(items[2].text()).toContain('header corrupted')
  })

  it('says when and where a freed block was freed', async () => {
    const list = sentences(await render(danglingPointer))
    // named by the pointer malloc returned (BLOCK_B's 0x5555555592b8 + its 8-byte header), as
    // the dangling pointer the program holds reads: the header's address comes after the size
    expect(list[2]).toBe(
      'freed block at 0x5555555592c0, 32 bytes, its header at 0x5555555592b8, freed at line 8, in the tcache'
    )
  })

  it('shows the pointer a freed block was returned as in its details, and none for the top chunk', async () => {
    const wrapper = await render(danglingPointer)
    const scroller = wrapper.get('.scroller')
    await scroller.trigger('focus')
    for (let i = 0; i < 2; i++) await scroller.trigger('keydown', { key: 'ArrowRight' })
    expect(wrapper.get('.focused-sentence').text()).toContain('freed block at 0x5555555592c0')
    expect(wrapper.get('.details').text()).toContain('Block0x5555555592b8')
    expect(wrapper.get('.details').text()).toContain('Pointer returned0x5555555592c0')
    await scroller.trigger('keydown', { key: 'End' })
    expect(wrapper.get('.focused-sentence').text()).toContain('free block at 0x555555559308')
    expect(wrapper.get('.details').text()).not.toContain('Pointer returned')
  })

  it('moves the keyboard focus from block to block and shows the details', async () => {
    const wrapper = await render(threeBlocks)
    const scroller = wrapper.get('.scroller')
    expect(scroller.attributes('tabindex')).toBe('0')
    await scroller.trigger('focus')
    await scroller.trigger('keydown', { key: 'ArrowRight' })
    expect(wrapper.get('.focused-sentence').text()).toBe(
      'heap block at 0x5555555592a0, 32 bytes, allocated at line 5, 8 bytes of padding'
    )
    const details = wrapper.get('.details').text()
    expect(details).toContain('Requested16 bytes')
    expect(details).toContain('Internal fragmentation16 bytes') // 32 − 16
    expect(details).toContain('step 2, line 5')
    await scroller.trigger('keydown', { key: 'End' })
    expect(wrapper.get('.focused-sentence').text()).toContain('free block at 0x555555559308')
    expect(wrapper.get('.details').text()).toContain('Wherethe top chunk')
  })

  it('offers the free-list links only when the allocator has lists', async () => {
    expect((await render(fragmented)).find('.show-links').exists()).toBe(true)
    expect((await render(threeBlocks)).find('.show-links').exists()).toBe(false)
  })

  it('lists 200 blocks of a 10,000-block heap and says how many more there are', async () => {
    const wrapper = await render(manyBlocks())
    expect(wrapper.findAll('.block-list li')).toHaveLength(200)
    // 10,000 blocks plus the top chunk = 10,001; 10,001 − 200 = 9,801
    expect(wrapper.get('.as-table p').text()).toContain('9,801 more blocks')
  })

  it('lists an mmapped chunk after the heap, with its page-rounding as padding', async () => {
    const list = sentences(await render(bigAllocation))
    // 0x31000 = 200,704 B = 196 KiB; padding 200,704 − 16 − 200,000 = 688 B
    expect(list[3]).toBe(
      'heap block at 0x7ffff7f90010, 196 KiB, allocated at line 6, 688 bytes of padding, in a mapping of its own (mmap)'
    )
  })

  it("names glibc's tcache chunk, so the first malloc's address after it makes sense", async () => {
    // The simulator marks the chunk (role 'tcache-struct'); the fixture's is given that role.
    const withRole: ProcessState = {
      ...threeBlocks,
      blocks: threeBlocks.blocks.map((b, i) => (i === 0 ? { ...b, role: 'tcache-struct' } : b))
    }
    const wrapper = await render(withRole)
    const first = sentences(wrapper)[0] ?? ''
    expect(first).toContain("the tcache's own chunk")
    expect(first).toContain("the program's first malloc returns the address after it")
    expect(wrapper.get('.legend').text()).toContain("allocator's own bookkeeping")
    const scroller = wrapper.get('.scroller')
    await scroller.trigger('focus')
    expect(wrapper.get('.details').text()).toContain(
      "Wherethe tcache's own chunk (tcache_perthread_struct)"
    )
    const chinese = sentences(await render(withRole, 'zh-CN'))[0] ?? ''
    expect(chinese).toContain('tcache 自己的块')
    expect(sentences(await render(withRole, 'zh-CN'))[4]).toContain('位于 顶块（top chunk）')
  })

  it('names the legend colour of bookkeeping only where an allocator keeps such blocks', async () => {
    expect((await render(fragmented)).get('.legend').text()).not.toContain('bookkeeping')
  })

  it('speaks Chinese', async () => {
    const list = sentences(await render(threeBlocks, 'zh-CN'))
    expect(list[1]).toBe('堆块位于 0x5555555592a0，32 字节，在第 5 行分配，8 字节填充')
  })
})

describe('HeapView of a heap too big for one state (blockWindow)', () => {
  // 5,000 blocks and the top chunk: 5,001.
  const whole = manyBlocks(5000)
  /** The state the worker sends: 2,000 of the blocks from `from`, and the window saying which. */
  function part(from: number | 'end'): ProcessState {
    const shown = windowOfBlocks(whole.blocks, from)
    return { ...whole, blocks: shown.blocks, blockWindow: shown.window }
  }

  it('says which blocks it shows, and counts all of them in the summary', async () => {
    const wrapper = await render(part(2000))
    expect(wrapper.get('[data-testid="block-window-range"]').text()).toBe(
      'Blocks 2,001–4,000 of 5,001'
    )
    expect(wrapper.get('.summary').text()).toBe((await render(whole)).get('.summary').text())
    expect(wrapper.get('.summary').text()).toMatch(/^Blocks: 5,001,/)
  })

  it('draws the same blocks with the same sentences as the whole heap has there', async () => {
    // The table lists a state's first 200 blocks: the part from 0 and the whole heap agree.
    const list = sentences(await render(part(0)))
    expect(list).toHaveLength(200)
    expect(list).toEqual(sentences(await render(whole)))
  })

  it('asks for the part before or after it, the first or the last', async () => {
    const wrapper = await render(part(2000))
    const buttons = wrapper.findAll('[data-testid="block-window"] button')
    expect(buttons.map((b) => b.text())).toEqual(['First', 'Earlier', 'Later', 'Last'])
    for (const button of buttons) await button.trigger('click')
    // Later from 2,000 stops at 3,001: the last 2,000 of 5,001 blocks. Last is -1: follow the end.
    expect(wrapper.emitted('blocksFrom')).toEqual([[0], [0], [3001], [-1]])
    // At the end, Later and Last have nowhere to go.
    const atEnd = (await render(part('end'))).findAll('[data-testid="block-window"] button')
    expect(atEnd.map((b) => b.attributes('disabled') !== undefined)).toEqual([
      false,
      false,
      true,
      true
    ])
  })

  it('says it in Chinese too', async () => {
    const wrapper = await render(part(2000), 'zh-CN')
    expect(wrapper.get('[data-testid="block-window-range"]').text()).toBe(
      '第 2,001–4,000 个块，共 5,001 个'
    )
  })

  it("says the summary leaves out the allocator's bookkeeping that the positions number", async () => {
    // glibc's tcache chunk first: 5,001 positions, 5,000 of the program's blocks in the summary
    const tcache = { ...whole.blocks[0], bin: 'bookkeeping' as const }
    const blocks = [tcache, ...whole.blocks.slice(1)]
    const shown = windowOfBlocks(blocks, 'end')
    const state = { ...whole, blocks: shown.blocks, blockWindow: shown.window }
    const note = async (locale: 'en' | 'zh-CN') =>
      (await render(state, locale)).get('.window-note').text()
    expect(await note('en')).toBe(
      "The heap has too many blocks to show at once: 2,000 at a time. The summary above counts all of them except the allocator's own bookkeeping (1 of the blocks numbered here)."
    )
    expect(await note('zh-CN')).toBe(
      '堆中的块太多，无法一次全部显示：每次显示 2,000 个。上方的摘要统计的是除分配器自己的管理块以外的全部块（这里的编号包括这 1 个管理块）。'
    )
    expect((await render(part(2000))).get('.window-note').text()).toBe(
      'The heap has too many blocks to show at once: 2,000 at a time. The summary above counts all of them.'
    )
  })

  it('shows no such bar when the state carries every block', async () => {
    expect((await render(whole)).find('[data-testid="block-window"]').exists()).toBe(false)
  })
})
