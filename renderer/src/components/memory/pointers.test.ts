import { describe, expect, it } from 'vitest'
import {
  addressReuse,
  heapScan,
  heapWords,
  nullStub,
  pointerDiagram,
  readBlocks,
  type PointerDiagram
} from './pointers'
import { RunSession } from '../../../../shared/lang/session'
import type { MemoryDump } from '../../../../shared/state'
import {
  BLOCK_A,
  BLOCK_B,
  danglingPointer,
  emptyHeap,
  reusedAddress,
  reusedAddressMarkers,
  threeBlocks
} from './fixtures'
import { heapCallMarker } from '../../../../shared/state'

/** Pairs of arrows that cross: row i to target row s, row j > i to a target row above s. */
function crossings({ sources }: PointerDiagram): number {
  const arrows = sources.map((s, row) => [row, s.target]).filter(([, target]) => target >= 0)
  let count = 0
  for (const [i, a] of arrows) for (const [j, b] of arrows) if (j > i && b < a) count++
  return count
}

describe('pointerDiagram', () => {
  it('finds locals and globals that are pointers and what they point at', () => {
    const { sources, targets } = pointerDiagram(danglingPointer)
    expect(sources.map((s) => `${s.owner}.${s.name}:${s.kind}`)).toEqual([
      'main.a:heap',
      'main.b:freed',
      'main.c:heap',
      'main.none:null',
      'global.greeting:rodata'
    ])
    // each target level with its pointer: a's block, b's freed block, c's block, "hello";
    // in address order (c's block first) a's arrow ran to the third row and c's to the first
    expect(targets.map((t) => t.base)).toEqual([
      0x5555555592a0, 0x5555555592c0, 0x5555555592e0, 0x555555556004
    ])
    expect(sources.map((s) => s.target)).toEqual([0, 1, 2, -1, 3])
    expect(crossings(pointerDiagram(danglingPointer))).toBe(0)
  })

  it('puts a target shared by several pointers at their mean row, higher addresses first on a tie', () => {
    const frame = threeBlocks.frames[0]
    const [a] = frame.variables
    // p0 -> A, p1 -> B, p2 -> A: A's mean row 1, B's 1: the tie goes to the higher block, B
    const at = (name: string, block: typeof BLOCK_A) => ({
      ...a,
      name,
      value: {
        kind: 'pointer' as const,
        address: block.payload,
        target: { kind: 'heap' as const, label: '', base: block.payload }
      }
    })
    const state = {
      ...threeBlocks,
      globals: [],
      frames: [{ ...frame, variables: [at('p0', BLOCK_A), at('p1', BLOCK_B), at('p2', BLOCK_A)] }]
    }
    const diagram = pointerDiagram(state)
    expect(diagram.targets.map((t) => t.base)).toEqual([BLOCK_B.payload, BLOCK_A.payload])
    // p0 -> A below p1 -> B: one crossing, which no order of two targets avoids here
    expect(crossings(diagram)).toBe(1)
  })

  it('skips uninitialized pointers, which point at nothing known yet', () => {
    expect(pointerDiagram(emptyHeap).sources.map((s) => s.name)).toEqual(['greeting'])
  })

  it('shares one target between two pointers to the same block', () => {
    const frame = threeBlocks.frames[0]
    const alias = { ...frame.variables[0], name: 'alias', address: 0x7fffffffe6d0 }
    const state = { ...threeBlocks, frames: [{ ...frame, variables: [...frame.variables, alias] }] }
    const { sources, targets } = pointerDiagram(state)
    expect(targets).toHaveLength(4) // a, b, c, "hello"
    const a = sources.find((s) => s.name === 'a')!
    expect(sources.find((s) => s.name === 'alias')!.target).toBe(a.target)
  })
  it('names a pointer inside an array or a struct by its path, as the program writes it', () => {
    const session = new RunSession(`#include <stdlib.h>
struct node { int v; struct node *next; };
struct pair { char *a; char *b[2]; };
int main(void) {
  char *keep[2];
  struct node n;
  struct pair pr;
  keep[0] = malloc(8); keep[1] = malloc(8);
  n.next = &n; pr.a = keep[0]; pr.b[0] = keep[1]; pr.b[1] = 0;
  return 0;
}`)
    // the seven assignments of lines 8 and 9, then the state before return 0
    for (let i = 0; i < 7; i++) session.step('statement')
    const { sources } = pointerDiagram(session.state())
    expect(sources.map((s) => `${s.owner}: ${s.name} ${s.kind}`)).toEqual([
      'main: keep[0] heap',
      'main: keep[1] heap',
      'main: n.next stack',
      'main: pr.a heap',
      'main: pr.b[0] heap',
      'main: pr.b[1] null'
    ])
  })
})

describe('addressReuse', () => {
  const reuseOf = (markers = reusedAddressMarkers) =>
    addressReuse(reusedAddress, pointerDiagram(reusedAddress), markers)

  it('says that d (malloc at step 6, line 9) got the memory b had until free(b) at step 5, line 8', () => {
    // b and d hold the same value and both read as pointing into a live block.
    const { sources } = pointerDiagram(reusedAddress)
    const b = sources.find((s) => s.name === 'b')!
    const d = sources.find((s) => s.name === 'd')!
    expect([b.kind, d.kind, b.target === d.target]).toEqual(['heap', 'heap', true])
    expect([...reuseOf().values()]).toEqual([
      {
        payload: BLOCK_B.payload,
        allocatedStep: 6,
        allocatedLine: 9,
        freedStep: 5,
        freedLine: 8,
        freedAddress: BLOCK_B.payload
      }
    ])
  })

  it('says nothing of blocks whose memory was never freed before they were allocated', () => {
    expect(reuseOf().has(BLOCK_A.payload)).toBe(false)
    expect(addressReuse(threeBlocks, pointerDiagram(threeBlocks), reusedAddressMarkers).size).toBe(
      0
    )
  })

  it('counts only a free before the malloc, of memory inside the block', () => {
    const before = reusedAddressMarkers.filter((m) => m.kind !== 'free')
    expect(reuseOf([...before, heapCallMarker(8, 'free', BLOCK_B.payload, 11)]).size).toBe(0)
    expect(reuseOf([...before, heapCallMarker(5, 'free', BLOCK_A.payload, 8)]).size).toBe(0)
    expect(reuseOf([...before, heapCallMarker(5, 'free', 0, 8)]).size).toBe(0)
    // The last such free is the one named.
    const twice = [
      heapCallMarker(1, 'free', BLOCK_B.payload, 4),
      ...before,
      heapCallMarker(5, 'free', BLOCK_B.payload, 8)
    ]
    expect(reuseOf(twice).get(BLOCK_B.payload)?.freedStep).toBe(5)
  })

  it('counts a realloc that moved a block as freeing the old one, and one in place or failed as not', () => {
    const before = reusedAddressMarkers.filter((m) => m.kind !== 'free')
    const moved = heapCallMarker(5, 'realloc', BLOCK_A.payload + 0x100, 8, BLOCK_B.payload)
    expect(reuseOf([...before, moved]).get(BLOCK_B.payload)).toMatchObject({
      freedStep: 5,
      freedLine: 8,
      freedAddress: BLOCK_B.payload
    })
    const inPlace = heapCallMarker(5, 'realloc', BLOCK_B.payload, 8, BLOCK_B.payload)
    const failed = heapCallMarker(5, 'realloc', 0, 8, BLOCK_B.payload)
    expect(reuseOf([...before, inPlace]).size).toBe(0)
    expect(reuseOf([...before, failed]).size).toBe(0)
  })

  it('flags the block a malloc got from a realloc that moved away (glibc, as gcc 12 runs it)', () => {
    // Run on this machine under setarch -R: keep and a 0x5555555592a0, b 0x5555555592c0, a after
    // realloc 0x5555555592e0 (b is in the way), c 0x5555555592a0 (the old chunk, from tcache).
    const session = new RunSession(
      `#include <stdlib.h>
int main(void) {
  char *a = malloc(16);
  char *b = malloc(16);
  char *keep = a;
  a = realloc(a, 200);
  char *c = malloc(16);
  return 0;
}
`,
      { file: 'moved.c' }
    )
    session.runToLine(8)
    const state = session.state()
    const { markers } = session.timeline()
    expect(markers.find((m) => m.kind === 'realloc')).toMatchObject({
      line: 6,
      label: 'realloc(0x5555555592a0) → 0x5555555592e0'
    })
    const reuse = addressReuse(state, pointerDiagram(state), markers)
    expect([...reuse.values()]).toEqual([
      expect.objectContaining({
        payload: 0x5555555592a0,
        allocatedLine: 7,
        freedLine: 6,
        freedAddress: 0x5555555592a0
      })
    ])
  })
})

describe('nullStub', () => {
  // The view's two gutters: 120 px from a 600 px wide view, 50 px below (a 480 px pane).
  it('keeps a NULL stub in a narrow gutter near its pointer: 16 of 50 px, 34 px clear of the targets', () => {
    const stub = nullStub(170, 50)
    expect(stub.end).toBe(186)
    expect(170 + 50 - stub.end).toBeGreaterThanOrEqual(2 * (stub.end - 170))
    // "∅ NULL" (about 40 px) would end under the target boxes: the pointer's own box says NULL.
    expect(stub.label).toBeUndefined()
  })

  it('writes "∅ NULL" after the stub where it ends 12 px before the targets (34 + 12 + 40 + 12 <= 120)', () => {
    expect(nullStub(210, 120)).toEqual({ end: 244, label: 256 })
  })
})

/** Five nodes pushed on a list: node i holds i * 10 and points at node i - 1 (node 0 at NULL). */
const LINKED_LIST = `#include <stdlib.h>
struct node {
  int value;
  struct node *next;
};
int main(void) {
  struct node *head = NULL;
  for (int i = 0; i < 5; i++) {
    struct node *n = malloc(sizeof *n);
    n->value = i * 10;
    n->next = head;
    head = n;
  }
  return 0;
}
`

describe('pointers stored in heap blocks', () => {
  // glibc: the tcache chunk takes 0x290 bytes from the heap start 0x555555559000, so the first
  // malloc(16) returns 0x5555555592a0 and each next one 32 bytes (a 16 + 8 rounded to 32 chunk)
  // higher. `next` sits at +8: after the 4-byte int, aligned to 8.
  const NODE = [0x5555555592a0, 0x5555555592c0, 0x5555555592e0, 0x555555559300, 0x555555559320]

  function atReturn(): {
    session: RunSession
    read: (a: number, n: number) => Promise<MemoryDump>
  } {
    const session = new RunSession(LINKED_LIST, { file: 'list.c' })
    session.runToLine(14)
    return { session, read: async (a, n) => session.readMemory(a, n) }
  }

  it('finds each next pointer of a list and follows them from head: 320 +8, 300 +8, 2e0 +8, 2c0 +8', async () => {
    const { session, read } = atReturn()
    const state = session.state()
    const requests = heapScan(state)
    expect(requests).toEqual(NODE.map((address) => ({ address, length: 16 })))
    const words = heapWords(state, await readBlocks(requests ?? [], read))
    // node 0's next is NULL: a zero word is no pointer
    expect(words).toHaveLength(4)
    const { sources, targets } = pointerDiagram(state, words)
    const stored = sources.filter((s) => s.inBlock !== undefined)
    expect(stored.map((s) => [s.inBlock, s.name, s.value])).toEqual([
      [NODE[4], '+8', NODE[3]],
      [NODE[3], '+8', NODE[2]],
      [NODE[2], '+8', NODE[1]],
      [NODE[1], '+8', NODE[0]]
    ])
    // one target per node, in the order the list reads; head and the stored pointers share them
    expect(targets.map((t) => t.base)).toEqual([...NODE].reverse())
    expect(crossings({ sources, targets })).toBe(0)
    const head = sources.find((s) => s.name === 'head')
    expect(head && targets[head.target].base).toBe(NODE[4])
    expect(stored.map((s) => targets[s.target].base)).toEqual([NODE[3], NODE[2], NODE[1], NODE[0]])
  })

  it('follows the list from the first pointer that reaches it, though another points further down', async () => {
    const { session, read } = atReturn()
    const state = session.state()
    // a second local pointing at node 2 comes after head: the chain still starts at node 4
    const frame = state.frames[0]
    const second = { ...frame.variables.find((v) => v.name === 'head')!, name: 'mid' }
    if (second.value.kind === 'pointer')
      second.value = {
        ...second.value,
        address: NODE[2],
        target: { kind: 'heap', label: '', base: NODE[2] }
      }
    const withMid = { ...state, frames: [{ ...frame, variables: [...frame.variables, second] }] }
    const words = heapWords(withMid, await readBlocks(heapScan(withMid) ?? [], read))
    const stored = pointerDiagram(withMid, words).sources.filter((s) => s.inBlock !== undefined)
    expect(stored.map((s) => s.inBlock)).toEqual([NODE[4], NODE[3], NODE[2], NODE[1]])
  })

  it('draws a list no variable holds any more without crossing arrows (main has returned)', async () => {
    const { session, read } = atReturn()
    const state = { ...session.state(), frames: [], globals: [] }
    const words = heapWords(state, await readBlocks(heapScan(state) ?? [], read))
    const diagram = pointerDiagram(state, words)
    // blocks nothing reaches are read lowest first: node 1's next, node 2's, ...
    expect(diagram.sources.map((s) => s.inBlock)).toEqual([NODE[1], NODE[2], NODE[3], NODE[4]])
    expect(diagram.targets.map((t) => t.base)).toEqual([NODE[0], NODE[1], NODE[2], NODE[3]])
    // in address order, high first, node 1's arrow ran to the bottom row and node 4's to the top
    expect(crossings(diagram)).toBe(0)
  })

  it('says a pointer into a freed block is dangling, and skips uninitialized words', () => {
    const state = {
      ...threeBlocks,
      blocks: threeBlocks.blocks.map((b) =>
        b.payload === BLOCK_B.payload ? { ...b, free: true, freed: { step: 3 } } : b
      )
    }
    const word = (value: number, written = true): MemoryDump => {
      const bytes = Array.from({ length: 8 }, (_, i) => Math.floor(value / 256 ** i) % 256)
      return { address: BLOCK_A.payload, bytes, initialized: bytes.map(() => written), changed: [] }
    }
    expect(heapWords(state, [word(BLOCK_B.payload + 4)])).toEqual([
      { block: BLOCK_A.payload, offset: 0, value: BLOCK_B.payload + 4 }
    ])
    expect(heapWords(state, [word(BLOCK_B.payload, false)])).toEqual([])
    const stored = pointerDiagram(state, heapWords(state, [word(BLOCK_B.payload)])).sources.at(-1)
    expect(stored).toMatchObject({ inBlock: BLOCK_A.payload, kind: 'freed' })
  })

  it('reads blocks near each other in one request, far apart one by one', async () => {
    const calls: Array<[number, number]> = []
    const read = async (address: number, length: number): Promise<MemoryDump> => {
      calls.push([address, length])
      const bytes = Array.from({ length }, (_, i) => (address + i) % 256)
      return { address, bytes, initialized: bytes.map(() => true), changed: bytes.map(() => false) }
    }
    const near = await readBlocks(
      [
        { address: 0x1000, length: 16 },
        { address: 0x1040, length: 8 }
      ],
      read
    )
    expect(calls).toEqual([[0x1000, 0x48]])
    expect(near[1]).toMatchObject({
      address: 0x1040,
      bytes: [0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47]
    })
    calls.length = 0
    await readBlocks(
      [
        { address: 0x1000, length: 16 },
        { address: 0x30000, length: 8 }
      ],
      read
    )
    expect(calls).toEqual([
      [0x1000, 16],
      [0x30000, 8]
    ])
  })

  it('reads nothing when more than 64 blocks are live', () => {
    const many = {
      ...threeBlocks,
      blocks: Array.from({ length: 65 }, (_, i) => ({
        ...BLOCK_A,
        address: 0x10000 + 32 * i,
        payload: 0x10010 + 32 * i
      }))
    }
    expect(heapScan(many)).toBeUndefined()
  })
})
