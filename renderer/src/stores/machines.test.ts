import { describe, expect, it } from 'vitest'
import { allocatorNames } from '../../../shared/sim/allocators/index'
import { defaultAllocator } from '../../../shared/lang/vm'
import { ALLOCATORS, LAYOUTS, allocatorOf, withMachine } from './machines'
import { loadMessages } from '../i18n'

describe('machines', () => {
  it('offers every allocator and layout the simulator has, each named in both languages', () => {
    expect([...ALLOCATORS].sort()).toEqual(
      allocatorNames()
        .map((a) => a.name)
        .sort()
    )
    expect([...LAYOUTS].sort()).toEqual(['classroom', 'linux-x86_64'])
    const messages = loadMessages()
    for (const language of ['en', 'zh-CN'] as const) {
      const run = (messages[language] as { app: { run: Record<string, Record<string, string>> } })
        .app.run
      for (const name of ALLOCATORS) expect(run.allocators[name]).toBeTruthy()
      for (const name of LAYOUTS) expect(run.layouts[name]).toBeTruthy()
    }
  })

  it('shows the allocator a run without one uses, as the interpreter picks it', () => {
    for (const layout of LAYOUTS) expect(allocatorOf({ layout })).toBe(defaultAllocator(layout))
    expect(allocatorOf({})).toBe('glibc')
    expect(allocatorOf({ layout: 'classroom', allocator: 'buddy' })).toBe('buddy')
  })

  it("drops an allocator's own settings when the allocator changes, and keeps the rest", () => {
    const lesson = {
      layout: 'classroom' as const,
      allocator: 'first-fit',
      allocatorOptions: { coalescing: 'none' },
      stackLimit: 65536
    }
    expect(withMachine(lesson, { allocator: 'best-fit' })).toEqual({
      layout: 'classroom',
      allocator: 'best-fit',
      stackLimit: 65536
    })
    // the same allocator again, or another layout: its settings stay
    expect(withMachine(lesson, { allocator: 'first-fit' })).toEqual(lesson)
    expect(withMachine(lesson, { layout: 'linux-x86_64' })).toEqual({
      ...lesson,
      layout: 'linux-x86_64'
    })
    const tuned = { tunables: 'glibc.malloc.tcache_count=0' }
    expect(withMachine(tuned, { allocator: 'first-fit' })).toEqual({ allocator: 'first-fit' })
  })

  it('turns the checked mode on and off, keeping the machine; off says nothing', () => {
    const lesson = { layout: 'classroom' as const, allocator: 'first-fit', stackLimit: 65536 }
    const checked = withMachine(lesson, { reportUninitializedReads: true })
    expect(checked).toEqual({ ...lesson, reportUninitializedReads: true })
    // another allocator keeps the checked mode; unticked, the options are the lesson's again
    expect(withMachine(checked, { allocator: 'buddy' }).reportUninitializedReads).toBe(true)
    expect(withMachine(checked, { reportUninitializedReads: false })).toEqual(lesson)
  })
})
