/**
 * A library function called without the header that declares it. C99 removed implicit
 * declarations, but gcc 12 still accepts the call with a warning that is on by default
 * (-Wimplicit-function-declaration) and declares the function as C90 did: `int name()`. What
 * happens next depends on whether gcc knows the function as one of its built-ins
 * (gcc/builtins.def):
 *
 * - a built-in (`malloc`, `strlen`, `printf`, …) keeps its real prototype; when that prototype
 *   is not `int name()` — it returns something else or is variadic — gcc says so a second time,
 *   at the same place: "incompatible implicit declaration of built-in function"
 *   (-Wbuiltin-declaration-mismatch), and the program still works;
 * - any other function (`sbrk`, `atol`, `malloc_usable_size`, …) really returns `int`: the
 *   caller keeps only the low 32 bits of %rax and sign-extends them, so `char *b = sbrk(0);`
 *   without <unistd.h> holds 0x5557a000 instead of 0x55555557a000.
 *
 * The tables were measured with gcc 12.2 and glibc 2.36's headers on x86-64 (the default
 * -std=gnu17): which headers declare each function, and which functions gcc treats as
 * built-ins (a built-in's warning comes with gcc's note "include '<stdlib.h>' or provide a
 * declaration of 'malloc'").
 */
import type { FunctionType } from './types'
import { INT, VOID } from './types'

/** The headers (of those the subset accepts) that declare each library function. */
export const DECLARING_HEADERS: Readonly<Record<string, readonly string[]>> = {
  malloc: ['stdlib.h', 'malloc.h'],
  calloc: ['stdlib.h', 'malloc.h'],
  realloc: ['stdlib.h', 'malloc.h'],
  free: ['stdlib.h', 'malloc.h'],
  memset: ['string.h'],
  memcpy: ['string.h'],
  memmove: ['string.h'],
  memcmp: ['string.h'],
  strlen: ['string.h'],
  strcpy: ['string.h'],
  strncpy: ['string.h'],
  strcmp: ['string.h'],
  strncmp: ['string.h'],
  strcat: ['string.h'],
  strchr: ['string.h'],
  strdup: ['string.h'],
  // glibc's <malloc.h> includes <stdio.h>.
  printf: ['stdio.h', 'malloc.h'],
  sprintf: ['stdio.h', 'malloc.h'],
  snprintf: ['stdio.h', 'malloc.h'],
  vprintf: ['stdio.h', 'malloc.h'],
  vfprintf: ['stdio.h', 'malloc.h'],
  vsprintf: ['stdio.h', 'malloc.h'],
  vsnprintf: ['stdio.h', 'malloc.h'],
  puts: ['stdio.h', 'malloc.h'],
  putchar: ['stdio.h', 'malloc.h'],
  getchar: ['stdio.h', 'malloc.h'],
  scanf: ['stdio.h', 'malloc.h'],
  sscanf: ['stdio.h', 'malloc.h'],
  fscanf: ['stdio.h', 'malloc.h'],
  exit: ['stdlib.h'],
  _exit: ['unistd.h'],
  getenv: ['stdlib.h'],
  atexit: ['stdlib.h'],
  write: ['unistd.h'],
  abort: ['stdlib.h'],
  sbrk: ['unistd.h'],
  malloc_usable_size: ['malloc.h'],
  malloc_trim: ['malloc.h'],
  atoi: ['stdlib.h'],
  atol: ['stdlib.h'],
  abs: ['stdlib.h'],
  labs: ['stdlib.h'],
  div: ['stdlib.h'],
  ldiv: ['stdlib.h'],
  lldiv: ['stdlib.h'],
  rand: ['stdlib.h'],
  srand: ['stdlib.h'],
  isdigit: ['ctype.h'],
  isalpha: ['ctype.h'],
  isspace: ['ctype.h'],
  isupper: ['ctype.h'],
  islower: ['ctype.h'],
  isalnum: ['ctype.h'],
  toupper: ['ctype.h'],
  tolower: ['ctype.h'],
  isprint: ['ctype.h'],
  isgraph: ['ctype.h'],
  ispunct: ['ctype.h'],
  isxdigit: ['ctype.h'],
  iscntrl: ['ctype.h'],
  isblank: ['ctype.h'],
  isascii: ['ctype.h'],
  atof: ['stdlib.h'],
  fgets: ['malloc.h', 'stdio.h'],
  getc: ['malloc.h', 'stdio.h'],
  fgetc: ['malloc.h', 'stdio.h'],
  strtod: ['stdlib.h'],
  sqrt: ['math.h'],
  strndup: ['string.h'],
  strrchr: ['string.h'],
  strstr: ['string.h'],
  strncat: ['string.h'],
  strnlen: ['string.h'],
  strtok: ['string.h'],
  strspn: ['string.h'],
  strcspn: ['string.h'],
  strpbrk: ['string.h'],
  memchr: ['string.h'],
  strerror: ['string.h'],
  fprintf: ['stdio.h', 'malloc.h'],
  fputs: ['stdio.h', 'malloc.h'],
  fputc: ['stdio.h', 'malloc.h'],
  putc: ['stdio.h', 'malloc.h'],
  fwrite: ['stdio.h', 'malloc.h'],
  fflush: ['stdio.h', 'malloc.h'],
  setvbuf: ['stdio.h', 'malloc.h'],
  getline: ['stdio.h', 'malloc.h'],
  getdelim: ['stdio.h', 'malloc.h'],
  setbuf: ['stdio.h', 'malloc.h'],
  perror: ['stdio.h', 'malloc.h'],
  posix_memalign: ['stdlib.h'],
  aligned_alloc: ['stdlib.h'],
  memalign: ['malloc.h'],
  mallopt: ['malloc.h'],
  brk: ['unistd.h'],
  getpid: ['unistd.h'],
  gettimeofday: ['sys/time.h'],
  time: ['time.h'],
  clock: ['time.h'],
  sleep: ['unistd.h'],
  usleep: ['unistd.h'],
  getpagesize: ['unistd.h'],
  getppid: ['unistd.h'],
  atoll: ['stdlib.h'],
  strtol: ['stdlib.h'],
  strtoll: ['stdlib.h'],
  strtoul: ['stdlib.h'],
  strtoull: ['stdlib.h'],
  llabs: ['stdlib.h'],
  qsort: ['stdlib.h'],
  bsearch: ['stdlib.h'],
  fabs: ['math.h'],
  floor: ['math.h'],
  ceil: ['math.h'],
  round: ['math.h'],
  trunc: ['math.h'],
  fmod: ['math.h'],
  pow: ['math.h'],
  exp: ['math.h'],
  log: ['math.h'],
  log2: ['math.h'],
  log10: ['math.h'],
  sin: ['math.h'],
  cos: ['math.h'],
  tan: ['math.h'],
  atan: ['math.h'],
  atan2: ['math.h'],
  hypot: ['math.h'],
  acos: ['math.h'],
  asin: ['math.h'],
  sinh: ['math.h'],
  cosh: ['math.h'],
  tanh: ['math.h'],
  cbrt: ['math.h'],
  expm1: ['math.h'],
  log1p: ['math.h'],
  exp2: ['math.h'],
  rint: ['math.h'],
  nearbyint: ['math.h'],
  fmin: ['math.h'],
  fmax: ['math.h'],
  copysign: ['math.h'],
  nextafter: ['math.h'],
  ldexp: ['math.h'],
  modf: ['math.h'],
  frexp: ['math.h'],
  lround: ['math.h'],
  llround: ['math.h'],
  isnan: ['math.h'],
  isinf: ['math.h'],
  sqrtf: ['math.h'],
  fabsf: ['math.h'],
  floorf: ['math.h'],
  ceilf: ['math.h'],
  roundf: ['math.h'],
  truncf: ['math.h'],
  fmodf: ['math.h'],
  powf: ['math.h'],
  expf: ['math.h'],
  logf: ['math.h'],
  sinf: ['math.h'],
  cosf: ['math.h'],
  tanf: ['math.h'],
  GC_malloc: ['gc.h'],
  GC_gcollect: ['gc.h'],
  GC_init: ['gc.h']
}

/**
 * The subset's library functions that gcc 12 treats as built-ins even without their header
 * (probed: gcc names them "built-in function"). `getchar`, `atoi`, `atol`, `strtol`, `qsort`,
 * `rand`, `srand`, `strtok`, `strerror`, `fflush`, `perror`, `sbrk`, `brk` and the malloc
 * extensions are not.
 */
export const GCC_BUILTINS: ReadonlySet<string> = new Set([
  'malloc',
  'calloc',
  'realloc',
  'free',
  'memset',
  'memcpy',
  'memmove',
  'memcmp',
  'strlen',
  'strcpy',
  'strncpy',
  'strcmp',
  'strncmp',
  'strcat',
  'strchr',
  'strdup',
  'printf',
  'sprintf',
  'snprintf',
  'vprintf',
  'vfprintf',
  'vsprintf',
  'vsnprintf',
  'puts',
  'putchar',
  'exit',
  'abort',
  '_exit',
  'abs',
  'labs',
  'isdigit',
  'isalpha',
  'isspace',
  'isupper',
  'islower',
  'isalnum',
  'toupper',
  'tolower',
  'isprint',
  'isgraph',
  'ispunct',
  'isxdigit',
  'iscntrl',
  'isblank',
  'isascii',
  'sqrt',
  'strndup',
  'strrchr',
  'strstr',
  'strncat',
  'strnlen',
  'strspn',
  'strcspn',
  'strpbrk',
  'memchr',
  'fprintf',
  'scanf',
  'sscanf',
  'fscanf',
  'fputs',
  'fputc',
  'putc',
  'fwrite',
  'posix_memalign',
  'aligned_alloc',
  'llabs',
  'fabs',
  'floor',
  'ceil',
  'round',
  'trunc',
  'fmod',
  'pow',
  'exp',
  'log',
  'log2',
  'log10',
  'sin',
  'cos',
  'tan',
  'atan',
  'atan2',
  'hypot',
  'acos',
  'asin',
  'sinh',
  'cosh',
  'tanh',
  'cbrt',
  'expm1',
  'log1p',
  'exp2',
  'rint',
  'nearbyint',
  'fmin',
  'fmax',
  'copysign',
  'nextafter',
  'ldexp',
  'modf',
  'frexp',
  'lround',
  'llround',
  'sqrtf',
  'fabsf',
  'floorf',
  'ceilf',
  'roundf',
  'truncf',
  'fmodf',
  'powf',
  'expf',
  'logf',
  'sinf',
  'cosf',
  'tanf'
])

/** Where each `#include`d header first appears: header name (`stdlib.h`) → line. */
export type IncludedHeaders = ReadonlyMap<string, number>

/** What gcc makes of a call to library function `name` on `line` with no declaration in sight. */
export interface ImplicitDeclaration {
  /** The header to include (the first that declares it). */
  header: string
  /** The type the call has: the real prototype for a gcc built-in, `int name()` otherwise. */
  type: FunctionType
  /** gcc's second warning: a built-in whose real prototype is not `int name()`. */
  incompatibleBuiltin: boolean
  /** The real result is cut to an `int` (a non-built-in that returns something wider). */
  truncatesResult: boolean
}

/**
 * Null when `name` is declared by a header included above `line` (or is no library function);
 * otherwise how gcc declares it implicitly. `prototype` is the library's real prototype.
 */
export function implicitDeclaration(
  name: string,
  prototype: FunctionType,
  line: number,
  included: IncludedHeaders
): ImplicitDeclaration | null {
  const headers = DECLARING_HEADERS[name]
  if (!headers) return null
  if (headers.some((h) => (included.get(h) ?? Infinity) <= line)) return null
  const returnsInt = prototype.returns.kind === 'int' && prototype.returns.name === 'int'
  if (GCC_BUILTINS.has(name))
    return {
      header: headers[0],
      type: prototype,
      incompatibleBuiltin: !returnsInt || prototype.variadic,
      truncatesResult: false
    }
  // A function returning void is left void: its value is never used in a correct program, and
  // the interpreter's library call gives it none.
  const returns = prototype.returns.kind === 'void' ? VOID : INT
  return {
    header: headers[0],
    type: { kind: 'function', returns, params: [], variadic: false, unprototyped: true },
    incompatibleBuiltin: false,
    truncatesResult: prototype.returns.kind !== 'void' && !returnsInt
  }
}
