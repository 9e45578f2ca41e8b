/**
 * Heap overflows into the next chunk's size word, against the real glibc of this machine: every
 * value class of the size's low byte (PREV_INUSE 0x1, IS_MMAPPED 0x2, NON_MAIN_ARENA 0x4, the
 * misaligning 0x8, each set or clear) under a free, a realloc, and the mallocs that hand the
 * chunk out again, with and without the tcache. The real process is run with `setarch -R` (ASLR
 * off) where it can be, since a set NON_MAIN_ARENA bit makes glibc read the chunk's arena at its
 * address rounded down to 64 MiB, which is mapped or not depending on where the heap landed.
 * No expected value is written here: the real allocator is the oracle.
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import {
  compileProbe,
  lines,
  runOnMachine,
  runProbe,
  type Outcome
} from '../../../../tools/probes/heap-script-probe'

const probe = compileProbe()

/** `setarch -R` when this machine lets a process turn ASLR off, else nothing. */
const noAslr: string[] =
  probe !== undefined && spawnSync('setarch', ['-R', 'true']).status === 0 ? ['setarch', '-R'] : []

const runNative = (script: string, tunables: string): Outcome =>
  runProbe(probe as string, script, tunables, noAslr)

/**
 * What happens after `a` (24 bytes) overflowed into the size word of the chunk behind it with
 * the value V. `b` is the chunk behind a.
 */
const afterOverflow: Record<string, string[]> = {
  'free(b) before the top': ['m 0 24', 'm 1 24', 'w 0 24 V', 'f 1'],
  'free(b) between chunks': ['m 0 24', 'm 1 24', 'm 2 24', 'w 0 24 V', 'f 1', 'f 2'],
  'realloc(b) larger': ['m 0 24', 'm 1 24', 'm 2 24', 'w 0 24 V', 'r 1 100'],
  'free(a) then free(b)': ['m 0 24', 'm 1 24', 'm 2 24', 'w 0 24 V', 'f 0', 'f 1'],
  'a freed b handed out again by malloc': [
    'm 0 24',
    'm 1 24',
    'm 2 24',
    'f 1',
    'w 0 24 V',
    'm 3 24'
  ],
  'a freed b handed out again by calloc': [
    'm 0 24',
    'm 1 24',
    'm 2 24',
    'f 1',
    'w 0 24 V',
    'c 3 1 24'
  ],
  'an unsorted b taken whole': ['m 0 24', 'm 1 1000', 'm 2 24', 'f 1', 'w 0 24 V', 'm 3 1000'],
  'an unsorted b split': ['m 0 24', 'm 1 1000', 'm 2 24', 'f 1', 'w 0 24 V', 'm 3 100']
}

/**
 * The size word's high part: b's own size (0x20 for 24 bytes, 0x3f0 for 1000), or text. The
 * other chunk size is left out for each script: it only repeats a case of "not b's size".
 */
const text = 0x3736353433323130n
const highParts = (ops: string[]): Record<string, bigint> =>
  ops.includes('m 1 1000')
    ? { '0x3f0': 0x3f0n, 'text "01234567"': text }
    : { '0x20': 0x20n, 'text "01234567"': text }

const tunableSets = ['', 'glibc.malloc.tcache_count=0']

describe.skipIf(probe === undefined)(
  'a corrupted size word ends as with the real glibc 2.36',
  () => {
    for (const [name, ops] of Object.entries(afterOverflow)) {
      for (const [highName, high] of Object.entries(highParts(ops))) {
        it(`${name}, size word ${highName} with each low nibble 0x0..0xf`, () => {
          for (let nibble = 0n; nibble < 16n; nibble++) {
            const value = '0x' + (high | nibble).toString(16)
            const script = lines(...ops.map((op) => op.replace('V', value)))
            for (const tunables of tunableSets) {
              const native = runNative(script, tunables)
              expect({ value, tunables, ...runOnMachine(script, tunables) }).toEqual({
                value,
                tunables,
                ...native
              })
            }
          }
        })
      }
    }

    // A learner's strcpy past the end of a 24-byte block: the text's bytes 24..31 become b's size.
    const texts = [
      '0123456789012345678901234567890', // size low byte '4' (0x34): NON_MAIN_ARENA
      'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', // 'A' 0x41: PREV_INUSE, misaligned? no: 0x41 & 8 = 0
      'HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH', // 'H' 0x48: 0x8 set, misaligned
      'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', // 'B' 0x42: IS_MMAPPED
      'hello,world!hello,world!abc' // the NUL lands in the size's 4th byte
    ]
    for (const text of texts) {
      for (const tunables of tunableSets) {
        it(`strcpy("${text}") into a 24-byte block, then free the next${tunables === '' ? '' : ` (${tunables})`}`, () => {
          const script = lines(
            'm 0 24',
            'm 1 24',
            'm 2 24',
            `S 0 0 ${text}`,
            'f 1',
            'f 0',
            'm 3 24'
          )
          expect(runOnMachine(script, tunables)).toEqual(runNative(script, tunables))
        })
      }
    }

    it('the 0x4 overflow really ends in SIGSEGV natively, and "A" in an abort', () => {
      const overflow = lines('m 0 24', 'm 1 24', 'S 0 0 0123456789012345678901234567890', 'f 1')
      expect(runNative(overflow, '').segmentationFault).toBe(true)
      const ascii = lines('m 0 24', 'm 1 24', 'S 0 0 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'f 1')
      expect(runNative(ascii, '').abort).toBeDefined()
    })

    // malloc_usable_size trusts the size word: with text there (no IS_MMAPPED bit) it reads the
    // "next" chunk's size far beyond the heap and the real process dies of SIGSEGV; with 'B'
    // (0x42, IS_MMAPPED) it answers the text's size less 16.
    for (const text of texts) {
      it(`strcpy("${text}") into a 24-byte block, then malloc_usable_size of the next`, () => {
        const script = lines('m 0 24', 'm 1 24', `S 0 0 ${text}`, 'u 1', 'u 0')
        for (const tunables of tunableSets) {
          expect(runOnMachine(script, tunables)).toEqual(runNative(script, tunables))
        }
      })
    }

    // free() compares the mmapped chunk's size word with its flag bits against the 32 MiB
    // maximum: a chunk of exactly 32 MiB (0x2000002) leaves the dynamic threshold alone, so the
    // next 1 MiB request is mmapped too (size word 0x101002, not a heap chunk). Where the kernel
    // puts that mapping is left out (the MMAPOFFSET column): Linux places anonymous mappings of
    // 2 MiB and more at a 2 MiB boundary, which the simulated mmap area does not model.
    it('freeing a 32 MiB mmapped chunk does not raise the mmap threshold', () => {
      const script = lines('m 0 33554408', 'f 0', 'm 1 1048576')
      const withoutMmapOffset = (outcome: Outcome): Outcome => ({
        ...outcome,
        lines: outcome.lines.map((line) =>
          / m /.test(line) ? line.split(' ').slice(0, 5).join(' ') : line
        )
      })
      for (const tunables of tunableSets) {
        const native = withoutMmapOffset(runNative(script, tunables))
        expect(native.lines).toContain('1 m 16 0x101002 135168')
        expect(withoutMmapOffset(runOnMachine(script, tunables))).toEqual(native)
      }
    })
  }
)
