/**
 * A digest of everything the glibc allocator lets anyone observe, to prove that a change meant to
 * make it faster changed nothing else:
 *
 *   git worktree add /tmp/glibc-base HEAD      # the old code (link node_modules into it)
 *   node --import tsx tools/probes/glibc-digest.ts /tmp/glibc-base .
 *
 * For each checkout it replays the malloc-lab traces of ../shared/traces through a linux-x86_64
 * Machine under several GLIBC_TUNABLES (tcache off, small mmap and trim thresholds, no fast bins,
 * perturb), twice on the same heap, hashing every returned pointer, the stats after every
 * operation, the free lists and blocks at intervals, the metrics, events and heap bytes at the
 * end, and a time-travel restore to the middle followed by the second half again. Then random
 * operations (calloc, realloc, memalign, posix_memalign, malloc_usable_size, malloc_trim, with
 * double frees and overflows into the next chunk's header) on the bare allocator, where glibc's
 * abort messages and faults go into the digest too. Prints one digest per configuration and
 * checkout, and the configurations whose digests differ. Takes about a minute per checkout.
 */
import { createHash, type Hash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** What the digest reads of an allocator (the public Allocator API and glibc's extras). */
interface DigestAllocator {
  malloc(size: number): number
  free(pointer: number): void
  calloc(count: number, size: number): number
  realloc(pointer: number, size: number): number
  memalign(alignment: number, size: number): number
  posixMemalign(alignment: number, size: number): { error: number; pointer: number }
  mallocUsableSize(pointer: number): number
  mallocTrim(pad: number): number
  blocks(): unknown
  freeLists(): unknown
  stats(): { largestFreeBlock: number }
  counters?: Float64Array
  snapshot(): unknown
  restore(snapshot: unknown): void
}

interface DigestMemory {
  readBytes(address: number, length: number): Uint8Array
  writePointer(address: number, value: number): void
  snapshot(): unknown
  restore(snapshot: unknown): void
}

interface DigestMachine {
  readonly allocator: DigestAllocator
  readonly memory: DigestMemory
  readonly heapStart: number
  readonly events: unknown[]
  malloc(size: number): number
  free(pointer: number): void
  realloc(pointer: number, size: number): number
  programBreak(): number
  metrics(): unknown
  snapshot(): unknown
  restore(snapshot: unknown): void
}

interface DigestHost {
  readonly memory: DigestMemory
  readonly heapStart: number
  programBreak(): number
}

/** One checkout's simulator, loaded from its own source files. */
interface Checkout {
  machine(tunables: string | undefined, checked: boolean): DigestMachine
  bare(tunables: string | undefined): { host: DigestHost; allocator: DigestAllocator }
}

async function load(root: string): Promise<Checkout> {
  const sim = join(resolve(root), 'shared/sim')
  const url = (path: string): string => pathToFileURL(join(sim, path)).href
  const { Machine } = (await import(url('machine.ts'))) as {
    Machine: new (options: object) => DigestMachine
  }
  await import(url('allocators/index.ts'))
  const { GlibcAllocator } = (await import(url('allocators/glibc/ptmalloc.ts'))) as {
    GlibcAllocator: new (host: DigestHost, options: object) => DigestAllocator
  }
  const { SimpleHeapHost } = (await import(url('allocators/glibc/test-host.ts'))) as {
    SimpleHeapHost: new () => DigestHost
  }
  return {
    machine: (tunables, checked) =>
      new Machine({
        layout: 'linux-x86_64',
        allocator: 'glibc',
        checked,
        ...(tunables !== undefined ? { allocatorOptions: { tunables } } : {})
      }),
    bare: (tunables) => {
      const host = new SimpleHeapHost()
      return {
        host,
        allocator: new GlibcAllocator(host, tunables !== undefined ? { tunables } : {})
      }
    }
  }
}

interface Op {
  kind: string
  id: number
  size: number
}

function readTrace(path: string): Op[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[afr]\s/.test(l))
    .map((l) => {
      const [kind, id, size] = l.split(/\s+/)
      return { kind: kind ?? '', id: Number(id), size: Number(size ?? 0) }
    })
}

const TUNABLES: Array<string | undefined> = [
  undefined,
  'glibc.malloc.tcache_count=0',
  'glibc.malloc.mmap_threshold=4096',
  'glibc.malloc.trim_threshold=0:glibc.malloc.top_pad=0',
  'glibc.malloc.tcache_count=0:glibc.malloc.mmap_threshold=16384:glibc.malloc.trim_threshold=8192',
  'glibc.malloc.mxfast=0:glibc.malloc.tcache_count=3',
  'glibc.malloc.perturb=165:glibc.malloc.tcache_unsorted_limit=2'
]

/** An exception as the digest records it: its class, message and fault. */
function thrown(error: unknown): string {
  const e = error as { constructor?: { name?: string }; message?: string; fault?: unknown }
  return `${e.constructor?.name}:${e.message}:${JSON.stringify(e.fault ?? null)}`
}

function line(hash: Hash, text: string): void {
  hash.update(text)
  hash.update('\n')
}

/** Every configuration's digest for one checkout, keyed by a readable name. */
function digests(checkout: Checkout, tracesDir: string): Map<string, string> {
  const result = new Map<string, string>()
  const files = readdirSync(tracesDir)
    .filter((f) => f.endsWith('.rep'))
    .sort()
  for (const file of files) {
    const ops = readTrace(join(tracesDir, file))
    const middle = Math.floor(ops.length / 2)
    for (const tunables of TUNABLES) {
      for (const checked of [false, true]) {
        if (checked && tunables !== undefined && tunables !== TUNABLES[1]) continue
        const h = createHash('sha256')
        const m = checkout.machine(tunables, checked)
        const a = m.allocator
        const pointers = new Map<number, number>()
        let saved: unknown = null
        for (let round = 0; round < 2; round++) {
          for (let i = 0; i < ops.length; i++) {
            const op = ops[i] as Op
            try {
              let r = 0
              if (op.kind === 'a') pointers.set(op.id, (r = m.malloc(op.size)))
              else if (op.kind === 'f') {
                m.free(pointers.get(op.id) ?? 0)
                pointers.delete(op.id)
              } else pointers.set(op.id, (r = m.realloc(pointers.get(op.id) ?? 0, op.size)))
              const st = JSON.stringify({ ...a.stats(), largestFreeBlock: undefined })
              line(h, `${op.kind} ${r} ${st} ${a.counters?.[0]} ${m.programBreak()}`)
              if (i % 37 === 0) line(h, `L ${a.stats().largestFreeBlock}`)
              if (i % 211 === 0) line(h, JSON.stringify(a.freeLists()))
              if (i % 509 === 0) line(h, JSON.stringify(a.blocks()))
              if (round === 0 && i === middle) saved = m.snapshot()
            } catch (error) {
              line(h, thrown(error))
              break
            }
          }
          line(h, JSON.stringify(a.blocks()))
          line(h, JSON.stringify(m.metrics()))
          line(h, JSON.stringify(m.events))
          const bytes = m.memory.readBytes(m.heapStart, m.programBreak() - m.heapStart)
          line(h, createHash('sha256').update(bytes).digest('hex'))
          for (const p of pointers.values()) {
            try {
              m.free(p)
            } catch (error) {
              line(h, thrown(error))
            }
          }
          pointers.clear()
          line(h, JSON.stringify(a.freeLists()))
        }
        if (saved !== null) {
          // Time travel: back to the middle of the first round, then its second half again.
          m.restore(saved)
          line(h, JSON.stringify(a.blocks()))
          for (let i = middle + 1; i < ops.length; i++) {
            const op = ops[i] as Op
            try {
              if (op.kind === 'a') line(h, String(m.malloc(op.size)))
              else if (op.kind === 'r') line(h, String(m.realloc(0, op.size)))
            } catch (error) {
              line(h, thrown(error))
              break
            }
          }
          line(h, JSON.stringify(a.blocks()))
        }
        const name = `${file} ${tunables ?? 'defaults'}${checked ? ' checked' : ''}`
        result.set(name, h.digest('hex'))
      }
    }
  }
  for (let run = 0; run < 60; run++) {
    const tunables = TUNABLES[run % 4 === 3 ? 5 : run % 4]
    result.set(`random ${run} ${tunables ?? 'defaults'}`, randomDigest(checkout, run, tunables))
  }
  return result
}

/** 3,000 random calls on the bare allocator; from run 20 on with double frees and overflows. */
function randomDigest(checkout: Checkout, run: number, tunables: string | undefined): string {
  let seed = 12345 + run * 7919
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x80000000
  }
  const sizes = [0, 1, 8, 24, 25, 40, 100, 120, 200, 500, 1000, 1024, 1100, 3000, 5000, 70000]
  const h = createHash('sha256')
  const { host, allocator: a } = checkout.bare(tunables)
  const live: number[] = []
  const freed: number[] = []
  const misuse = run >= 20
  let saved: { allocator: unknown; memory: unknown } | null = null
  const pick = (list: number[]): number => list[Math.floor(rand() * list.length)] as number
  for (let i = 0; i < 3000; i++) {
    const r = rand()
    const size =
      rand() < 0.8
        ? (sizes[Math.floor(rand() * 10)] as number)
        : pick(sizes) + Math.floor(rand() * 64) + (rand() < 0.1 ? 200000 : 0)
    try {
      let result: unknown = null
      if (r < 0.35) {
        const p = a.malloc(size)
        if (p !== 0) live.push(p)
        result = p
      } else if (r < 0.65 && live.length > 0) {
        const p = live.splice(Math.floor(rand() * live.length), 1)[0] as number
        a.free(p)
        freed.push(p)
      } else if (r < 0.72) {
        const p = a.calloc(1 + Math.floor(rand() * 4), size)
        if (p !== 0) live.push(p)
        result = p
      } else if (r < 0.82 && live.length > 0) {
        const k = Math.floor(rand() * live.length)
        const p = a.realloc(live[k] as number, size)
        if (p !== 0) live[k] = p
        else live.splice(k, 1)
        result = p
      } else if (r < 0.85) {
        const p = a.memalign(2 ** (4 + Math.floor(rand() * 8)), size)
        if (p !== 0) live.push(p)
        result = p
      } else if (r < 0.87 && live.length > 0) result = a.mallocUsableSize(pick(live))
      else if (r < 0.88) result = a.mallocTrim(Math.floor(rand() * 3) * 4096)
      else if (r < 0.89) result = a.posixMemalign(8 * Math.floor(1 + rand() * 40), size)
      else if (misuse && r < 0.9 && freed.length > 0) a.free(pick(freed))
      else if (misuse && r < 0.91 && live.length > 0) {
        // An overflow: 8 bytes written up to 40 bytes past the end of a block.
        const p = pick(live)
        const at = p + a.mallocUsableSize(p) - 8 + 8 * Math.floor(rand() * 6)
        host.memory.writePointer(
          at,
          rand() < 0.5 ? Math.floor(rand() * 0x100000) : Math.floor(rand() * 2 ** 52)
        )
      } else if (r < 0.93 && saved === null && i > 500) {
        saved = { allocator: a.snapshot(), memory: host.memory.snapshot() }
      }
      line(h, `${i} ${JSON.stringify(result)} ${JSON.stringify(a.stats())} ${host.programBreak()}`)
      if (i % 50 === 0) line(h, JSON.stringify(a.freeLists()))
      if (i % 250 === 0) line(h, JSON.stringify(a.blocks()))
    } catch (error) {
      line(h, thrown(error))
      break
    }
  }
  try {
    line(h, JSON.stringify(a.blocks()))
    line(h, JSON.stringify(a.freeLists()))
  } catch (error) {
    line(h, thrown(error))
  }
  const heapBytes = host.memory.readBytes(host.heapStart, host.programBreak() - host.heapStart)
  line(h, createHash('sha256').update(heapBytes).digest('hex'))
  if (saved !== null) {
    a.restore(saved.allocator)
    host.memory.restore(saved.memory)
    try {
      line(h, JSON.stringify(a.blocks()))
      line(h, `${a.malloc(100)} ${a.malloc(2000)} ${JSON.stringify(a.stats())}`)
    } catch (error) {
      line(h, thrown(error))
    }
  }
  return h.digest('hex')
}

async function main(): Promise<void> {
  const roots = process.argv.slice(2)
  if (roots.length === 0) {
    console.log('usage: glibc-digest.ts ROOT [ROOT...]')
    process.exitCode = 2
    return
  }
  const tracesDir = fileURLToPath(new URL('../../../shared/traces', import.meta.url))
  const all: Array<Map<string, string>> = []
  for (const root of roots) {
    const result = digests(await load(root), tracesDir)
    const overall = createHash('sha256')
    for (const [name, digest] of result) overall.update(`${name} ${digest}\n`)
    console.log(`${root}: ${result.size} configurations, digest ${overall.digest('hex')}`)
    all.push(result)
  }
  const first = all[0] as Map<string, string>
  let differing = 0
  for (const [name, digest] of first) {
    const others = all.slice(1).map((r) => r.get(name))
    if (others.some((d) => d !== digest)) {
      differing++
      console.log(`differs: ${name}`)
    }
  }
  if (all.length > 1) console.log(differing === 0 ? 'identical' : `${differing} differ`)
  if (differing > 0) process.exitCode = 1
}

await main()
