// @vitest-environment happy-dom
/**
 * Authoring mode shows a broken pack's problems in the instructor's language: the real lesson
 * library (main side) reads a pack from the broken corpus and the panel says its problems in
 * Chinese, keeping the place (`file:line:column`) and the pack's own words as written.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { AuthoringReport, Channel, Params, Result } from '../../../../shared/api'
import { setApi } from '../../api/client'
import { createAppI18n } from '../../i18n'
import AuthoringPanel from './AuthoringPanel.vue'

const fixtures = join(import.meta.dirname, '../../../../shared/lessons/fixtures/broken')
const dataDir = mkdtempSync(join(tmpdir(), 'memory-lane-authoring-'))

// The library is main-side code outside the renderer's TypeScript project: loaded by path.
interface Library {
  author(folder: string, onChange: (report: AuthoringReport) => void): Promise<AuthoringReport>
  stopAuthoring(): void
}
const { LessonLibrary } = (await import(
  /* @vite-ignore */ join(
    import.meta.dirname,
    '../../../../electron/services/lesson-library/library'
  )
)) as {
  LessonLibrary: new (options: {
    builtInDirs: string[]
    packsDir: string
    appVersion: string
    progress: unknown
    log: (message: string) => void
  }) => Library
}
const library = new LessonLibrary({
  builtInDirs: [],
  packsDir: join(dataDir, 'packs'),
  appVersion: '0.1.0',
  progress: {},
  log: () => undefined
})

afterAll(() => {
  library.stopAuthoring()
  setApi(null)
  rmSync(dataDir, { recursive: true, force: true })
})

setApi({
  edition: 'browser',
  async request<C extends Channel>(channel: C, params: Params<C>): Promise<Result<C>> {
    if (channel !== 'packs.author') throw new Error(`unexpected request ${channel}`)
    const { folder } = params as Params<'packs.author'>
    return (await library.author(folder, () => undefined)) as Result<C>
  },
  on: () => () => undefined
})

/** Everything the last report's area showed, besides its problems. */
let shown = ''

async function report(language: 'en' | 'zh-CN', pack: string): Promise<string> {
  const wrapper = mount(AuthoringPanel, {
    global: { plugins: [createPinia(), createAppI18n(language)] }
  })
  await wrapper.get('[data-testid="authoring-folder"]').setValue(join(fixtures, pack))
  await wrapper.get('form').trigger('submit')
  // The library checks the pack's programs too (loading the C engine), so the report comes
  // after some real I/O, not after a fixed number of promise turns.
  await vi.waitFor(() => wrapper.get('.problems'), { timeout: 30_000, interval: 20 })
  await flushPromises()
  const text = wrapper.get('.problems').text()
  shown = wrapper.get('[data-testid="authoring-report"]').text()
  wrapper.unmount()
  return text
}

describe('AuthoringPanel', () => {
  it('says a broken pack’s problems in Chinese', async () => {
    expect(await report('zh-CN', 'unknown-checkpoint-kind')).toBe(
      'intro.en.md:18:7: 未知的检查点类型 "essay"（应为 choice、number、predict 或 task）'
    )
    expect(await report('zh-CN', 'run-to-past-end')).toBe(
      'intro.en.md:18:1: "run-to: line 40" 超出了程序末尾（程序共 5 行）'
    )
    expect(shown).toContain(`正在监视 ${join(fixtures, 'run-to-past-end')}`)
  })

  it('says the machine a step sets up in Chinese: allocator, options, stack limit', async () => {
    expect(await report('zh-CN', 'unknown-allocator')).toBe(
      'intro.en.md:5:12: 没有名为 "frist-fit" 的分配器；是不是想写 "first-fit"？（可用的分配器有 first-fit, next-fit, best-fit, worst-fit, segregated, glibc, buddy, pool, compacting）'
    )
    expect(await report('zh-CN', 'allocator-option-value')).toBe(
      [
        'intro.en.md:5:34: first-fit 分配器的选项 "coalescing" 必须是 "immediate", "deferred", "none" 之一，而不是 "later"',
        'intro.en.md:5:52: first-fit 分配器的选项 "alignment" 必须是 1, 2, 4, 8, 16 之一，而不是 12'
      ].join('\n')
    )
    expect(await report('zh-CN', 'stack-limit-too-big')).toBe(
      'intro.en.md:5:14: "stack-limit: 65536" 放不进 classroom 布局：这个布局的栈最大为 12288 字节（12 KiB，即从栈顶向下到 mmap 区域的空间）'
    )
  })

  it('says the app’s own lines in Chinese too: a folder that is not a pack folder', async () => {
    // `report` names a folder under the corpus; this one does not exist.
    const missing = join(fixtures, 'no-such-pack')
    expect(await report('zh-CN', 'no-such-pack')).toBe(`${missing}：不是课程包文件夹。`)
    expect(await report('en', 'no-such-pack')).toBe(`${missing}: not a pack folder.`)
    // Nothing is watched there, so the panel does not say "Watching …".
    expect(shown).not.toContain('Watching')
  })

  it('says them in English as the validator and the command line do', async () => {
    expect(await report('en', 'unknown-checkpoint-kind')).toBe(
      'intro.en.md:18:7: unknown checkpoint kind "essay" (expected choice, number, predict or task)'
    )
  })
})
