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
 * is flushed with write() from deeper down. stderr is unbuffered, and vfprintf formats into a
 * BUFSIZ buffer on the stack for it.
 */

/** Bytes each function touches below %rsp with stdout a pipe or a file. */
const BASE: Record<string, number> = {
  printf: 1640,
  sprintf: 1968,
  snprintf: 2048,
  puts: 136,
  putchar: 40,
  // To stdout; to stderr see TO_STDERR.
  fprintf: 1640,
  fputs: 152,
  fwrite: 152,
  fputc: 64,
  putc: 64,
  // perror always writes to stderr (TO_STDERR); this is what it costs without that buffer.
  perror: 264
}

/**
 * The same functions writing to stderr, which is unbuffered: vfprintf then formats into an
 * 8 KiB buffer on the stack (buffered_vfprintf) before writing it, so fprintf(stderr, "%d\n")
 * takes 10,192 bytes; fputs 264, fputc 1,576 (measured as BASE).
 */
const TO_STDERR: Record<string, number> = {
  fprintf: 10192,
  fputs: 264,
  fwrite: 264,
  fputc: 1576,
  putc: 1576,
  perror: 11432
}

/** What flushing a line-buffered stdout (a terminal) adds. */
const TERMINAL: Record<string, number> = {
  printf: 128,
  puts: 96,
  putchar: 56,
  fprintf: 128,
  fputs: 96,
  fwrite: 96,
  fputc: 56,
  putc: 56
}

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
export const LIBRARY_STACK_BOUND = 12288

/** Whether `name` is a library function whose stack use is modelled. */
export function usesLibraryStack(name: string): boolean {
  return name in BASE
}

/**
 * Bytes below the caller's %rsp that `name` touches, given its format (printf, sprintf,
 * snprintf, fprintf), whether stdout is a terminal, and whether it writes to stderr (fprintf,
 * fputs, fputc, putc, fwrite).
 */
export function libraryStackBytes(
  name: string,
  format: string | null,
  terminal: boolean,
  toStderr = false
): number {
  let bytes = (toStderr ? TO_STDERR[name] : undefined) ?? BASE[name] ?? 0
  if (format !== null) bytes += formatExtra(format)
  if (terminal && !toStderr) bytes += TERMINAL[name] ?? 0
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
