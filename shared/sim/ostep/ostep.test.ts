import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  OSTEP_DEFAULTS,
  OSTEP_LIST_ORDERS,
  OSTEP_POLICIES,
  OstepInputError,
  PythonRandom,
  parseOpList,
  runOstep,
  type OstepParams
} from './index'
import { MALLOC_PY_DIGESTS } from './mallocPyDigests.fixture'

/** FNV-1a digest of `malloc.py -s 0 -c` (all defaults), from the scratch reconstruction. */
const SEED0_DEFAULT_DIGEST = 'eda937ce'

const params = (over: Partial<OstepParams>): OstepParams => ({
  ...OSTEP_DEFAULTS,
  compute: true,
  ...over
})

/** Free list after each op, for compact expectations. */
const lists = (p: Partial<OstepParams>): Array<Array<[number, number]>> =>
  runOstep(params(p)).ops.map((o) => o.freeList)

/** FNV-1a, 32 bits, over UTF-8: the digest the fixture was made with. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

describe('PythonRandom', () => {
  it('gives the values CPython prints for random.seed(0) and random.seed(42)', () => {
    // python3 -c "import random; random.seed(0); print([random.random() for _ in range(3)])"
    const zero = new PythonRandom(0)
    expect([zero.random(), zero.random(), zero.random()]).toEqual([
      0.8444218515250481, 0.7579544029403025, 0.420571580830845
    ])
    const fortyTwo = new PythonRandom(42)
    expect([fortyTwo.random(), fortyTwo.random(), fortyTwo.random()]).toEqual([
      0.6394267984578837, 0.025010755222666936, 0.27502931836911926
    ])
  })

  it('seeds big and negative integers as CPython does (abs value, 32-bit words)', () => {
    // python3: random.seed(2**32 + 7) -> 0.22550888929893187; random.seed(-3) -> 0.23796462709189137
    expect(new PythonRandom(2 ** 32 + 7).random()).toBe(0.22550888929893187)
    expect(new PythonRandom(-3).random()).toBe(0.23796462709189137)
  })
})

describe('OSTEP malloc.py: published answer key', () => {
  // vm-freespace/README.md shows `./malloc.py -S 100 -b 1000 -H 4 -a 4 -l ADDRSORT -p BEST -n 5 -c`.
  it('matches the README example without coalescing', () => {
    const run = runOstep(params({ headerSize: 4, alignment: 4, numOps: 5 }))
    expect(run.ops).toEqual([
      { op: 'alloc', index: 0, size: 3, ptr: 1004, searched: 1, freeList: [[1008, 92]] },
      {
        op: 'free',
        index: 0,
        rc: 0,
        freeList: [
          [1000, 8],
          [1008, 92]
        ]
      },
      {
        op: 'alloc',
        index: 1,
        size: 5,
        ptr: 1012,
        searched: 2,
        freeList: [
          [1000, 8],
          [1020, 80]
        ]
      },
      {
        op: 'free',
        index: 1,
        rc: 0,
        freeList: [
          [1000, 8],
          [1008, 12],
          [1020, 80]
        ]
      },
      {
        op: 'alloc',
        index: 2,
        size: 8,
        ptr: 1012,
        searched: 3,
        freeList: [
          [1000, 8],
          [1020, 80]
        ]
      }
    ])
  })

  it('matches the README example with -C', () => {
    const run = runOstep(params({ headerSize: 4, alignment: 4, numOps: 5, coalesce: true }))
    expect(run.ops.map((o) => (o.op === 'alloc' ? [o.ptr, o.searched] : [o.rc]))).toEqual([
      [1004, 1],
      [0],
      [1004, 1],
      [0],
      [1004, 1]
    ])
    expect(run.ops.map((o) => o.freeList)).toEqual([
      [[1008, 92]],
      [[1000, 100]],
      [[1012, 88]],
      [[1000, 100]],
      [[1012, 88]]
    ])
  })

  it('prints the default seed-0 run line for line as malloc.py -c does', () => {
    // Obtained by running malloc.py (reconstructed in a scratch directory) with `-s 0 -c`.
    // The first op: random() = 0.8444 >= 0.5 picks free, but nothing is live, so nothing
    // happens; 0.7580 the same; 0.4206 < 0.5 allocs int(r * 10) + 1 = 3 bytes at 1000.
    const text = runOstep(params({})).text
    expect(text.split('\n').slice(0, 21).join('\n')).toBe(
      [
        'seed 0',
        'size 100',
        'baseAddr 1000',
        'headerSize 0',
        'alignment -1',
        'policy BEST',
        'listOrder ADDRSORT',
        'coalesce False',
        'numOps 10',
        'range 10',
        'percentAlloc 50',
        'allocList ',
        'compute True',
        '',
        'ptr[0] = Alloc(3) returned 1000 (searched 1 elements)',
        'Free List [ Size 1 ]: [ addr:1003 sz:97 ]',
        '',
        'Free(ptr[0])',
        'returned 0',
        'Free List [ Size 2 ]: [ addr:1000 sz:3 ][ addr:1003 sz:97 ]',
        ''
      ].join('\n')
    )
    // The whole run, 10 ops, also from that reconstruction.
    expect(fnv1a(text)).toBe(SEED0_DEFAULT_DIGEST)
  })

  it('keeps malloc.py\u2019s seeded-mode line for a failed alloc: -1 + header size', () => {
    // -S 20 -H 4 -n 6 -P 90 -s 0: Alloc(8) takes 8 + 4 = 12 bytes (1000..1011, ptr 1004),
    // Alloc(3) takes 7 (1012..1018, ptr 1016), leaving [1019, 1]; Alloc(5) needs 9 and fails.
    // malloc.py prints ptr + headerSize = -1 + 4 = 3; the structured result says -1.
    const run = runOstep(params({ size: 20, headerSize: 4, numOps: 6, percentAlloc: 90 }))
    expect(run.text).toContain('ptr[2] = Alloc(5) returned 3 (searched 1 elements)\n')
    expect(run.ops[2]).toMatchObject({ op: 'alloc', ptr: -1, searched: 1 })
  })

  it('prints question marks without -c', () => {
    const text = runOstep(params({ compute: false, numOps: 2 })).text
    expect(text).toContain(
      'ptr[0] = Alloc(3) returned ?\nList? \n\nFree(ptr[0])\nreturned ?\nList? \n'
    )
    const listed = runOstep(params({ compute: false, allocList: '+5' })).text
    expect(listed.endsWith('ptr[0] = Alloc(5) returned ?\nList?\n\n')).toBe(true)
  })
})

describe('OSTEP rules, hand-worked', () => {
  it('rounds to the alignment before adding the header', () => {
    // -H 4 -a 8, Alloc(10): 10 % 8 = 2, so 10 + 6 = 16, plus the 4-byte header = 20 bytes;
    // the block is 1000..1019, the pointer 1000 + 4 = 1004, the remainder [1020, 80].
    const [op] = runOstep(params({ headerSize: 4, alignment: 8, allocList: '+10' })).ops
    expect(op).toEqual({
      op: 'alloc',
      index: 0,
      size: 10,
      ptr: 1004,
      searched: 1,
      freeList: [[1020, 80]]
    })
  })

  it('BEST scans the whole list and takes the smallest fit; a miss still counts every element', () => {
    // +10 +20: [1030, 70]. -0 (ADDRSORT): [1000,10][1030,70]. +5: both fit, 10 < 70, chosen
    // 1000 after looking at 2 elements; remainder [1005, 5]. +80: nothing fits, 2 searched.
    const run = runOstep(params({ allocList: '+10,+20,-0,+5,+80' }))
    expect(run.ops[3]).toMatchObject({
      ptr: 1000,
      searched: 2,
      freeList: [
        [1005, 5],
        [1030, 70]
      ]
    })
    expect(run.ops[4]).toMatchObject({
      ptr: -1,
      searched: 2,
      freeList: [
        [1005, 5],
        [1030, 70]
      ]
    })
  })

  it('FIRST stops at the first fit; WORST and BEST keep the first of equal sizes', () => {
    // +50 then -0 with INSERT-BACK: [1050, 50][1000, 50]. Alloc(10):
    // FIRST looks at 1 element; BEST and WORST look at 2 and keep the first 50 (strict < / >).
    for (const [policy, searched] of [
      ['FIRST', 1],
      ['BEST', 2],
      ['WORST', 2]
    ] as const) {
      const run = runOstep(params({ policy, listOrder: 'INSERT-BACK', allocList: '+50,-0,+10' }))
      expect(run.ops[2]).toMatchObject({
        ptr: 1050,
        searched,
        freeList: [
          [1060, 40],
          [1000, 50]
        ]
      })
    }
  })

  it('INSERT-FRONT puts a freed chunk at the head of the list', () => {
    // +10 +10: [1020, 80]; -0: [1000,10][1020,80]; -1: [1010,10][1000,10][1020,80].
    expect(lists({ listOrder: 'INSERT-FRONT', allocList: '+10,+10,-0,-1' })[3]).toEqual([
      [1010, 10],
      [1000, 10],
      [1020, 80]
    ])
  })

  it('coalesces only neighbours in list order (SIZESORT+)', () => {
    // +10 +20 +30: [1060, 40]. -1 frees [1010,20]: sorted by size [1010,20][1060,40], no merge.
    // -0 frees [1000,10]: sorted [1000,10][1010,20][1060,40]; 1000 + 10 = 1010 merges to
    // [1000,30]; 1000 + 30 = 1030 != 1060. Then +35 (FIRST): 30 too small, [1060,40] fits
    // after 2 elements, remainder [1095, 5] keeps its place.
    const run = runOstep(
      params({
        policy: 'FIRST',
        listOrder: 'SIZESORT+',
        coalesce: true,
        allocList: '+10,+20,+30,-1,-0,+35'
      })
    )
    expect(run.ops[4]!.freeList).toEqual([
      [1000, 30],
      [1060, 40]
    ])
    expect(run.ops[5]).toMatchObject({
      ptr: 1060,
      searched: 2,
      freeList: [
        [1000, 30],
        [1095, 5]
      ]
    })
  })

  it('leaves memory neighbours apart when the list order does not bring them together (SIZESORT-)', () => {
    // +10 +20: [1030, 70]. -1: [1030,70][1010,20] (1030 + 70 = 1100 != 1010). -0: appended
    // [1000,10] sorts last; 1010 != 1100 and 1000 != 1030: three chunks although 1000..1099
    // is all free.
    expect(
      lists({ listOrder: 'SIZESORT-', coalesce: true, allocList: '+10,+20,-1,-0' })[3]
    ).toEqual([
      [1030, 70],
      [1010, 20],
      [1000, 10]
    ])
  })

  it('does not re-sort after a split, so a size-sorted list can fall out of order', () => {
    // SIZESORT+: +10,+30,-0 gives [1000,10][1040,60]; BEST +55 cuts 1040..1094,
    // leaving [1000,10][1095,5]: 10 before 5, unsorted until the next free.
    expect(lists({ listOrder: 'SIZESORT+', allocList: '+10,+30,-0,+55' })[3]).toEqual([
      [1000, 10],
      [1095, 5]
    ])
  })
})

describe('OSTEP -A fixes', () => {
  it('numbers every alloc, failed or not, and a free of a failed alloc returns -1', () => {
    // +200 fails (index 0); -0 returns -1 and changes nothing; +10 is index 1 at 1000;
    // -1 frees it; -1 again returns -1.
    const run = runOstep(params({ allocList: '+200,-0,+10,-1,-1' }))
    expect(
      run.ops.map((o) => (o.op === 'alloc' ? ['alloc', o.index, o.ptr] : ['free', o.index, o.rc]))
    ).toEqual([
      ['alloc', 0, -1],
      ['free', 0, -1],
      ['alloc', 1, 1000],
      ['free', 1, 0],
      ['free', 1, -1]
    ])
    expect(run.ops[4]!.freeList).toEqual([
      [1000, 10],
      [1010, 90]
    ])
  })

  it('a second free of an index does not free a later block at the same address', () => {
    // +10 at 1000, -0, +10 reuses 1000 as ptr[1]; the second -0 must leave ptr[1] allocated.
    const run = runOstep(params({ allocList: '+10,-0,+10,-0' }))
    expect(run.ops[3]).toEqual({ op: 'free', index: 0, rc: -1, freeList: [[1010, 90]] })
  })

  it('returns block address + header size in -A mode', () => {
    // -H 8: Alloc(4) takes 12 bytes at 1000; the pointer is 1008.
    expect(runOstep(params({ headerSize: 8, allocList: '+4' })).text).toContain(
      'ptr[0] = Alloc(4) returned 1008 (searched 1 elements)'
    )
  })
})

describe('bad input', () => {
  it('names the token of a malformed op list', () => {
    expect(() => parseOpList('+10,x3')).toThrow(/op 2 "x3"/)
    expect(() => parseOpList('+10,')).toThrow(/op 2 ""/)
    expect(() => parseOpList('+10,-1')).toThrow(/frees ptr\[1\], but only 1 allocation/)
  })

  it('accepts -r 0 as malloc.py does: every generated size is int(r * 0) + 1 = 1', () => {
    const sizes = runOstep(params({ range: 0, numOps: 6 })).ops.flatMap((o) =>
      o.op === 'alloc' ? [o.size] : []
    )
    expect(sizes.length).toBeGreaterThan(0)
    expect(sizes.every((n) => n === 1)).toBe(true)
  })

  it('names the parameter that is out of range', () => {
    expect(() => runOstep(params({ alignment: 0 }))).toThrow(/-a \(alignment\)/)
    expect(() => runOstep(params({ percentAlloc: 0 }))).toThrow(OstepInputError)
    expect(() => runOstep(params({ policy: 'NEXT' as never }))).toThrow(/-p \(policy\).*"NEXT"/)
    expect(() => runOstep(params({ allocList: '+0,+0' }))).toThrow(/zero-byte block/)
  })
})

describe('every policy x order x coalesce x alignment x header against malloc.py', () => {
  // Expected digests: see mallocPyDigests.fixture.ts for how they were obtained.
  const opLists = [
    '+20,+30,-0,+40,+15,-2,+60,-1,+5,-0,+33,-4,+8,-3,+2,-6,+1,-5,+12,-8',
    '+3,+7,+11,-1,+2,-0,+5,-2,+9,+4,-3,-4,+50,-5,+25,+13,-7,-6,+6,-9'
  ]
  let row = 0
  for (const policy of OSTEP_POLICIES) {
    for (const listOrder of OSTEP_LIST_ORDERS) {
      for (const coalesce of [false, true]) {
        for (const alignment of [-1, 4]) {
          for (const headerSize of [0, 4]) {
            const expected = MALLOC_PY_DIGESTS[row++]!.split(' ')
            it(`${policy} ${listOrder} coalesce=${coalesce} align=${alignment} header=${headerSize}`, () => {
              const base = { policy, listOrder, coalesce, alignment, headerSize }
              const got = [
                ...opLists.map((allocList) => runOstep(params({ ...base, allocList })).text),
                ...[0, 1, 7].map(
                  (seed) =>
                    runOstep(params({ ...base, seed, numOps: 20, range: 30, percentAlloc: 60 }))
                      .text
                )
              ].map(fnv1a)
              expect(got).toEqual(expected)
            })
          }
        }
      }
    }
  }
})

describe('OSTEP invariants over random op lists', () => {
  it('free chunks and live blocks always tile the heap; ADDRSORT + coalesce leaves no neighbours apart', () => {
    fc.assert(
      fc.property(
        fc.record({
          policy: fc.constantFrom(...OSTEP_POLICIES),
          listOrder: fc.constantFrom(...OSTEP_LIST_ORDERS),
          coalesce: fc.boolean(),
          alignment: fc.constantFrom(-1, 1, 4, 8),
          headerSize: fc.constantFrom(0, 4, 8)
        }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 40 })), {
          minLength: 1,
          maxLength: 40
        }),
        (config, raw) => {
          // Each op allocates (always the first) or frees one of the allocs made so far.
          let allocs = 0
          const tokens: string[] = []
          for (const [alloc, n] of raw) {
            if (alloc || allocs === 0) {
              tokens.push(`+${n}`)
              allocs++
            } else tokens.push(`-${n % allocs}`)
          }
          const run = runOstep(params({ ...config, allocList: tokens.join(',') }))
          const live = new Map<number, number>() // alloc index -> block address
          const sizes = new Map<number, number>()
          for (const o of run.ops) {
            if (o.op === 'alloc' && o.ptr !== -1) {
              const address = o.ptr - config.headerSize
              live.set(o.index, address)
              const rounded =
                config.alignment === -1
                  ? o.size
                  : Math.ceil(o.size / config.alignment) * config.alignment
              sizes.set(o.index, rounded + config.headerSize)
            } else if (o.op === 'free' && o.rc === 0) live.delete(o.index)
            const pieces = [
              ...o.freeList,
              ...[...live].map(([i, a]) => [a, sizes.get(i)!] as [number, number])
            ]
            pieces.sort((a, b) => a[0] - b[0])
            let at = 1000
            for (const [address, size] of pieces) {
              expect(address).toBe(at)
              at += size
            }
            expect(at).toBe(1100)
            if (config.coalesce && config.listOrder === 'ADDRSORT' && o.op === 'free') {
              for (let i = 1; i < o.freeList.length; i++) {
                expect(o.freeList[i]![0]).not.toBe(o.freeList[i - 1]![0] + o.freeList[i - 1]![1])
              }
            }
          }
        }
      ),
      { numRuns: 300, seed: 17 }
    )
  })
})
