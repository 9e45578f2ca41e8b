/**
 * What one heap call costs the Machine, in instructions: run it under cachegrind at two pass
 * counts and divide the difference by the operations between them (cachegrind counts do not move
 * with this machine's load, wall and CPU times do). See tools/probes/README.md.
 *
 *   heap-call-count.ts pairs PASSES
 *     malloc(24)/free pairs with the do-nothing allocator, as the sim bench's floor times them but
 *     on one Machine whose log goes on growing: 400,000 heap calls a pass
 *   heap-call-count.ts checked PASSES
 *     the same pairs with the heap checker on, as a C run has it (the bench's 'with the heap
 *     checker' floor)
 *   heap-call-count.ts trace PASSES TRACE [ALLOCATOR]
 *     the malloc-lab trace /work/shared/traces/TRACE-bal.rep replayed PASSES times on one Machine
 *     (linux-x86_64, event log on, heap checker off, mmap off, as the sim bench runs it); ALLOCATOR `nothing`
 *     (the default) is the do-nothing allocator
 *   heap-call-count.ts seek PASSES TRACE [ALLOCATOR]
 *     the same trace repeated PASSES times and replayed by a TraceReplay (snapshots off, mmap off),
 *     `seek` to its end: the loop the sim bench times (TraceReplay.advance), with its own per-op
 *     work (the pointers by id, the heap's peak)
 *
 * Each loop is a function of its own, as a replay loop is: code at a module's top level runs as
 * on-stack replacement, which V8 inlines into differently.
 */
import { readFileSync } from 'node:fs'
import { withDoNothingAllocator } from '../../bench/do-nothing'
import '../../shared/sim/allocators/index'
import { Machine } from '../../shared/sim/machine'
import { parseTrace, repeatTrace, TraceReplay } from '../../shared/sim/trace'

const PAIRS = 200_000

function pairs(machine: Machine, first: number): void {
  for (let i = first; i < first + PAIRS; i++) {
    machine.step = i
    machine.line = 7
    machine.free(machine.malloc(24))
  }
}

interface Ops {
  kinds: Uint8Array
  ids: Int32Array
  sizes: Float64Array
}

function replay(machine: Machine, ops: Ops, pointers: Float64Array): void {
  const { kinds, ids, sizes } = ops
  for (let i = 0; i < kinds.length; i++) {
    const id = ids[i] as number
    const kind = kinds[i]
    machine.step++
    if (kind === 0) pointers[id] = machine.malloc(sizes[i] as number)
    else if (kind === 1) {
      machine.free(pointers[id] as number)
      pointers[id] = 0
    } else pointers[id] = machine.realloc(pointers[id] as number, sizes[i] as number)
  }
  // Blocks the trace leaves allocated, so that the next pass starts from an empty heap.
  for (let id = 0; id < pointers.length; id++) {
    if (pointers[id] !== 0) machine.free(pointers[id] as number)
    pointers[id] = 0
  }
}

function readOps(name: string): Ops {
  const lines = readFileSync(`/work/shared/traces/${name}-bal.rep`, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[afr]\s/.test(l))
  const ops: Ops = {
    kinds: new Uint8Array(lines.length),
    ids: new Int32Array(lines.length),
    sizes: new Float64Array(lines.length)
  }
  lines.forEach((line, i) => {
    const [op, id, size] = line.split(/\s+/)
    ops.kinds[i] = op === 'a' ? 0 : op === 'f' ? 1 : 2
    ops.ids[i] = Number(id)
    ops.sizes[i] = Number(size ?? 0)
  })
  return ops
}

const [mode, passArg, traceName = 'binary2', allocator = 'nothing'] = process.argv.slice(2)
const passes = Number(passArg)
if (
  (mode !== 'pairs' && mode !== 'checked' && mode !== 'trace' && mode !== 'seek') ||
  !(passes > 0)
) {
  console.log(
    'usage: heap-call-count.ts pairs|checked PASSES | trace|seek PASSES TRACE [ALLOCATOR]'
  )
  process.exit(2)
}
if (mode === 'seek') {
  const file = `/work/shared/traces/${traceName}-bal.rep`
  const trace = repeatTrace(parseTrace(readFileSync(file, 'utf8'), traceName), passes)
  const replay = new TraceReplay(trace, allocator === 'nothing' ? 'first-fit' : allocator, {
    snapshotEvery: 0
  })
  if (allocator === 'nothing') withDoNothingAllocator(replay.machine)
  replay.seek(trace.length)
  console.log(`${trace.length} operations; log ${replay.machine.log.length} entries`)
  process.exit(0)
}
const machine =
  mode !== 'trace' || allocator === 'nothing'
    ? withDoNothingAllocator(
        new Machine({ layout: 'linux-x86_64', allocator: 'first-fit', checked: mode === 'checked' })
      )
    : // mmap off, as TraceReplay (the sim bench, `heap replay`) has it: the malloc lab has none.
      new Machine({
        layout: 'linux-x86_64',
        allocator,
        checked: false,
        allocatorOptions: { mmapThreshold: Number.POSITIVE_INFINITY }
      })
if (mode !== 'trace') {
  machine.malloc(24) // kept, as the sim bench keeps one: the pairs' block is not the first
  for (let pass = 0; pass < passes; pass++) pairs(machine, pass * PAIRS)
  console.log(`${passes * PAIRS * 2} heap calls; log ${machine.log.length} entries`)
} else {
  const ops = readOps(traceName)
  const pointers = new Float64Array(Math.max(0, ...ops.ids) + 1)
  for (let pass = 0; pass < passes; pass++) replay(machine, ops, pointers)
  console.log(`${ops.kinds.length} operations a pass; log ${machine.log.length} entries`)
}
