/**
 * Differential fuzzing of the simulator's glibc allocator against the real glibc: random heap
 * scripts (tools/probes/README.md) whose sizes hit every regime ptmalloc2 treats differently,
 * run natively by heap-script.c and through the Machine, compared line by line; a divergence is
 * shrunk to a small script that still diverges.
 */
import { compileProbe, runOnMachine, runProbe, type Outcome } from './heap-script-probe'

/** A small seeded generator (mulberry32): the same scripts on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Request sizes at the edges glibc 2.36 (x86-64) draws lines at: request2size's 24 (the
 * smallest chunk), the fast bins (chunks up to 0x80, requests up to 120), the tcache (requests
 * up to 1032, chunk 0x410), the first large bin (chunk 0x400), 63/64 KiB, the default mmap
 * threshold 128 KiB and a page either side.
 */
export const EDGE_SIZES = [
  0,
  1,
  8,
  16,
  23,
  24,
  25,
  40,
  56,
  72,
  104,
  120,
  121,
  128,
  136,
  1000,
  1008,
  1009,
  1016,
  1017,
  1024,
  1032,
  1033,
  1040,
  1041,
  1048,
  4096,
  63 * 1024,
  64 * 1024,
  128 * 1024 - 4096 - 8,
  128 * 1024 - 24,
  128 * 1024 - 16,
  128 * 1024,
  128 * 1024 + 1,
  128 * 1024 + 4096
]

/** Sizes no heap can give: the calls fail with NULL and change nothing. */
export const HUGE_SIZES = [2 ** 47, 2 ** 52, Number.MAX_SAFE_INTEGER]

/** What the fuzzer may draw, so each generator can leave out what its tunables do not need. */
export interface FuzzProfile {
  /** Operations in the script. */
  ops: number
  /** Pointer slots. */
  ids: number
  /** Include memalign, aligned_alloc, posix_memalign (alignments up to a page). */
  aligned: boolean
  /** Include mallopt calls. */
  mallopt: boolean
}

/**
 * A random size: mostly small (the tcache, the fast bins), then small and large bins, the
 * edges, mmapped sizes below 2 MiB (larger mappings land on a 2 MiB boundary on this kernel,
 * which the simulated mmap area does not model), and rarely a request no heap can serve.
 */
function drawSize(random: () => number): number {
  const roll = random()
  if (roll < 0.3) return Math.floor(random() * 130)
  if (roll < 0.5) return Math.floor(random() * 1100)
  if (roll < 0.62) return EDGE_SIZES[Math.floor(random() * EDGE_SIZES.length)] as number
  if (roll < 0.8) return 1000 + Math.floor(random() * 8000)
  if (roll < 0.93) return 8000 + Math.floor(random() * 120000)
  if (roll < 0.995) return 100000 + Math.floor(random() * 1900000)
  return HUGE_SIZES[Math.floor(random() * HUGE_SIZES.length)] as number
}

const ALIGNMENTS = [8, 16, 24, 32, 48, 64, 100, 128, 256, 1000, 2048, 4096]
const isPosixAlignment = (a: number): boolean =>
  a !== 0 && a % 8 === 0 && Number.isInteger(Math.log2(a / 8))

/** What a slot holds: NULL (never set, or a call answered NULL), an owned block, or a freed one. */
type Slot = 'null' | 'live' | 'stale'

/** Requests this large fail (NULL) in every configuration the fuzzer uses. */
const fails = (bytes: number): boolean => bytes >= 2 ** 40

/**
 * The slot's state after one script line, or undefined when the line would misuse it (free,
 * realloc, read the size of a freed block, or read the size word of NULL).
 */
function afterLine(line: string, slot: Slot): Slot | undefined {
  const words = line.split(' ')
  const op = words[0]
  const numbers = words.slice(2).map(Number)
  switch (op) {
    case 'f':
      return slot === 'stale' ? undefined : slot === 'live' ? 'stale' : 'null'
    case 'u':
    case 's':
      return slot === 'live' ? slot : undefined
    case 'r': {
      if (slot === 'stale') return undefined
      const size = numbers[0] as number
      // realloc(p, 0) frees p and answers NULL; realloc(NULL, 0) is malloc(0).
      if (size === 0) return slot === 'live' ? 'null' : 'live'
      return fails(size) ? 'null' : 'live'
    }
    case 'c':
      return fails((numbers[0] as number) * (numbers[1] as number)) ? 'null' : 'live'
    case 'm':
      return fails(numbers[0] as number) ? 'null' : 'live'
    case 'M':
    case 'A':
      return fails(numbers[1] as number) ? 'null' : 'live'
    case 'P':
      // posix_memalign leaves the slot alone when it fails.
      if (!isPosixAlignment(numbers[0] as number)) return slot
      return fails(numbers[1] as number) ? slot : 'live'
    default:
      return slot
  }
}

/**
 * A random script: malloc, calloc (sometimes overflowing count × size), realloc (grow, shrink,
 * to 0, of NULL), free in random orders, malloc_usable_size, malloc_trim, mallopt and the
 * memalign family. Every free and realloc is of a pointer the program still owns, or of NULL.
 */
export function fuzzScript(seed: number, profile: FuzzProfile): string {
  const random = seeded(seed)
  const slots: Slot[] = Array.from({ length: profile.ids }, () => 'null')
  const ops: string[] = []
  const push = (id: number, line: string): void => {
    slots[id] = afterLine(line, slots[id] as Slot) as Slot
    ops.push(line)
  }
  // Moods of 200 operations: mostly mallocs, or mostly frees, so the break grows and trims.
  let mood = 0
  for (let i = 0; i < profile.ops; i++) {
    if (i % 200 === 0) mood = random()
    const id = Math.floor(random() * profile.ids)
    const roll = random()
    if (roll < 0.004) {
      ops.push(`t ${[0, 0, 4096, 65536, 1 << 20][Math.floor(random() * 5)]}`)
      continue
    }
    if (profile.mallopt && roll < 0.008) {
      // M_MXFAST 1, M_TRIM_THRESHOLD -1, M_TOP_PAD -2, M_MMAP_THRESHOLD -3, M_MMAP_MAX -4.
      const param = [1, -1, -2, -3, -4][Math.floor(random() * 5)] as number
      const value =
        param === 1
          ? [0, 16, 64, 80, 120, 160, 161][Math.floor(random() * 7)]
          : param === -4
            ? [0, 1, 4, 65536][Math.floor(random() * 4)]
            : [0, 4096, 65536, 131072, 262144, 1 << 20][Math.floor(random() * 6)]
      ops.push(`o ${param} ${value}`)
      continue
    }
    const slot = slots[id] as Slot
    if (slot === 'live') {
      const freeBias = mood < 0.3 ? 0.15 : mood < 0.6 ? 0.55 : 0.85
      if (random() < freeBias) push(id, `f ${id}`)
      else if (random() < 0.7) push(id, `r ${id} ${random() < 0.05 ? 0 : drawSize(random)}`)
      else push(id, random() < 0.5 ? `u ${id}` : `s ${id}`)
      continue
    }
    const r = random()
    if (profile.aligned && r < 0.15) {
      const alignment = ALIGNMENTS[Math.floor(random() * ALIGNMENTS.length)] as number
      const size = drawSize(random)
      const kind = random()
      const op = kind < 0.4 ? 'M' : kind < 0.7 ? 'A' : 'P'
      push(id, `${op} ${id} ${alignment} ${size}`)
    } else if (r < 0.25) {
      const count = random() < 0.02 ? 2 ** 33 : 1 + Math.floor(random() * 8)
      const size = count > 8 ? 2 ** 31 + 8 : Math.floor(drawSize(random) / count)
      push(id, `c ${id} ${count} ${size}`)
    } else if (r < 0.3 && slot === 'null') {
      // realloc of NULL is malloc.
      push(id, `r ${id} ${drawSize(random)}`)
    } else {
      push(id, `m ${id} ${drawSize(random)}`)
    }
  }
  return ops.join('\n') + '\n'
}

/**
 * The lines that still make sense once a shrinking step removed others: a free, realloc or
 * size read of a slot whose malloc is gone (or already freed) is dropped too, so a smaller
 * script misuses nothing the original did not.
 */
export function keepValid(ops: string[]): string[] {
  const slots = new Map<string, Slot>()
  const out: string[] = []
  for (const line of ops) {
    const id = line.split(' ')[1] ?? ''
    if (/^[tob] /.test(line)) {
      out.push(line)
      continue
    }
    const next = afterLine(line, slots.get(id) ?? 'null')
    if (next === undefined) continue
    slots.set(id, next)
    out.push(line)
  }
  return out
}

/** glibc's chunk size for a heap request of `bytes` (request2size on x86-64). */
const chunkSize = (bytes: number): number => Math.max(32, (bytes + 8 + 15) & ~15)

/**
 * A random script that misuses the heap once, after a random prefix, then goes on: a double
 * free (of a chunk freed just before or long ago, cached, fast or binned), a free or realloc
 * of a pointer into a block or far outside it, an overflow into the next chunk's size word or a
 * chunk's prev_size (sizes, flag bits, zero, text) followed by a free, malloc, calloc or
 * realloc, or a use after free that clears a cached chunk's tcache key. Values written never
 * depend on where the heap is, so they mean the same natively and on the simulator.
 */
export function misuseScript(seed: number, tcacheCount = 7): string {
  const random = seeded(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const sizes = [0, 8, 24, 25, 40, 56, 100, 120, 136, 200, 500, 1000, 1032, 1040, 2000, 5000]
  const live = new Map<number, number>()
  const freed: number[] = []
  const ops: string[] = []
  let nextId = 0
  const malloc = (size: number): number => {
    const id = nextId++
    ops.push(`m ${id} ${size}`)
    live.set(id, size)
    return id
  }
  const free = (id: number): void => {
    ops.push(`f ${id}`)
    live.delete(id)
    freed.push(id)
  }
  const randomOps = (count: number): void => {
    for (let i = 0; i < count; i++) {
      if (live.size > 0 && random() < 0.45) free(pick([...live.keys()]))
      else malloc(pick(sizes))
    }
  }
  // Some blocks freed of the same size first, so the tcache bin is full (or not).
  const fill = Math.floor(random() * (tcacheCount + 3))
  const same = pick(sizes)
  const filler = Array.from({ length: fill }, () => malloc(same))
  randomOps(Math.floor(random() * 40))
  for (const id of filler) if (random() < 0.8 && live.has(id)) free(id)
  if (live.size === 0) malloc(pick(sizes))
  const kind = Math.floor(random() * 5)
  const victim = pick([...live.keys()])
  const victimSize = live.get(victim) as number
  switch (kind) {
    case 0: {
      // Double free: now, or of a chunk freed earlier.
      if (freed.length === 0 || random() < 0.5) {
        free(victim)
        randomOps(Math.floor(random() * 3))
      }
      ops.push(`f ${pick(freed)}`)
      break
    }
    case 1: {
      // free or realloc of a pointer into a block, or far outside the heap. Inside, the
      // program first writes the fake chunk's prev_size and size words: what was there may be
      // a stale tcache key, random in each process, and so would be a key glibc writes into a
      // fake chunk it accepts, so only sizes it refuses are written (0, IS_MMAPPED, text).
      const usable = chunkSize(victimSize) - 8
      const offset = pick([16, 24, 32, 48, 1 << 20, -(2 ** 32)])
      if (offset <= usable) {
        const word = pick([0, 0x42, 0x3736353433323130])
        ops.push(`w ${victim} ${offset - 16} 0x0`)
        ops.push(`w ${victim} ${offset - 8} 0x${word.toString(16)}`)
      } else if (offset < 4096) break
      ops.push(`a 9999 ${victim} ${offset}`)
      ops.push(random() < 0.7 ? 'f 9999' : `r 9999 ${pick(sizes)}`)
      break
    }
    case 2: {
      // Overflow into the next chunk's size word, then the heap is used again.
      const next = chunkSize(victimSize) - 8
      const value = pick([
        '0x0',
        '0x10',
        '0x' + (chunkSize(pick(sizes)) + Math.floor(random() * 16)).toString(16),
        '0x' + (chunkSize(victimSize) + 1).toString(16),
        '0x3736353433323130',
        '0x21000',
        '0x7ffffffffff0'
      ])
      ops.push(`w ${victim} ${next} ${value}`)
      break
    }
    case 3: {
      // Overflow backwards into the chunk's own prev_size (and clear PREV_INUSE), then free it.
      const prevSize = pick([0x20, 0x30, 0x100, 0x2a0, 0x1000])
      ops.push(`w ${victim} -16 0x${prevSize.toString(16)}`)
      ops.push(`w ${victim} -8 0x${(chunkSize(victimSize) & ~1).toString(16)}`)
      ops.push(`f ${victim}`)
      break
    }
    default: {
      // Use after free: the tcache key cleared, so a second free is not seen.
      free(victim)
      ops.push(`w ${victim} 8 0`)
      ops.push(`f ${victim}`)
      break
    }
  }
  // The program goes on (glibc may not notice at once).
  for (let i = 0; i < 12; i++) {
    const roll = random()
    if (live.size > 0 && roll < 0.4) free(pick([...live.keys()]))
    else if (live.size > 0 && roll < 0.55) ops.push(`r ${pick([...live.keys()])} ${pick(sizes)}`)
    else if (roll < 0.65) ops.push(`c ${nextId++} 1 ${pick(sizes)}`)
    else malloc(pick(sizes))
  }
  return ops.join('\n') + '\n'
}

/** Where two outcomes first differ, or undefined when they agree. */
export function firstDifference(a: Outcome, b: Outcome): string | undefined {
  const n = Math.max(a.lines.length, b.lines.length)
  for (let i = 0; i < n; i++) {
    if (a.lines[i] !== b.lines[i])
      return `line ${i + 1}: native "${a.lines[i] ?? '(none)'}", simulator "${b.lines[i] ?? '(none)'}"`
  }
  if (a.abort !== b.abort) return `abort: native "${a.abort ?? ''}", simulator "${b.abort ?? ''}"`
  if (a.segmentationFault !== b.segmentationFault) return 'segmentation fault differs'
  return undefined
}

/** Compares the script natively and on the simulator. */
export function compare(probe: string, script: string, tunables: string): string | undefined {
  let simulated: Outcome
  try {
    simulated = runOnMachine(script, tunables)
  } catch (error) {
    simulated = { lines: [`simulator threw: ${(error as Error).message}`] }
  }
  return firstDifference(runProbe(probe, script, tunables), simulated)
}

/**
 * Shrinks a diverging script: drops chunks of operations (halves, then quarters, ... single
 * lines) while the rest still diverges, and cuts everything after the divergence.
 */
export function minimize(probe: string, script: string, tunables: string): string {
  let ops = keepValid(script.trim().split('\n'))
  const diverges = (candidate: string[]): boolean =>
    compare(probe, candidate.join('\n') + '\n', tunables) !== undefined
  let chunk = Math.max(1, Math.floor(ops.length / 2))
  while (chunk >= 1) {
    let changed = false
    for (let start = 0; start < ops.length;) {
      const candidate = keepValid([...ops.slice(0, start), ...ops.slice(start + chunk)])
      if (candidate.length < ops.length && diverges(candidate)) {
        ops = candidate
        changed = true
      } else start += chunk
    }
    if (!changed) chunk = Math.floor(chunk / 2)
  }
  return ops.join('\n') + '\n'
}

// Run as a program: node --import tsx tools/probes/heap-fuzz.ts FIRSTSEED COUNT OPS [TUNABLES...]
if (process.argv[1]?.endsWith('heap-fuzz.ts')) {
  const probe = compileProbe()
  if (probe === undefined) throw new Error('gcc is needed to build the probe.')
  const first = Number(process.argv[2] ?? 1)
  const count = Number(process.argv[3] ?? 10)
  const opsPerScript = Number(process.argv[4] ?? 2000)
  const tunableSets = process.argv.length > 5 ? process.argv.slice(5) : ['']
  let clean = 0
  for (let seed = first; seed < first + count; seed++) {
    for (const tunables of tunableSets) {
      const t = tunables === '-' ? '' : tunables
      const script = fuzzScript(seed, {
        ops: opsPerScript,
        ids: 20 + (seed % 5) * 40,
        aligned: seed % 2 === 0,
        mallopt: seed % 3 === 0
      })
      const difference = compare(probe, script, t)
      if (difference === undefined) {
        clean++
        continue
      }
      console.log(`seed ${seed} tunables "${t}": ${difference}`)
      const small = minimize(probe, script, t)
      console.log(`minimized (${small.trim().split('\n').length} ops): ${compare(probe, small, t)}`)
      console.log(small)
    }
  }
  console.log(`${clean} clean of ${count * tunableSets.length} scripts x ${opsPerScript} ops`)
}
