/**
 * The real compiler as the tests' oracle: whether gcc is on this machine, and what a program it
 * compiles (gcc -O0, warnings off) prints. Node-side, so it lives outside `shared/`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** True when `gcc` runs here (it does in CI). */
export const hasGcc = spawnSync('gcc', ['--version']).status === 0

/** This machine's auxiliary vector (type -> value), as every process here gets it. */
export function machineAuxv(): Map<number, bigint> {
  const auxv = new Map<number, bigint>()
  if (!existsSync('/proc/self/auxv')) return auxv
  const bytes = readFileSync('/proc/self/auxv')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let i = 0; i + 16 <= bytes.byteLength; i += 16)
    auxv.set(Number(view.getBigUint64(i, true)), view.getBigUint64(i + 8, true))
  return auxv
}

const AT_MINSIGSTKSZ = 51
const minsigstksz = machineAuxv().get(AT_MINSIGSTKSZ)

/**
 * Whether this CPU is like the one the start-up garbage was measured on. What glibc's own code
 * leaves on the stack (the loader before main, printf's internals before a later call reads a
 * register save area it never wrote) depends on the CPU: the lazy-binding trampoline saves the
 * XSAVE state on the stack, whose size the kernel reports as AT_MINSIGSTKSZ, and the string
 * functions glibc picks differ with the vector extensions. The model was measured on a CPU
 * with AT_MINSIGSTKSZ 0x6f0 (AVX2); on one with AVX-512 and AMX (0x2eb0) 326 of 824 words
 * below main differ. Tests compare such garbage with the real process only on a CPU like it.
 */
export const sameCpuAsModel = minsigstksz === 0x6f0n

/** The sentence a test prints when it leaves out what depends on the CPU (ends before "so"). */
export const otherCpu = `this CPU's AT_MINSIGSTKSZ is 0x${(minsigstksz ?? 0n).toString(16)}, not the modelled 0x6f0: glibc's own code leaves other words on the stack here, so`

/**
 * Compiles `source` with gcc -O0 and runs it with empty stdin: its standard output, decoded as
 * `encoding` (latin1 keeps every byte a program prints, valid UTF-8 or not).
 */
export function gccOutput(source: string, encoding: BufferEncoding = 'utf8'): string {
  const dir = mkdtempSync(join(tmpdir(), 'gcc-oracle-'))
  try {
    writeFileSync(join(dir, 'p.c'), source)
    const build = spawnSync('gcc', ['-O0', '-w', '-o', join(dir, 'p'), join(dir, 'p.c')], {
      encoding: 'utf8'
    })
    if (build.status !== 0) throw new Error(build.stderr)
    return spawnSync(join(dir, 'p'), [], { encoding }).stdout
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
