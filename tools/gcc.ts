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

/** True when `setarch -R` can turn address-space randomization off here. */
export const hasSetarch = spawnSync('setarch', ['-R', 'true']).status === 0

/**
 * A SIGSEGV handler compiled into the real program (gcc's `-include`): on its own stack, so a
 * stack overflow can still report, it prints the signal's si_code and address on stderr.
 */
const SEGV_REPORTER = `#include <signal.h>
#include <stdio.h>
#include <unistd.h>
static char alternate_stack[65536];
static void report(int s, siginfo_t *info, void *context) {
    char line[64];
    (void)context;
    int n = snprintf(line, sizeof line, "si_code %d addr %p\\n", info->si_code, info->si_addr);
    write(2, line, n);
    _exit(128 + s);
}
__attribute__((constructor)) static void install(void) {
    stack_t ss = { .ss_sp = alternate_stack, .ss_size = sizeof alternate_stack };
    sigaltstack(&ss, 0);
    struct sigaction sa = { 0 };
    sa.sa_sigaction = report;
    sa.sa_flags = SA_ONSTACK | SA_SIGINFO;
    sigaction(SIGSEGV, &sa, 0);
}
`

const SI_CODES: Record<number, string> = { 1: 'SEGV_MAPERR', 2: 'SEGV_ACCERR', 128: 'SI_KERNEL' }

/** How a real process ended: its stdout (a pipe), exit status and, if it faulted, the fault. */
export interface RealRun {
  stdout: string
  status: number | null
  /** The SIGSEGV's si_code by name (SEGV_MAPERR, SEGV_ACCERR, SI_KERNEL). */
  code?: string
  /** The faulting address as %p prints it (0x7). */
  address?: string
}

/**
 * Compiles `source` with gcc -O0 (warnings off, plus `flags`) and the SIGSEGV reporter, and runs
 * it as `./prog` with ASLR off (`setarch -R`); with `emptyEnvironment`, as `env -i setarch -R
 * ./prog`, which gives the stack the simulator models. Without `reportFaults` the program is
 * compiled as a learner compiles it: the reporter is a constructor, which adds to
 * `.init_array` and runs code before main. Needs gcc and `hasSetarch`.
 */
export function realRun(
  source: string,
  {
    emptyEnvironment = false,
    flags = [],
    reportFaults = true
  }: { emptyEnvironment?: boolean; flags?: string[]; reportFaults?: boolean } = {}
): RealRun {
  const dir = mkdtempSync(join(tmpdir(), 'real-run-'))
  try {
    writeFileSync(join(dir, 'p.c'), source)
    writeFileSync(join(dir, 'report.h'), SEGV_REPORTER)
    const build = spawnSync(
      'gcc',
      [
        '-O0',
        '-w',
        ...flags,
        ...(reportFaults ? ['-include', 'report.h'] : []),
        '-o',
        'prog',
        'p.c'
      ],
      { cwd: dir, encoding: 'utf8' }
    )
    if (build.status !== 0) throw new Error(build.stderr)
    const command = emptyEnvironment ? ['env', '-i', 'setarch', '-R'] : ['setarch', '-R']
    const run = spawnSync(command[0]!, [...command.slice(1), './prog'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 10_000
    })
    const fault = /si_code (\d+) addr (\S+)/.exec(run.stderr)
    return {
      stdout: run.stdout,
      status: run.status,
      ...(fault ? { code: SI_CODES[Number(fault[1])] ?? fault[1], address: fault[2] } : {})
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
