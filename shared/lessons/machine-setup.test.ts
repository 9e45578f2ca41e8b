import { describe, expect, it } from 'vitest'
import { allocatorNames, checkAllocatorOptions } from '../sim/allocators/index'
import { layoutProgram } from '../sim/layout'
import { defaultAllocator } from '../lang/vm'
import type { StepSetup } from './format'
import { nearestName } from './nearest-name'
import {
  ALLOCATOR_OPTION_RULES,
  checkMachineSetup,
  layoutAllocator,
  maxStackLimit,
  type SetupBlockKeys
} from './machine-setup'
import { validatePack } from './validate'
import { validateRequest } from '../api'

/** A setup block that writes exactly the keys of `setup` (kebab-case), each on its own line. */
function blockOf(written: Record<string, unknown>): SetupBlockKeys {
  const keys = Object.keys(written)
  return {
    has: (key) => keys.includes(key),
    at: (path) => ({ line: 10 + Math.max(0, keys.indexOf(String(path[0]))), column: 1 }),
    fenceLine: 9
  }
}

function problemsOf(setup: StepSetup, written: Record<string, unknown> = {}, optionsLine?: number) {
  return checkMachineSetup(setup, blockOf(written), optionsLine)
}

/** Values to try for each option: every kind of value a YAML scalar can be, at the edges. */
const samples: unknown[] = [
  ...[-1, 0, 1, 2, 3, 4, 7, 8, 12, 16, 24, 31, 32, 33, 64, 65, 4096, 65536, 65537],
  ...[1024 * 1024, 1024 * 1024 + 1, 2 ** 30, 2 ** 30 + 1, 2 ** 31, 2 ** 40, 2 ** 40 + 1, 1.5],
  ...[true, false, '', 'first', 'best', 'lifo', 'fifo', 'size-ascending', 'immediate'],
  ...['deferred', 'none', 'never', 'failure', 'address', '8', 'yes']
]

describe('the machine a step sets up', () => {
  it('has option rules for every allocator the simulator offers', () => {
    expect(Object.keys(ALLOCATOR_OPTION_RULES).sort()).toEqual(
      allocatorNames()
        .map((a) => a.name)
        .sort()
    )
  })

  it('uses the allocator the simulator uses when a pack names none', () => {
    for (const layout of ['linux-x86_64', 'classroom'])
      expect(layoutAllocator(layout)).toBe(defaultAllocator(layout))
  })

  // The property that matters: no option value the simulator would refuse when a learner
  // reaches the step passes validation. The rules may be stricter only where listed below.
  const stricter: Record<string, (value: unknown) => boolean> = {
    // The simulator takes any truthy value for these; a pack must write true or false.
    footer: (v) => typeof v !== 'boolean',
    split: (v) => typeof v !== 'boolean',
    // Byte counts the free list does not check at all: a pack writes whole bytes.
    growBy: (v) => typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2 ** 40,
    mmapThreshold: (v) => typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 2 ** 40,
    minBlockSize: (v) => typeof v === 'number' && v > 2 ** 40,
    searchLimit: (v) => typeof v !== 'number' || !Number.isInteger(v) || v > 2 ** 31,
    // A list cannot be written in a pack's allocator-options at all (the schema's scalars).
    classes: () => true
  }
  for (const [allocator, rules] of Object.entries(ALLOCATOR_OPTION_RULES))
    it(`refuses what the ${allocator} allocator refuses, and only that`, () => {
      for (const option of Object.keys(rules))
        for (const value of samples) {
          const options = { [option]: value } as Record<string, string | number | boolean>
          let simulatorRefuses = false
          try {
            checkAllocatorOptions(allocator, options)
          } catch {
            simulatorRefuses = true
          }
          const found = problemsOf(
            { allocator, allocatorOptions: options },
            { allocator, 'allocator-options': options }
          ).filter((p) => p.severity !== 'warning')
          const what = `${allocator} ${option}: ${JSON.stringify(value)}`
          if (simulatorRefuses) expect(found.length, what).toBeGreaterThan(0)
          else if (!stricter[option]?.(value)) expect(found, what).toEqual([])
        }
    })

  it('names an unknown allocator, with the nearest name when one is close', () => {
    const [near] = problemsOf({ allocator: 'frist-fit' }, { allocator: 'frist-fit' })
    expect(near.reason.key).toBe('setup.unknownAllocatorNear')
    expect(near.reason.params).toMatchObject({ name: 'frist-fit', nearest: 'first-fit' })
    const [far] = problemsOf({ allocator: 'tlsf' }, { allocator: 'tlsf' })
    expect(far.message).toBe(
      'there is no allocator "tlsf"; the allocators are first-fit, next-fit, best-fit, worst-fit, segregated, glibc, buddy, pool, compacting'
    )
  })

  it('suggests names a typing slip away, not unrelated ones', () => {
    expect(nearestName('alignement', ['alignment', 'align'])).toBe('alignment')
    expect(nearestName('Best-Fit', ['best-fit'])).toBe('best-fit')
    expect(nearestName('bestfit', ['best-fit', 'worst-fit'])).toBe('best-fit')
    expect(nearestName('slab', ['pool', 'buddy', 'glibc'])).toBeUndefined()
    expect(nearestName('x', ['pool'])).toBeUndefined()
  })

  it("checks options against the layout's own allocator when the pack names none", () => {
    // classroom runs first fit: coalescing is one of its options; glibc has only tunables.
    expect(
      problemsOf(
        { layout: 'classroom', allocatorOptions: { coalescing: 'none' } },
        { layout: 1, 'allocator-options': 1 }
      )
    ).toEqual([])
    const [onLinux] = problemsOf({ allocatorOptions: { coalescing: 'none' } }, { 'allocator-options': 1 })
    expect(onLinux.message).toBe('the glibc allocator has no option "coalescing"; its options are tunables')
  })

  it('reports a mistake where it is written, once, not again in the steps that inherit it', () => {
    const setup: StepSetup = { allocator: 'first-fit', allocatorOptions: { alignment: 3 } }
    expect(problemsOf(setup, { allocator: 1, 'allocator-options': 1 })).toHaveLength(1)
    // The next step only moves the pause: nothing of the machine is written there.
    expect(problemsOf({ ...setup, runTo: { kind: 'end' } }, { 'run-to': 1 })).toEqual([])
  })

  it('says where inherited options came from when a step changes the allocator under them', () => {
    const [problem] = problemsOf(
      { allocator: 'pool', allocatorOptions: { coalescing: 'none' } },
      { allocator: 'pool' },
      7
    )
    expect(problem.message).toBe(
      'the pool allocator has no option "coalescing", which this step keeps from the allocator-options on line 7; give this step its own "allocator-options" (its options are objectSize, alignment, slotsPerChunk, mmapThreshold)'
    )
  })

  it('warns about a tunable glibc would ignore, and takes the ones it reads', () => {
    const tunables = 'glibc.malloc.tcache_count=0:glibc.malloc.tcache_cont=3:glibc.malloc.mxfast=999'
    const found = problemsOf(
      { allocator: 'glibc', allocatorOptions: { tunables } },
      { allocator: 1, 'allocator-options': 1 }
    )
    expect(found.map((p) => [p.severity, p.reason.params.entry])).toEqual([
      ['warning', 'glibc.malloc.tcache_cont=3'],
      ['warning', 'glibc.malloc.mxfast=999']
    ])
    expect(
      problemsOf(
        { allocator: 'glibc', allocatorOptions: { tunables: 'glibc.malloc.tcache_count=0' } },
        { allocator: 1, 'allocator-options': 1 }
      )
    ).toEqual([])
  })

  it('warns about a highlight the app cannot show, with the nearest name, and takes the ones it shows', () => {
    const found = problemsOf(
      { highlight: ['heap', 'program-brk', 'output', 'free-list'] },
      { highlight: 1 }
    )
    const known =
      'address-space, heap, stack, pointers, globals, bytes, charts, output, program-break'
    expect(found.map((p) => [p.severity, p.message])).toEqual([
      [
        'warning',
        `the app cannot highlight "program-brk"; did you mean "program-break"? (it highlights ${known})`
      ],
      [
        'warning',
        `the app cannot highlight "free-list", so this step would show nothing highlighted; it highlights ${known}`
      ]
    ])
    expect(
      problemsOf({ highlight: ['program-break', 'address-space', 'stack'] }, { highlight: 1 })
    ).toEqual([])
    // a step that inherits the highlight does not warn again
    expect(problemsOf({ highlight: ['free-list'] }, { 'run-to': 1 })).toEqual([])
  })

  it("refuses a stack limit the layout cannot hold, at the simulator's own limit", () => {
    // The simulator refuses a stack that reaches into the mmap area (shared/sim/layout.ts).
    for (const layout of ['classroom', 'linux-x86_64'] as const) {
      const max = maxStackLimit(layout)
      expect(() => layoutProgram({}, layout, { stackLimit: max })).not.toThrow()
      expect(() => layoutProgram({}, layout, { stackLimit: max + 1 })).toThrow(/does not fit/)
      expect(problemsOf({ layout, stackLimit: max }, { 'stack-limit': 1 })).toEqual([])
      expect(problemsOf({ layout, stackLimit: max + 1 }, { 'stack-limit': 1 })).toHaveLength(1)
    }
    // 12 KiB on classroom (0xf000 - 0xc000), worked out by hand from the profile.
    expect(maxStackLimit('classroom')).toBe(12 * 1024)
    // A step that moves to classroom under an earlier step's 64 KiB stack is told at "layout".
    const [moved] = problemsOf({ layout: 'classroom', stackLimit: 65536 }, { layout: 1 })
    expect(moved).toMatchObject({ line: 10, reason: { key: 'setup.stackLimitTooBig' } })
    expect(moved.message).toBe(
      '"stack-limit: 65536" does not fit the classroom layout, whose stack can be at most 12288 bytes (12 KiB, from the stack top down to the mmap area)'
    )
  })

  it('refuses such a pack when it is validated, saying file, line and column', () => {
    const lesson = [
      '# One',
      '',
      '```setup',
      'allocator: worst-fit',
      'allocator-options: { placement: worst, order: size-descending }',
      '```',
      '',
      'Prose.',
      '',
      '---',
      '',
      '```setup',
      'allocator: segregated',
      '```',
      '',
      'More prose.'
    ].join('\n')
    const manifest =
      'id: setup-pack\ntitle: T\nversion: 1.0.0\nauthors: [A]\nlicence: CC0-1.0\nlanguages: [en]\nlessons: [one]\n'
    const result = validatePack(
      new Map([
        ['pack.yaml', manifest],
        ['one.en.md', lesson]
      ]),
      { appVersion: '0.1.0' }
    )
    expect(result.pack).toBeUndefined()
    expect(result.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.reason?.key}`)).toEqual([
      'one.en.md:13:12: setup.inheritedOption',
      'one.en.md:13:12: setup.inheritedOption'
    ])
    expect(result.problems.map((p) => p.reason?.params.option)).toEqual(['placement', 'order'])
  })
})

describe('what a step sends to the simulator fits a run request', () => {
  const manifest =
    'id: limits-pack\ntitle: T\nversion: 1.0.0\nauthors: [A]\nlicence: CC0-1.0\nlanguages: [en]\nlessons: [one]\n'
  const validate = (lesson: string) =>
    validatePack(
      new Map([
        ['pack.yaml', manifest],
        ['one.en.md', lesson]
      ]),
      { appVersion: '0.1.0' }
    )

  it('refuses a program longer than run.start takes, at its fence', () => {
    // 20,001 lines of 10 characters and a newline each: 220,011 characters with the last newline.
    const body = Array.from({ length: 20_001 }, () => 'int x0;  /').join('\n')
    const result = validate(`# One\n\n\`\`\`c\n${body}\n\`\`\`\n`)
    expect(result.problems.map((p) => `${p.line}:${p.column}: ${p.message}`)).toEqual([
      '3:1: this program is 220011 characters long; a program may be at most 200000 (the app runs nothing longer)'
    ])
    // The request a learner's run would send is indeed refused.
    const program = result.loaded!.lessons.one.en.steps[0].program!
    expect(validateRequest('run.start', { source: program.source }).ok).toBe(false)
  })

  it('refuses tunables longer than run.start carries', () => {
    const tunables = 'glibc.malloc.tcache_count=0:'.repeat(8)
    expect(tunables.length).toBe(224)
    const result = validate(
      `# One\n\n\`\`\`setup\nallocator: glibc\nallocator-options: { tunables: "${tunables}" }\n\`\`\`\n\nProse.\n`
    )
    expect(result.problems.map((p) => `${p.line}:${p.column}: ${p.message}`)).toEqual([
      '5:32: option "tunables" of the glibc allocator must be a string of at most 200 characters, not "' +
        tunables +
        '"'
    ])
    expect(
      validateRequest('run.start', { source: '', options: { allocatorOptions: { tunables } } }).ok
    ).toBe(false)
  })
})
