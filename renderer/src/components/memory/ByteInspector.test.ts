// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ByteInspector from './ByteInspector.vue'
import { emptyHeap, threeBlocks } from './fixtures'
import { memoryI18n } from './fixtures/i18n'
import { fixtureReader } from './fixtures/memory'
import type { MemoryDump, ProcessState } from '../../../../shared/state'
import { RunSession } from '../../../../shared/lang/session'

async function render(
  state: ProcessState,
  readMemory: (address: number, length: number) => Promise<MemoryDump> = fixtureReader(state),
  locale: 'en' | 'zh-CN' = 'en'
) {
  const wrapper = mount(ByteInspector, {
    props: { state, readMemory },
    global: { plugins: [memoryI18n(locale)] }
  })
  await flushPromises()
  return wrapper
}

describe('ByteInspector', () => {
  it('heads its columns in the interface language (the hex column read "hex" in Chinese)', async () => {
    const heads = async (locale: 'en' | 'zh-CN') =>
      (await render(threeBlocks, fixtureReader(threeBlocks), locale))
        .findAll('thead th')
        .slice(0, 3)
        .map((th) => th.text())
    expect(await heads('en')).toEqual(['Address', 'hex', 'ASCII'])
    expect(await heads('zh-CN')).toEqual(['地址', '十六进制', 'ASCII'])
  })

  it('says "Jump to" with the colon of the interface language', async () => {
    // (white space as the page shows it: runs of it are one space)
    const quick = async (locale: 'en' | 'zh-CN') =>
      (await render(threeBlocks, fixtureReader(threeBlocks), locale))
        .get('.quick')
        .text()
        .replace(/\s+/g, ' ')
    expect(await quick('en')).toMatch(/^Jump to: heap/)
    // an ASCII ':' followed the Chinese label
    expect(await quick('zh-CN')).toMatch(/^跳转到： ?堆 \(heap\)/)
  })

  it('starts at the first block and shows uninitialized payload bytes as ??', async () => {
    const wrapper = await render(threeBlocks)
    const rows = wrapper.findAll('tbody tr')
    expect(rows).toHaveLength(4) // 64 bytes, 16 a row
    expect(rows[0].get('th').text()).toBe('0x5555555592a0')
    const cells = rows[0].findAll('.cell')
    expect(cells).toHaveLength(16)
    // a's 16 requested bytes were never written after malloc
    expect(cells.every((c) => c.text() === '??')).toBe(true)
    expect(rows[0].get('.owners').text()).toBe('block at 0x5555555592a0')
  })

  it("shows what was printed in stdout's buffer and says why the rest reads ??, in both languages", async () => {
    const session = new RunSession(
      '#include <stdio.h>\nint main(void) {\n  printf("hello\\n");\n  return 0;\n}\n'
    )
    session.runToLine(4)
    const read = async (address: number, length: number) => session.readMemory(address, length)
    const first = async (locale: 'en' | 'zh-CN') =>
      (await render(session.state(), read, locale)).findAll('tbody tr')[0]
    const row = await first('en')
    // the buffer is the first block (0x5555555592a0, after glibc's tcache chunk); the line went
    // out at its newline and stays in it, as in gcc's binary (stdout.test.ts)
    expect(row.get('th').text()).toBe('0x5555555592a0')
    expect(
      row
        .findAll('.cell')
        .slice(0, 8)
        .map((c) => c.text())
    ).toEqual(['68', '65', '6c', '6c', '6f', '0a', '??', '??'])
    expect(row.get('.owners').text()).toBe("stdout's buffer at 0x5555555592a0")
    // why, said once under the legend
    const notes = async (locale: 'en' | 'zh-CN') =>
      (await render(session.state(), read, locale)).findAll('.buffer-note').map((p) => p.text())
    expect(await notes('en')).toEqual([
      "stdout's buffer holds the last text printed at each place: a line stays there after it went out. ?? where nothing was printed yet, as malloc does not clear a block."
    ])
    expect((await notes('zh-CN'))[0]).toMatch(/^stdout 的缓冲区里是.*malloc 不会清零块。$/)
    expect((await first('zh-CN')).get('.owners').text()).toBe('0x5555555592a0 处 stdout 的缓冲区')
    // nothing to say where no buffer is shown
    expect((await render(threeBlocks)).findAll('.buffer-note')).toHaveLength(0)
  })

  it('shows a size field in little-endian hex with its owner', async () => {
    const wrapper = await render(threeBlocks)
    const second = wrapper.findAll('tbody tr')[1]
    // row 0x5555555592b0: 8 bytes of a's padding, then b's size field 0x21 (32 | PREV_INUSE)
    const cells = second.findAll('.cell').map((c) => c.text())
    expect(cells.slice(8, 16)).toEqual(['21', '00', '00', '00', '00', '00', '00', '00'])
    expect(second.get('.owners').text()).toBe(
      'padding of the block at 0x5555555592a0; header of the block at 0x5555555592c0'
    )
  })

  it("names glibc's top chunk as the heap view does, in both languages", async () => {
    const topRow = async (locale: 'en' | 'zh-CN') => {
      const wrapper = await render(threeBlocks, fixtureReader(threeBlocks), locale)
      await wrapper.get('.address-input').setValue('0x555555559300')
      await wrapper.get('form').trigger('submit')
      await flushPromises()
      const rows = wrapper.findAll('tbody tr')
      expect(rows[1].get('.owners').text()).toBe(
        locale === 'en'
          ? 'top chunk at 0x555555559308, not yet cut into blocks'
          : '0x555555559308 处的顶块（top chunk），尚未切分成块'
      )
      return rows[0].get('.owners').text()
    }
    // row 0x555555559300: c's last 4 requested bytes (36 from 0x5555555592e0), its 4 bytes of
    // padding, then the top chunk's size field at 0x555555559308; the next row is top's space
    expect(await topRow('en')).toBe(
      'block at 0x5555555592e0; padding of the block at 0x5555555592e0; ' +
        'size field of the top chunk at 0x555555559308'
    )
    expect(await topRow('zh-CN')).toBe(
      '0x5555555592e0 处的块; 0x5555555592e0 处块的填充; ' +
        '0x555555559308 处顶块（top chunk）的大小字段'
    )
  })

  it('reads a typed address from its 16-byte row, with ASCII for a literal', async () => {
    const wrapper = await render(threeBlocks)
    await wrapper.get('.address-input').setValue('0x555555556004')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const first = wrapper.findAll('tbody tr')[0]
    expect(first.get('th').text()).toBe('0x555555556000') // rounded down to 16
    // "hello" = 68 65 6c 6c 6f at offsets 4..8, NUL at 9
    expect(
      first
        .findAll('.cell')
        .slice(4, 10)
        .map((c) => c.text())
    ).toEqual(['68', '65', '6c', '6c', '6f', '00'])
    expect(first.get('.ascii').text()).toContain('hello')
  })

  it('rejects what is not an address', async () => {
    const wrapper = await render(threeBlocks)
    await wrapper.get('.address-input').setValue('main')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.get('[role="alert"]').text()).toBe('Type an address such as 0x5555555592a0.')
  })

  it('highlights the bytes the last step changed and shows unmapped bytes as --', async () => {
    const changed = new Set([0x7fffffffe6e8, 0x7fffffffe6e9])
    const wrapper = await render(threeBlocks, fixtureReader(threeBlocks, changed))
    await wrapper.get('.address-input').setValue('0x7fffffffefe0')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const cells = wrapper.findAll('tbody .cell')
    // 0x7fffffffefe0..+64 runs past the stack top 0x7ffffffff000: the last 32 are unmapped
    expect(cells.slice(32).every((c) => c.text() === '--')).toBe(true)
    await wrapper.get('.address-input').setValue('0x7fffffffe6e0')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const changedCells = wrapper.findAll('tbody .cell.changed')
    // a = 0x5555555592a0 stored little-endian at 0x7fffffffe6e8: a0 92
    expect(changedCells.map((c) => c.text())).toEqual(['a0', '92'])
  })

  it('follows the first block as the run moves, until the learner picks an address', async () => {
    const wrapper = await render(emptyHeap, fixtureReader(threeBlocks))
    // no block yet: %rsp = 0x7fffffffe6d0
    expect(wrapper.get('tbody th').text()).toBe('0x7fffffffe6d0')
    await wrapper.setProps({ state: threeBlocks })
    await flushPromises()
    expect(wrapper.get('tbody th').text()).toBe('0x5555555592a0')
    await wrapper.get('.address-input').setValue('0x555555556004')
    await wrapper.get('form').trigger('submit')
    await wrapper.setProps({ state: { ...threeBlocks, step: 5 } })
    await flushPromises()
    expect(wrapper.get('tbody th').text()).toBe('0x555555556000')
  })

  it('reports a failed read in words', async () => {
    const wrapper = await render(threeBlocks, () => Promise.reject(new Error('the run has ended')))
    expect(wrapper.get('[role="alert"]').text()).toBe('Could not read memory: the run has ended')
  })

  it('in part of a big heap, says which rows are blocks not loaded and asks for the part holding the address', async () => {
    // 2,100 malloc(16): glibc's tcache chunk, 2,100 chunks of 32 bytes from 0x555555559290 and
    // the top chunk, 2,102 blocks in all; a state carries the last 2,000 (HEAP_BLOCK_WINDOW).
    const session = new RunSession(
      '#include <stdlib.h>\nint main(void) {\n  for (int i = 0; i < 2100; i++) malloc(16);\n  return 0;\n}\n'
    )
    session.runToLine(4)
    const read = async (address: number, length: number) => session.readMemory(address, length)
    const end = session.state('end')
    expect(end.blockWindow?.first).toBe(102)
    const wrapper = await render(end, read)
    await wrapper.get('.address-input').setValue('0x5555555592a0')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    // the first malloc's block is position 1, not carried: its rows say so, not just "heap"
    expect(wrapper.get('tbody tr .owners').text()).toBe('a heap block not loaded at this step')
    expect(wrapper.findAll('.buffer-note').map((p) => p.text())).toEqual([
      'The heap has 2,102 blocks and the views load 2,000 at a time, so some rows here are in blocks not loaded. Show loads the blocks around the address typed.'
    ])
    expect(wrapper.emitted('blocksAt')).toEqual([[0x5555555592a0]])
    // the part around it arrives: positions 0-1,999, and the rows name their blocks
    const around = session.state({ address: 0x5555555592a0 })
    expect(around.blockWindow?.first).toBe(0)
    await wrapper.setProps({ state: around })
    await flushPromises()
    expect(wrapper.get('tbody tr .owners').text()).toBe('block at 0x5555555592a0')
    expect(wrapper.findAll('.buffer-note')).toHaveLength(0)
    // 0x555555559000, before glibc's first chunk, is nobody's block: the part starts there
    await wrapper.get('.address-input').setValue('0x555555559000')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('tbody tr .owners').text()).toContain('heap;')
    expect(wrapper.emitted('blocksAt')).toHaveLength(1)
    const zh = await render(end, read, 'zh-CN')
    await zh.get('.address-input').setValue('0x5555555592a0')
    await zh.get('form').trigger('submit')
    await flushPromises()
    expect(zh.get('tbody tr .owners').text()).toBe('这一步未载入的堆块')
    // "Jump to: heap" goes to the heap's start, not to the first block the part holds
    // (block 103 of 2,102), and asks for the part that starts there
    const jump = await render(end, read)
    await jump.get('.quick-button').trigger('click')
    await flushPromises()
    expect(jump.get('tbody th').text()).toBe('0x555555559000')
    expect(jump.emitted('blocksAt')).toEqual([[0x555555559000]])
  })

  it('follows the first block of the part the heap view pages to, at the same step, until an address is chosen', async () => {
    // as above: 2,102 blocks, the end's state carries positions 102-2,101
    const session = new RunSession(
      '#include <stdlib.h>\nint main(void) {\n  for (int i = 0; i < 2100; i++) malloc(16);\n  return 0;\n}\n'
    )
    session.runToLine(4)
    const read = async (address: number, length: number) => session.readMemory(address, length)
    const wrapper = await render(session.state('end'), read)
    // position 102 is the 102nd malloc's chunk: 0x555555559290 + 101 x 32 = 0x555555559f30,
    // its payload 16 bytes on
    expect(wrapper.get('tbody th').text()).toBe('0x555555559f40')
    // the heap view's "First" button: the same step, the part from position 0
    await wrapper.setProps({ state: session.state(0) })
    await flushPromises()
    expect(wrapper.get('tbody th').text()).toBe('0x5555555592a0')
    expect(wrapper.get('tbody tr .owners').text()).toBe('block at 0x5555555592a0')
    expect(wrapper.get<HTMLInputElement>('.address-input').element.value).toBe('0x5555555592a0')
    // an address the learner chose stays where it is when the heap view pages on
    await wrapper.get('.address-input').setValue('0x5555555592c0')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    await wrapper.setProps({ state: session.state('end') })
    await flushPromises()
    expect(wrapper.get('tbody th').text()).toBe('0x5555555592c0')
  })
})
