/**
 * The simulator's glibc allocator against the real glibc of this machine: every script below is
 * run natively by tools/probes/heap-script.c (compiled here with gcc) and through the real Machine
 * with `--allocator glibc`, with and without GLIBC_TUNABLES=glibc.malloc.tcache_count=0, and the
 * reports (offsets from the initial break, raw size words, break movements, where mmapped chunks
 * land relative to each other, glibc's abort message) must be identical.
 * No expected value is written down here: the real allocator is the oracle.
 */
import { describe, expect, it } from 'vitest'
import {
  compileProbe,
  lines,
  runOnMachine,
  runProbe,
  type Outcome
} from '../../../../tools/probes/heap-script-probe'

const probe = compileProbe()

const runNative = (script: string, tunables: string): Outcome =>
  runProbe(probe as string, script, tunables)
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

/** A small seeded generator (mulberry32), so the random scripts are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A random mix of malloc/calloc/realloc/free over `ids` slots, sizes drawn from `sizes`. */
function randomScript(seed: number, count: number, ids: number, sizes: () => number): string {
  const random = seeded(seed)
  const live = new Set<number>()
  const ops: string[] = []
  for (let i = 0; i < count; i++) {
    const id = Math.floor(random() * ids)
    const roll = random()
    if (live.has(id)) {
      if (roll < 0.6) {
        ops.push(`f ${id}`)
        live.delete(id)
      } else if (roll < 0.8) {
        ops.push(`r ${id} ${sizes()}`)
      } else {
        ops.push(`s ${id}`)
      }
    } else {
      ops.push(
        roll < 0.85 ? `m ${id} ${sizes()}` : `c ${id} ${1 + Math.floor(random() * 4)} ${sizes()}`
      )
      live.add(id)
    }
  }
  return ops.join('\n') + '\n'
}

/**
 * Random malloc/free/realloc mixed with memalign, aligned_alloc and posix_memalign (alignments
 * powers of two or not, some too small to matter), malloc_usable_size and malloc_trim.
 * Alignments stay at or below the page size: where a larger one lands depends on where ASLR
 * put the heap or the mapping, which the native run does not control.
 */
function randomAlignedScript(seed: number, count: number, ids: number): string {
  const random = seeded(seed)
  const live = new Set<number>()
  const ops: string[] = []
  const alignments = [8, 16, 24, 32, 48, 64, 100, 128, 256, 1000, 2048, 4096]
  const size = (): number =>
    random() < 0.9 ? Math.floor(random() * 3000) : 100000 + Math.floor(random() * 200000)
  for (let i = 0; i < count; i++) {
    const id = Math.floor(random() * ids)
    const roll = random()
    const alignment = alignments[Math.floor(random() * alignments.length)] as number
    if (roll < 0.01) {
      ops.push(`t ${Math.floor(random() * 3) * 65536}`)
    } else if (live.has(id)) {
      if (roll < 0.55) {
        ops.push(`f ${id}`)
        live.delete(id)
      } else if (roll < 0.75) ops.push(`r ${id} ${size()}`)
      else ops.push(`u ${id}`)
    } else {
      if (roll < 0.4) ops.push(`m ${id} ${size()}`)
      else if (roll < 0.7) ops.push(`M ${id} ${alignment} ${size()}`)
      else if (roll < 0.85) ops.push(`A ${id} ${alignment} ${size()}`)
      else {
        // Only a power-of-two multiple of 8 succeeds; the id stays free otherwise.
        ops.push(`P ${id} ${alignment} ${size()}`)
        if (alignment % 8 === 0 && Number.isInteger(Math.log2(alignment / 8))) live.add(id)
        continue
      }
      live.add(id)
    }
  }
  return ops.join('\n') + '\n'
}

/** memalign, posix_memalign, aligned_alloc, malloc_usable_size and malloc_trim. */
const alignedScenarios: Record<string, string> = {
  'memalign frees the lead and the tail back to the bins': lines(
    'm 0 24',
    'M 1 64 100',
    'u 1',
    'M 2 4096 10',
    'u 2',
    'M 3 100 50',
    'M 4 8 20',
    'M 5 16 20',
    'm 6 24',
    'm 7 40',
    'm 8 3000',
    'f 1',
    'f 2',
    'm 9 24',
    'm 10 4000'
  ),
  'memalign as the first call, before the tcache exists': lines(
    'M 0 256 40',
    'm 1 24',
    'u 1',
    'f 0',
    'm 2 40',
    'M 3 1024 5000'
  ),
  'aligned_alloc and posix_memalign, valid and invalid alignments': lines(
    'A 0 64 1',
    'P 1 24 8',
    'P 2 0 8',
    'P 3 48 8',
    'P 4 4 8',
    'P 5 128 1000',
    'A 6 100 10',
    'A 7 0 10',
    'u 5',
    'u 6'
  ),
  'memalign of mmapped chunks': lines(
    'M 0 4096 300000',
    'u 0',
    'M 1 2048 200000',
    'u 1',
    'r 1 400000',
    'f 0',
    'f 1',
    'm 2 300000',
    'u 2'
  ),
  'malloc_usable_size of in-use, cached, free and mmapped chunks': lines(
    'm 0 0',
    'u 0',
    'm 1 24',
    'u 1',
    'm 2 25',
    'u 2',
    'm 3 1000',
    'u 3',
    'm 4 200000',
    'u 4',
    'm 5 5000',
    'm 6 16',
    'f 5',
    'u 5',
    'f 1',
    'u 1'
  ),
  'malloc_trim gives back the pages of free chunks and the top': lines(
    ...range(40).map((i) => `m ${i} ${5000 + i * 300}`),
    ...range(20).map((i) => `f ${2 * i}`),
    't 0',
    'm 100 20000',
    ...range(20).map((i) => `f ${2 * i + 1}`),
    't 65536',
    't 0',
    'm 101 24',
    't 0'
  ),
  'malloc_trim with nothing to give back, and with fast chunks to consolidate': lines(
    't 0',
    'm 0 24',
    't 0',
    ...range(12).map((i) => `m ${1 + i} 40`),
    ...range(12).map((i) => `f ${1 + i}`),
    't 0',
    'm 20 40'
  ),
  'random memalign, posix_memalign, aligned_alloc, usable sizes and trims': randomAlignedScript(
    21,
    3000,
    200
  )
}

const scenarios: Record<string, string> = {
  'same-size reuse and LIFO order': lines(
    'm 0 24',
    'm 1 24',
    'm 2 24',
    'm 9 24',
    'f 0',
    'f 1',
    'f 2',
    'm 3 24',
    'm 4 20',
    'm 5 17',
    'm 6 24'
  ),
  'tcache bin fills (7) and spills into a fast bin': lines(
    ...range(10).map((i) => `m ${i} 40`),
    ...range(9).map((i) => `f ${i}`),
    ...range(9).map((i) => `m ${20 + i} 40`),
    ...range(9).map((i) => `s ${20 + i}`)
  ),
  'fast chunks do not coalesce; a large request consolidates them': lines(
    ...range(12).map((i) => `m ${i} 72`),
    'm 99 16',
    ...range(12).map((i) => `f ${i}`),
    ...range(12).map((i) => `s ${i}`),
    'm 50 1500',
    'm 51 72',
    's 50'
  ),
  'small chunks through the unsorted bin, small bins and last_remainder': lines(
    ...range(10).map((i) => `m ${i} 200`),
    'm 98 16',
    ...range(10).map((i) => `m ${30 + i} 600`),
    'm 99 16',
    ...range(10).map((i) => `f ${i}`),
    ...range(10).map((i) => `f ${30 + i}`),
    'm 60 100',
    'm 61 100',
    'm 62 100',
    'm 63 200',
    'm 64 600',
    'm 65 300',
    'm 66 40',
    'm 67 16'
  ),
  'coalescing with neighbours and with the top chunk': lines(
    'm 0 2000',
    'm 1 2000',
    'm 2 2000',
    'm 3 2000',
    'f 1',
    'f 2',
    's 1',
    'm 4 3000',
    'f 3',
    'f 4',
    'f 0',
    'm 5 5000',
    'm 6 16'
  ),
  'best fit among large chunks (sorted large bin, nextsize links)': lines(
    'm 0 3000',
    'm 90 16',
    'm 1 3200',
    'm 91 16',
    'm 2 3100',
    'm 92 16',
    'm 3 3100',
    'm 93 16',
    'm 4 3050',
    'm 94 16',
    'f 0',
    'f 1',
    'f 2',
    'f 3',
    'f 4',
    'm 5 5000',
    'm 6 3080',
    'm 7 3080',
    'm 8 2900',
    'm 9 2000',
    'm 10 3200',
    'm 11 16'
  ),
  'calloc does not take from the tcache': lines(
    'm 0 100',
    'm 1 100',
    'f 0',
    'c 2 10 10',
    'm 3 100',
    'c 4 1 100',
    'c 5 3 7',
    'f 5',
    'c 6 3 7'
  ),
  'realloc in place into top, shrinking, into a free neighbour, and moving': lines(
    'm 0 100',
    'r 0 200',
    'r 0 5000',
    'r 0 40',
    'm 1 300',
    'm 2 2000',
    'm 3 16',
    'f 2',
    'r 1 1500',
    'r 1 3000',
    'm 4 100',
    'r 4 2000',
    'r 4 0',
    'r 5 64',
    'r 5 64'
  ),
  'mmapped chunks and the dynamic mmap threshold': lines(
    'm 0 200000',
    'm 1 1048576',
    'm 2 131072',
    'm 3 131056',
    'f 0',
    'm 4 200000',
    'm 5 200000',
    'f 1',
    'm 6 1048576',
    'm 7 2000000',
    'f 7',
    'f 6',
    'f 5',
    'f 4',
    'm 8 16'
  ),
  'mmap only when no free chunk or top can serve': lines(
    'm 0 300000',
    'm 9 16',
    'f 0',
    'm 1 300000',
    'm 2 200000',
    'm 3 140000'
  ),
  'realloc of mmapped chunks (mremap: moves, then grows in place into the hole above)': lines(
    'm 0 500000',
    'r 0 600000',
    'r 0 700000',
    'r 0 800000',
    'r 0 1500000',
    'm 1 300000',
    'r 0 300000',
    'm 2 200000',
    'r 0 100',
    'f 0',
    'm 3 16'
  ),
  'growth and trimming of the break over thousands of allocations': lines(
    ...range(3000).map((i) => `m ${i} ${16 + ((i * 37) % 500)}`),
    ...range(3000).map((i) => `f ${(i * 7) % 3000}`),
    ...range(1000).map((i) => `m ${i} ${1000 + ((i * 91) % 3000)}`),
    ...range(1000).map((i) => `f ${999 - i}`),
    'm 5000 16'
  ),
  'the program moves the break itself (sbrk) between mallocs': lines(
    'm 0 16',
    'm 1 100000',
    'b 4096',
    'm 2 100000',
    'm 3 16',
    'm 4 20000',
    'f 1',
    'f 2',
    'b -4096',
    'm 5 300',
    'b 0'
  ),
  'random small requests': randomScript(
    1,
    3000,
    200,
    (
      (r) => () =>
        1 + Math.floor(r() * 300)
    )(seeded(11))
  ),
  'random mixed requests': randomScript(
    2,
    3000,
    120,
    ((r) => () => (r() < 0.8 ? Math.floor(r() * 1100) : Math.floor(r() * 70000)))(seeded(12))
  ),
  'random large requests': randomScript(
    3,
    1500,
    60,
    (
      (r) => () =>
        1000 + Math.floor(r() * 300000)
    )(seeded(13))
  ),
  // Misuse: glibc aborts with its own message.
  'double free': lines('m 0 24', 'f 0', 'f 0'),
  'double free of a chunk freed earlier': lines('m 0 24', 'm 1 24', 'f 0', 'f 1', 'f 0'),
  'double free of a small-bin-sized chunk': lines('m 0 2000', 'm 1 16', 'f 0', 'f 0'),
  'free of a misaligned pointer into a block': lines('m 0 64', 'a 1 0 8', 'f 1'),
  'free of an aligned pointer into a block': lines(
    'm 0 64',
    'w 0 8 0x31',
    'a 1 0 16',
    'f 1',
    'm 2 32',
    'a 3 0 32',
    'f 3'
  ),
  'free of a chunk whose size word was zeroed': lines('m 0 64', 'm 1 64', 'w 0 72 0', 'f 1'),
  'corrupted top size': lines('m 0 24', 'w 0 24 -1', 'm 1 200'),
  'heap overflow into the next chunk size': lines(
    'm 0 2000',
    'm 1 2000',
    'm 2 16',
    'w 0 2000 0x20000',
    'f 1'
  ),
  // Clearing the tcache key (a use after free) hides the second free: the chunk then comes
  // back from malloc three times. (Values written must not depend on where ASLR put the heap.)
  'use after free clears the tcache key, so a double free goes unnoticed': lines(
    'm 0 24',
    'm 1 24',
    'f 0',
    'f 1',
    'w 1 8 0',
    'f 1',
    'm 2 24',
    'm 3 24',
    'm 4 24'
  ),
  'use after free overwrites an unsorted chunk fd': lines(
    'm 0 2000',
    'm 1 16',
    'f 0',
    'w 0 0 0x1000',
    'm 2 16'
  ),
  'overflow into prev_size before a backward merge': lines(
    'm 0 2000',
    'm 1 2000',
    'm 2 16',
    'f 0',
    'w 1 -16 0x120',
    'f 1'
  ),
  'overflow into the next size of a fast chunk': lines(
    'm 0 24',
    'm 1 24',
    'm 2 16',
    'w 0 24 0x1',
    'f 0'
  ),
  'overflow into the next size of a normal chunk': lines(
    'm 0 2000',
    'm 1 16',
    'w 0 2008 0x5',
    'f 0'
  ),
  // An mmapped chunk is unmapped by its first free: the second free (or a realloc, or
  // malloc_usable_size) reads its size word from unmapped memory, and the process dies of
  // SIGSEGV, not of an abort.
  'double free of an mmapped chunk': lines('m 0 1048576', 'f 0', 'f 0'),
  'double free of an mmapped chunk, with another mapping below it': lines(
    'm 0 1048576',
    'm 1 1048576',
    'm 2 16',
    'f 0',
    'f 0'
  ),
  'realloc of a freed mmapped chunk': lines('m 0 200000', 'm 1 16', 'f 0', 'r 0 100'),
  'malloc_usable_size of a freed mmapped chunk': lines('m 0 1048576', 'f 0', 'u 0'),
  'free of a pointer into unmapped memory': lines('m 0 16', 'a 1 0 -4294967296', 'f 1'),
  'heap overflow into a free neighbour': lines(
    'm 0 24',
    'm 1 2000',
    'm 2 16',
    'f 1',
    'w 0 24 0x41',
    'm 3 3000'
  )
}

describe.skipIf(probe === undefined)('glibc allocator agrees with the real glibc 2.36', () => {
  for (const [name, script] of Object.entries(scenarios)) {
    for (const tunables of ['', 'glibc.malloc.tcache_count=0']) {
      it(`${name}${tunables === '' ? '' : ` (${tunables})`}`, () => {
        const native = runNative(script, tunables)
        expect(runOnMachine(script, tunables)).toEqual(native)
      })
    }
  }

  // The other tunables, on the scenarios they change.
  const tuned: Array<[string, string]> = [
    ['mmapped chunks and the dynamic mmap threshold', 'glibc.malloc.mmap_threshold=65536'],
    ['mmap only when no free chunk or top can serve', 'glibc.malloc.mmap_threshold=0x40000'],
    [
      'growth and trimming of the break over thousands of allocations',
      'glibc.malloc.top_pad=4096:glibc.malloc.trim_threshold=8192'
    ],
    ['random mixed requests', 'glibc.malloc.mxfast=0:glibc.malloc.tcache_max=100'],
    ['tcache bin fills (7) and spills into a fast bin', 'glibc.malloc.tcache_count=3'],
    ['random large requests', 'glibc.malloc.mmap_max=2'],
    ['random small requests', 'glibc.malloc.tcache_unsorted_limit=2:glibc.malloc.perturb=165']
  ]
  for (const [name, tunables] of tuned) {
    it(`${name} (${tunables})`, () => {
      const script = scenarios[name] as string
      const native = runNative(script, tunables)
      expect(runOnMachine(script, tunables)).toEqual(native)
    })
  }

  for (const [name, script] of Object.entries(alignedScenarios)) {
    for (const tunables of ['', 'glibc.malloc.tcache_count=0']) {
      it(`${name}${tunables === '' ? '' : ` (${tunables})`}`, () => {
        const native = runNative(script, tunables)
        expect(runOnMachine(script, tunables)).toEqual(native)
      })
    }
  }

  it('the misuse scripts really abort natively (so the comparisons above test the messages)', () => {
    expect(runNative(scenarios['double free'] as string, '').abort).toBe(
      'free(): double free detected in tcache 2'
    )
    expect(runNative(scenarios['double free'] as string, 'glibc.malloc.tcache_count=0').abort).toBe(
      'double free or corruption (fasttop)'
    )
    expect(runNative(scenarios['corrupted top size'] as string, '').abort).toBe(
      'malloc(): corrupted top size'
    )
    expect(runNative(scenarios['double free of an mmapped chunk'] as string, '')).toEqual({
      lines: ['0 m 16 0x101002 135168 0', 'f 0 135168'],
      segmentationFault: true
    })
  })
})

/**
 * A script that shows most tunables at work: how many 24- and 1000-byte chunks the tcache keeps
 * (the order they come back in), whether 100-byte chunks go to a fast bin, where 70,000 and
 * 200,000 bytes land (mmap threshold, mmap_max), how far the break moves (top_pad) and whether
 * freeing the top gives memory back (trim_threshold).
 */
const tunablesWitness = lines(
  ...range(10).map((i) => `m ${i} 24`),
  ...range(10).map((i) => `m ${10 + i} 1000`),
  ...range(10).map((i) => `m ${20 + i} 100`),
  'm 30 24',
  ...range(10).map((i) => `f ${i}`),
  ...range(10).map((i) => `f ${10 + i}`),
  ...range(10).map((i) => `f ${20 + i}`),
  ...range(10).map((i) => `m ${40 + i} 24`),
  ...range(10).map((i) => `m ${50 + i} 1000`),
  ...range(10).map((i) => `m ${60 + i} 100`),
  'm 70 70000',
  'm 71 200000',
  'm 72 300000',
  'f 71',
  'm 73 200000',
  'f 72',
  'f 70',
  'm 74 100'
)

describe.skipIf(probe === undefined)(
  'tunables out of range or malformed, as glibc 2.36 reads them',
  () => {
    const strings = [
      'glibc.malloc.tcache_count=65536',
      'glibc.malloc.tcache_count=65535',
      'glibc.malloc.tcache_count=-1',
      'glibc.malloc.tcache_count=seven',
      'glibc.malloc.tcache_count=3x',
      'glibc.malloc.tcache_count= 2',
      'glibc.malloc.tcache_count=+2',
      'glibc.malloc.tcache_count=03',
      'glibc.malloc.tcache_count=0x',
      'glibc.malloc.tcache_count=99999999999999999999999',
      'glibc.malloc.tcache_count',
      'glibc.malloc.tcache_count:glibc.malloc.tcache_count=1',
      'glibc.malloc.tcache_count=1:glibc.malloc.tcache_count',
      'glibc.malloc.tcache_count=0=1',
      ' glibc.malloc.tcache_count=0',
      'glibc.malloc.tcache_count=2:glibc.malloc.tcache_count=70000',
      'glibc.malloc.tcache_cnt=0:glibc.malloc.tcache_count=2',
      'glibc.malloc.arena_max=1:glibc.malloc.tcache_count=1',
      'glibc.malloc.tcache_max=1033',
      'glibc.malloc.tcache_max=0',
      'glibc.malloc.tcache_max=-1',
      'glibc.malloc.mxfast=161',
      'glibc.malloc.mxfast=-1',
      'glibc.malloc.mxfast=0',
      'glibc.malloc.mmap_threshold=-1',
      'glibc.malloc.mmap_threshold=0x8000000000000000',
      'glibc.malloc.mmap_threshold=0',
      'glibc.malloc.trim_threshold=-1',
      'glibc.malloc.trim_threshold=0',
      'glibc.malloc.top_pad=0',
      'glibc.malloc.mmap_max=-1',
      'glibc.malloc.mmap_max=0x80000000',
      'glibc.malloc.mmap_max=0x7fffffff',
      'glibc.malloc.mmap_max=0',
      'glibc.malloc.perturb=256:glibc.malloc.tcache_count=1',
      'glibc.malloc.tcache_unsorted_limit=-1'
    ]
    for (const tunables of strings) {
      it(`"${tunables}"`, () => {
        const native = runNative(tunablesWitness, tunables)
        expect(runOnMachine(tunablesWitness, tunables)).toEqual(native)
      })
    }
  }
)
