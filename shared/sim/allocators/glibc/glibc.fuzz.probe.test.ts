/**
 * Differential fuzzing against the real glibc 2.36 (tools/probes/heap-fuzz.ts): random heap
 * scripts whose sizes hit every regime ptmalloc2 treats differently (0, the tcache and fast bin
 * edges, small and large bins, the mmap threshold ± a page, mmapped sizes, requests no heap can
 * serve), with realloc to 0 and of NULL, the memalign family, malloc_usable_size, malloc_trim
 * and mallopt, under several sets of tunables; each is run natively by heap-script.c and
 * through the Machine, and the reports must be identical. Then the small scripts the fuzzer
 * shrank its divergences to, each a fix of the simulator. The real allocator is the oracle.
 */
import { describe, expect, it } from 'vitest'
import { fuzzScript } from '../../../../tools/probes/heap-fuzz'
import {
  compileProbe,
  lines,
  runOnMachine,
  runProbe
} from '../../../../tools/probes/heap-script-probe'

const probe = compileProbe()

/** Shrunk from fuzzing divergences; the comment says what the simulator did wrong. */
const divergences: Array<{ name: string; tunables: string; script: string }> = [
  {
    // Linux places a mapping in the highest gap that fits: the 40 KiB between libc's pages and
    // ld.so's comes before the area below the libraries (we put every mapping below them).
    name: 'a small mapping lands in the gap between the shared libraries',
    tunables: 'glibc.malloc.mmap_threshold=4096',
    script: lines('m 13 50394', 'm 1 62269', 'm 3 24013', 'm 8 112592')
  },
  {
    // mremap of a chunk shrunk to a page: no room above it, so it moves into that gap.
    name: 'a realloc of an mmapped chunk that must move goes to the gap between the libraries',
    tunables: '',
    script: lines('m 18 949073', 'r 18 61', 'r 9 940734', 'r 18 25185')
  },
  {
    // A top of 16 bytes (less than MINSIZE + 1) wraps systrim's unsigned top_area round, and
    // its "negative" sbrk moves the break a page up (we returned without trimming).
    name: 'systrim with a top smaller than MINSIZE grows the break by a page',
    tunables: 'glibc.malloc.trim_threshold=0:glibc.malloc.top_pad=0',
    script: lines(
      'm 11 111372',
      'r 49 446',
      'm 16 68269',
      'r 19 106954',
      'r 11 80',
      'P 43 4096 112245',
      'r 20 105855',
      'm 32 131048',
      'r 43 51',
      'f 19',
      'f 16',
      'm 22 107201',
      'r 1 39545',
      'm 8 88692',
      'r 14 107762',
      'm 26 65941',
      'r 52 111313',
      'r 8 63'
    )
  },
  {
    // When mremap cannot grow an mmapped chunk, glibc's realloc falls back to malloc, copy and
    // unmap; the failing malloc of 2^53 - 1 bytes sorts the unsorted bin on its way to NULL,
    // so the next small request is served from a small bin (we returned NULL at once).
    name: 'a realloc of an mmapped chunk that cannot grow tries malloc',
    tunables: 'glibc.malloc.trim_threshold=0:glibc.malloc.top_pad=0',
    script: lines(
      'r 77 229163',
      'r 167 3658',
      'm 66 65304',
      'm 127 53053',
      'r 167 563',
      'm 137 549',
      'm 32 66676',
      'f 127',
      'r 89 1000',
      'm 2 1048',
      'c 153 2 360',
      'r 77 9007199254740991',
      'r 93 138'
    )
  }
]

/** Tunables the random scripts run under: the defaults and each knob pushed to its edges. */
const TUNABLE_SETS = [
  '',
  'glibc.malloc.tcache_count=0',
  'glibc.malloc.tcache_count=1',
  'glibc.malloc.tcache_count=100',
  'glibc.malloc.mmap_threshold=4096',
  'glibc.malloc.trim_threshold=0:glibc.malloc.top_pad=0',
  'glibc.malloc.top_pad=1048576',
  'glibc.malloc.tcache_max=0',
  'glibc.malloc.tcache_max=500',
  'glibc.malloc.mxfast=0',
  'glibc.malloc.mxfast=160'
]

describe.skipIf(probe === undefined)('fuzzed heap scripts agree with the real glibc 2.36', () => {
  for (const { name, tunables, script } of divergences) {
    it(`${name}${tunables === '' ? '' : ` (${tunables})`}`, () => {
      const native = runProbe(probe as string, script, tunables)
      expect(runOnMachine(script, tunables)).toEqual(native)
    })
  }

  // Fixed seeds: each tunable set gets its own scripts (seed = 1000 + index).
  TUNABLE_SETS.forEach((tunables, index) => {
    const seed = 1000 + index
    it(`random script ${seed} (${tunables === '' ? 'defaults' : tunables})`, () => {
      const script = fuzzScript(seed, {
        ops: 1500,
        ids: 20 + (seed % 5) * 40,
        aligned: seed % 2 === 0,
        mallopt: seed % 3 === 0
      })
      const native = runProbe(probe as string, script, tunables)
      expect(native.lines.length).toBeGreaterThan(1000)
      expect(runOnMachine(script, tunables)).toEqual(native)
    })
  })
})
