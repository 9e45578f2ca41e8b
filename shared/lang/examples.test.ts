/**
 * The example corpus (`examples/*.c`) checked two ways (see examples/README.md):
 * the expected results against gcc and glibc on this machine, and the interpreter against the
 * expected results. Together they check the interpreter against a real compiler.
 */
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allocatorNames } from '../sim'
import { defaultAllocator, runC, type RunResult } from './index'
import { otherCpu, sameCpuAsModel } from '../../tools/gcc'

/** What `NAME.expected.json` holds (examples/README.md describes each field). */
interface ExpectedResult {
  stdout: string
  exitStatus?: number
  signal?: 'SIGSEGV' | 'SIGFPE' | 'SIGABRT'
  stderrIncludes?: string
  allocator?: string
  tunables?: string
  stdin?: string
  events?: string[]
  leaksBytes?: number
  definitelyLostBytes?: number
  indirectlyLostBytes?: number
  maxDepth?: number
  /**
   * What glibc's own earlier calls left on the stack shows in the output (see `sameCpuAsModel`):
   * the expected output is the modelled CPU's, compared with gcc's binary only on a CPU like it.
   */
  cpuDependent?: boolean
}

interface Example {
  name: string
  source: string
  expected: ExpectedResult
}

const EXAMPLES_DIRECTORY = fileURLToPath(new URL('./examples/', import.meta.url))

const EXAMPLES: Example[] = readdirSync(EXAMPLES_DIRECTORY)
  .filter((file) => file.endsWith('.c'))
  .sort()
  .map((file) => {
    const name = file.slice(0, -2)
    return {
      name,
      source: readFileSync(join(EXAMPLES_DIRECTORY, file), 'utf8'),
      expected: JSON.parse(
        readFileSync(join(EXAMPLES_DIRECTORY, `${name}.expected.json`), 'utf8')
      ) as ExpectedResult
    }
  })

/** Programs that fail on purpose: the corpus's own `bug-*` and the conformance tester's `conf-bug-*`. */
const DELIBERATE_BUG = /^(conf-)?bug-/

/**
 * Examples the interpreter cannot run yet only because it lacks something, with the reason.
 * Each is asserted with `it.fails`, so it turns red (and must be removed from here) the moment
 * the interpreter gets it right.
 */
const KNOWN_INTERPRETER_GAPS: Record<string, string> = {}

describe('the example corpus', () => {
  it('has at least 60 programs, each with an expected result', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(60)
    for (const { name, expected } of EXAMPLES) {
      // Exactly one of exit status and signal says how the program ends.
      expect((expected.exitStatus === undefined) !== (expected.signal === undefined), name).toBe(
        true
      )
      expect(typeof expected.stdout, name).toBe('string')
    }
  })

  it('lists only existing examples as known interpreter gaps', () => {
    const names = new Set(EXAMPLES.map((e) => e.name))
    const unknown = Object.keys(KNOWN_INTERPRETER_GAPS).filter(
      (gap) => !names.has(gap.replace(/ on classroom$/, ''))
    )
    expect(unknown).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------
// The expected files against the real machine.

/** How a program compiled by gcc ended on this machine. */
interface MachineResult {
  stdout: string
  stderr: string
  exitStatus?: number
  signal?: string
  compileError?: string
}

const gccFound = spawnSync('gcc', ['--version']).status === 0
if (!gccFound) console.warn('gcc not found: the example corpus is not checked against gcc')
const stdbufFound = spawnSync('stdbuf', ['--version']).status === 0

function run(
  command: string,
  args: string[],
  cwd: string,
  timeout: number,
  environment: Record<string, string> = {},
  input = ''
): Promise<{ stdout: string; stderr: string; code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      {
        cwd,
        timeout,
        encoding: 'latin1',
        maxBuffer: 16 << 20,
        env: { ...process.env, ...environment }
      },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number | string; signal?: string }) | null
        resolve({
          stdout,
          stderr,
          code: failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null,
          signal: failure?.signal ?? null
        })
      }
    )
    // A program that never reads its input must not fail the write.
    child.stdin?.on('error', () => {})
    child.stdin?.end(input, 'latin1')
  })
}

/** Compiles and runs one example with gcc, as a learner would in a terminal. */
async function runOnMachine(example: Example, directory: string): Promise<MachineResult> {
  const file = `${example.name}.c`
  writeFileSync(join(directory, file), example.source)
  // -fno-stack-protector: the stack-smashing canary would change how the stack bugs end.
  const compile = await run(
    'gcc',
    ['-O0', '-w', '-fno-stack-protector', '-o', example.name, file],
    directory,
    60_000
  )
  if (compile.code !== 0)
    return { stdout: '', stderr: '', compileError: compile.stderr || 'gcc failed' }
  // Line-buffered stdout (as on a terminal), so lines printed before a crash are not lost.
  const binary = join(directory, example.name)
  const tunables: Record<string, string> =
    example.expected.tunables === undefined ? {} : { GLIBC_TUNABLES: example.expected.tunables }
  // The 8 MiB stack of a default Linux shell (`ulimit -s 8192`), so the stack-overflow programs
  // die as they do for a learner even where the test runner's stack is unlimited.
  const command = stdbufFound ? ['stdbuf', '-oL', binary] : [binary]
  const withStackLimit = ['-c', 'ulimit -s 8192 2>/dev/null; exec "$@"', 'sh', ...command]
  const input = example.expected.stdin ?? ''
  const result = await run('sh', withStackLimit, directory, 20_000, tunables, input)
  return {
    stdout: result.stdout,
    stderr: result.stderr,
    exitStatus: result.signal === null ? (result.code ?? undefined) : undefined,
    signal: result.signal ?? undefined
  }
}

/** Runs `task` over `items` with at most `limit` running at once. */
async function inParallel<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

describe.runIf(gccFound)(
  'expected results agree with gcc on this machine (skipped when gcc not found)',
  () => {
    const machine = new Map<string, MachineResult>()
    let directory = ''

    beforeAll(async () => {
      directory = mkdtempSync(join(tmpdir(), 'memory-lane-examples-'))
      const results = await inParallel(EXAMPLES, Math.max(2, availableParallelism()), (example) =>
        runOnMachine(example, directory)
      )
      EXAMPLES.forEach((example, i) => machine.set(example.name, results[i]))
      // Compiling ~340 programs: at a load of 25 on two cores 120 s was not enough (session 11).
    }, 300_000)

    afterAll(() => {
      if (directory) rmSync(directory, { recursive: true, force: true })
    })

    for (const example of EXAMPLES) {
      const otherGarbage = example.expected.cpuDependent === true && !sameCpuAsModel
      if (otherGarbage) console.info(`${otherCpu} ${example.name} is skipped against gcc`)
      it.skipIf(otherGarbage)(example.name, () => {
        const actual = machine.get(example.name)
        expect(actual?.compileError).toBeUndefined()
        const { expected } = example
        const measured = {
          stdout: actual?.stdout,
          ...(actual?.signal ? { signal: actual.signal } : { exitStatus: actual?.exitStatus })
        }
        expect(measured, `gcc's result for ${example.name}.c`).toEqual({
          stdout: expected.stdout,
          ...(expected.signal ? { signal: expected.signal } : { exitStatus: expected.exitStatus })
        })
        if (expected.stderrIncludes !== undefined)
          expect(actual?.stderr).toContain(expected.stderrIncludes)
      })
    }
  }
)

// ---------------------------------------------------------------------------------------------
// The interpreter against the expected files.

/**
 * Runs an example with the allocator (and tunables) it names, or with the layout's default
 * (glibc on linux-x86_64) when it names none; `checked` runs it with the checked textbook
 * allocator instead, whose misuse reports the expected `events` list.
 */
function interpret(example: Example, mode: 'its allocator' | 'checked'): RunResult {
  const { allocator, tunables, stdin } = example.expected
  const own = mode === 'its allocator'
  return runC(example.source, {
    file: `${example.name}.c`,
    // gcc's binary runs under `stdbuf -oL`: line-buffered, with the pipe's 4096-byte buffer.
    stdout: 'line-buffered-pipe',
    ...(stdin === undefined ? {} : { stdin }),
    ...(own && allocator !== undefined ? { allocator } : {}),
    ...(own && tunables !== undefined ? { tunables } : {}),
    ...(own ? {} : { allocator: CHECKED_ALLOCATOR })
  })
}

/** The allocator whose misuse reports (double free, invalid free…) the corpus expects. */
const CHECKED_ALLOCATOR = 'first-fit'

describe('the interpreter runs every example as expected', () => {
  for (const example of EXAMPLES) {
    const gap = KNOWN_INTERPRETER_GAPS[example.name]
    const test = gap === undefined ? it : it.fails
    test(gap === undefined ? example.name : `${example.name} (known gap: ${gap})`, () => {
      const { expected } = example
      const result = interpret(example, 'its allocator')
      const errors = result.diagnostics.filter((d) => d.severity === 'error')
      expect(errors.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([])
      expect(result.stdout).toBe(expected.stdout)
      if (expected.signal !== undefined) expect(result.exit.signal).toBe(expected.signal)
      else expect(result.exit.status).toBe(expected.exitStatus)
      if (expected.stderrIncludes !== undefined)
        expect(result.stderr).toContain(expected.stderrIncludes)

      // The corpus stays small: every program finishes well inside a lesson's step budget.
      expect(result.steps, 'steps').toBeLessThan(1_000_000)
      if (expected.maxDepth !== undefined) {
        // Within one frame: the real depth moves by one with the program path's length.
        expect(
          Math.abs(result.maxDepth - expected.maxDepth),
          `maxDepth ${result.maxDepth}`
        ).toBeLessThanOrEqual(1)
      }

      // Misuse reports and leaks come from a run with the checked allocator.
      const checked = interpret(example, 'checked')
      const kinds = new Set(checked.events.map((event) => event.kind))
      for (const kind of expected.events ?? []) expect([...kinds]).toContain(kind)
      // A program that is not a deliberate bug must not be accused of misuse.
      if (!DELIBERATE_BUG.test(example.name))
        expect(checked.events.filter((event) => event.kind !== 'leak')).toEqual([])
      if (expected.leaksBytes !== undefined) {
        const leaks = checked.leakSummary
        expect(leaks.bytes, 'bytes lost at exit').toBe(expected.leaksBytes)
        if (expected.definitelyLostBytes !== undefined) {
          expect(leaks.definitelyLostBytes, 'definitely lost').toBe(expected.definitelyLostBytes)
          expect(leaks.indirectlyLostBytes, 'indirectly lost').toBe(expected.indirectlyLostBytes)
        }
      }
    })
  }
})

// ---------------------------------------------------------------------------------------------
// A correct program prints the same whatever the allocator and the address-space layout.

/**
 * Every allocator that can serve any request size, in registry order, but the linux-x86_64
 * default (glibc), which every example already runs with. (`pool` serves one fixed block size
 * only, so programs that allocate other sizes get NULL there, by design.)
 */
const GENERAL_ALLOCATORS = allocatorNames()
  .map((a) => a.name)
  .filter((name) => name !== 'pool' && name !== defaultAllocator('linux-x86_64'))

/** Programs that need more memory than the 64 KiB classroom address space has. */
const TOO_BIG_FOR_CLASSROOM: Record<string, string> = {
  'big-bss-array': 'a 1 MiB array in .bss',
  'conf-big-allocations': 'a 64 MiB array in .bss and a 1 GiB block',
  'deep-recursion-fits': '100,000 frames need about 3 MiB of stack',
  'large-allocations': 'blocks of 1 and 2 MiB',
  'course-recursion-4k-frames': '500 frames of 4 KiB need 2 MiB of stack'
}

/** Programs without deliberate bugs whose output does not depend on one particular allocator. */
const CORRECT_PROGRAMS = EXAMPLES.filter(
  (e) => !DELIBERATE_BUG.test(e.name) && e.expected.allocator === undefined
)

describe('correct programs print the same with every allocator and on the classroom layout (first-fit)', () => {
  it('has general-purpose allocators to rotate through', () => {
    expect(GENERAL_ALLOCATORS.length).toBeGreaterThan(0)
  })

  // Each program runs once with one allocator, taking them in turn, so every allocator runs
  // many programs while the test costs one extra run per program.
  CORRECT_PROGRAMS.forEach((example, i) => {
    const allocator = GENERAL_ALLOCATORS[i % Math.max(1, GENERAL_ALLOCATORS.length)]
    const gap = KNOWN_INTERPRETER_GAPS[example.name]
    const test = gap === undefined ? it : it.fails
    test(`${example.name} with the ${allocator} allocator${gap ? ' (known gap)' : ''}`, () => {
      const result = runC(example.source, {
        file: `${example.name}.c`,
        allocator,
        stdin: example.expected.stdin ?? ''
      })
      expect({ stdout: result.stdout, status: result.exit.status }).toEqual({
        stdout: example.expected.stdout,
        status: example.expected.exitStatus
      })
    })
  })

  for (const example of CORRECT_PROGRAMS) {
    const tooBig = TOO_BIG_FOR_CLASSROOM[example.name]
    const gap =
      KNOWN_INTERPRETER_GAPS[`${example.name} on classroom`] ?? KNOWN_INTERPRETER_GAPS[example.name]
    const test = gap === undefined ? it : it.fails
    test(`${example.name} on the classroom layout${gap ? ` (known gap: ${gap})` : ''}`, () => {
      const run = () =>
        runC(example.source, {
          file: `${example.name}.c`,
          layout: 'classroom',
          stdin: example.expected.stdin ?? ''
        })
      if (tooBig === undefined) {
        const result = run()
        expect({ stdout: result.stdout, status: result.exit.status }).toEqual({
          stdout: example.expected.stdout,
          status: example.expected.exitStatus
        })
      } else {
        // It cannot run there, but it must end with an explanation, never a thrown exception.
        const result = run()
        expect(result.exit.signal ?? result.diagnostics.length, tooBig).toBeTruthy()
        expect(result.exit.explanation, tooBig).toBeTruthy()
      }
    })
  }
})
