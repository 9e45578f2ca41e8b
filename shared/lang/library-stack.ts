/**
 * How much stack glibc 2.36's output functions use below their caller's %rsp, so that a
 * recursion that prints dies where the real one does: `void f(int d) { printf("%d\n", d);
 * f(d + 1); }` overflows inside printf, about 1.6 KiB before the next frame would.
 *
 * Measured on the reference machine (gcc 12 -O0, Debian glibc 2.36): the stack below the
 * caller's %rsp is painted, the function called, and the lowest byte it changed found (steady
 * state: stdout's buffer already allocated). vfprintf's own frame is most of it; a field width
 * takes the padding path; a floating conversion adds its digit buffers (more for a huge
 * magnitude, e.g. %f of 1e300 takes 4,088 bytes: not modelled); on a terminal the line buffer
 * is flushed with write() from deeper down.
 */

/** Bytes each function touches below %rsp with stdout a pipe or a file. */
const BASE: Record<string, number> = {
  printf: 1640,
  sprintf: 1968,
  snprintf: 2048,
  puts: 136,
  putchar: 40
}

/** What flushing a line-buffered stdout (a terminal) adds. */
const TERMINAL: Record<string, number> = { printf: 128, puts: 96, putchar: 56 }

/** What a floating conversion's digit buffers add over a plain `%d`. */
const FLOATING_EXTRA: Record<string, number> = {
  f: 520,
  F: 520,
  g: 536,
  G: 536,
  e: 552,
  E: 552,
  a: 552,
  A: 552
}

/** More than any function here uses: below this much room, work the exact figure out. */
export const LIBRARY_STACK_BOUND = 4096

/** Whether `name` is a library function whose stack use is modelled. */
export function usesLibraryStack(name: string): boolean {
  return name in BASE
}

/**
 * Bytes below the caller's %rsp that `name` touches, given its format (printf, sprintf,
 * snprintf) and whether stdout is a terminal.
 */
export function libraryStackBytes(name: string, format: string | null, terminal: boolean): number {
  let bytes = BASE[name] ?? 0
  if (format !== null) bytes += formatExtra(format)
  if (terminal) bytes += TERMINAL[name] ?? 0
  return bytes
}

/**
 * The deepest directive's extra over a plain `%d`: a width 112 bytes; %f 520, %g 536, %e and
 * %a 552, each 136 more with a width (printf "%5d" 1,752, "%f" 2,160, "%08.3f" 2,296).
 */
function formatExtra(format: string): number {
  let extra = 0
  for (let i = format.indexOf('%'); i >= 0 && i < format.length; i = format.indexOf('%', i)) {
    i++
    while ("-+ #0'".includes(format[i] ?? '\0') && i < format.length) i++
    const width = format[i] === '*' || (format[i] >= '1' && format[i] <= '9')
    while ((format[i] >= '0' && format[i] <= '9') || format[i] === '*' || format[i] === '.') i++
    while ('hlLqjzt'.includes(format[i] ?? '\0') && i < format.length) i++
    const conversion = format[i] ?? ''
    i++
    const float = FLOATING_EXTRA[conversion] ?? 0
    const here = float > 0 ? float + (width ? 136 : 0) : width && conversion !== '%' ? 112 : 0
    if (here > extra) extra = here
  }
  return extra
}
