/**
 * The C library functions the subset provides, with their prototypes. Their behaviour lives in
 * the interpreter (`vm.ts`); here is only what the checker needs to type a call.
 */
import {
  CHAR,
  DOUBLE,
  FLOAT,
  INT,
  LLONG,
  LONG,
  SIZE_T,
  UINT,
  ULONG,
  ULLONG,
  VOID,
  integer,
  pointerTo,
  sizeOf,
  withConst,
  type CType,
  type FunctionType,
  type StructType
} from './types'

const VOID_PTR = pointerTo(VOID)
const CONST_VOID_PTR = pointerTo(withConst(VOID))
const CHAR_PTR = pointerTo(CHAR)
const CONST_CHAR_PTR = pointerTo(withConst(CHAR))

function fn(returns: CType, params: CType[], variadic = false): FunctionType {
  return { kind: 'function', returns, params, variadic, unprototyped: false }
}

/**
 * <stdio.h>'s `FILE`, opaque (`struct _IO_FILE`): one layout object, so that the parser's
 * `FILE` typedef and the prototypes here are the same type.
 */
export const FILE_STRUCT: StructType = {
  kind: 'struct',
  tag: '_IO_FILE',
  layout: { fields: [], size: 0, align: 1, complete: false, union: false }
}
/**
 * <stdlib.h>'s `div_t`, `ldiv_t`, `lldiv_t` (glibc: unnamed structs `{ quot; rem; }`), the
 * results of div, ldiv and lldiv: 8 bytes returned in %rax, 16 in %rax:%rdx.
 */
function quotientAndRemainder(t: CType, alias: string): CType {
  const size = sizeOf(t)
  const fields = [
    { name: 'quot', type: t, offset: 0 },
    { name: 'rem', type: t, offset: size }
  ]
  const layout = { fields, size: 2 * size, align: size, complete: true, union: false }
  return { kind: 'struct', tag: null, layout, alias } as CType
}
export const DIV_T = quotientAndRemainder(INT, 'div_t')
export const LDIV_T = quotientAndRemainder(LONG, 'ldiv_t')
export const LLDIV_T = quotientAndRemainder(LLONG, 'lldiv_t')
/**
 * The System V x86-64 `va_list` (gcc's `__builtin_va_list`, which <stdarg.h> and <stdio.h> call
 * `va_list`): `struct __va_list_tag[1]`, 24 bytes. va_start points it at the callee's register
 * save area (the argument registers its prologue stored) and at the arguments the caller pushed;
 * va_arg takes the next eightbyte from one or the other (gp_offset < 48, fp_offset < 176).
 */
export const VA_LIST_TAG: StructType = {
  kind: 'struct',
  tag: '__va_list_tag',
  layout: {
    fields: [
      { name: 'gp_offset', type: UINT, offset: 0 },
      { name: 'fp_offset', type: UINT, offset: 4 },
      { name: 'overflow_arg_area', type: VOID_PTR, offset: 8 },
      { name: 'reg_save_area', type: VOID_PTR, offset: 16 }
    ],
    size: 24,
    align: 8,
    complete: true,
    union: false
  }
}
export const VA_LIST: CType = { kind: 'array', of: VA_LIST_TAG, length: 1 }
/** A `va_list` as a parameter or an argument: the array decays to a pointer to its tag. */
const VA_LIST_PTR = pointerTo(VA_LIST_TAG)
/** <unistd.h>'s `pid_t`: glibc's `__pid_t`, an int. */
const PID_T: CType = { ...INT, alias: '__pid_t' }
const FILE_PTR = pointerTo({ ...FILE_STRUCT, alias: 'FILE' } as CType)
const CHAR_PTR_PTR = pointerTo(CHAR_PTR)
/** `int (*)(const void *, const void *)`: qsort's and bsearch's comparison function. */
const COMPARE = pointerTo(fn(INT, [CONST_VOID_PTR, CONST_VOID_PTR]))

/**
 * Where glibc 2.36's three `FILE` objects are in a real process run with `setarch -R`
 * (libc's .data: `printf("%p", stdout)` prints 0x7ffff7fa8760). The subset's `stdout` is that
 * pointer's value; the library tells the streams apart by it.
 */
export const STDIN_FILE = 0x7ffff7fa7a80
export const STDOUT_FILE = 0x7ffff7fa8760
export const STDERR_FILE = 0x7ffff7fa8680

/**
 * Macros of the library's headers: the standard streams (glibc defines `stdout` as the
 * variable of that name; here it is its value), errno's codes, mallopt's parameters, M_PI.
 */
export const LIBRARY_MACROS: Record<string, string> = {
  stdin: `((FILE *)0x${STDIN_FILE.toString(16)})`,
  stdout: `((FILE *)0x${STDOUT_FILE.toString(16)})`,
  stderr: `((FILE *)0x${STDERR_FILE.toString(16)})`,
  // <errno.h>: glibc's `errno` is `(*__errno_location ())`, an int in the thread's TLS block.
  errno: '(*__errno_location())',
  EPERM: '1',
  ENOENT: '2',
  EINTR: '4',
  EIO: '5',
  EBADF: '9',
  EAGAIN: '11',
  ENOMEM: '12',
  EACCES: '13',
  EFAULT: '14',
  EEXIST: '17',
  EINVAL: '22',
  ENOSPC: '28',
  EDOM: '33',
  ERANGE: '34',
  // <malloc.h>'s mallopt parameters.
  M_MXFAST: '1',
  M_TRIM_THRESHOLD: '(-1)',
  M_TOP_PAD: '(-2)',
  M_MMAP_THRESHOLD: '(-3)',
  M_MMAP_MAX: '(-4)',
  M_CHECK_ACTION: '(-5)',
  M_PERTURB: '(-6)',
  M_ARENA_TEST: '(-7)',
  M_ARENA_MAX: '(-8)',
  // <math.h>
  M_PI: '3.14159265358979323846',
  // As glibc's: constants, which gcc folds (`(int)INFINITY` is INT_MAX, `(int)NAN` 0).
  INFINITY: '(__builtin_inff())',
  HUGE_VAL: '(__builtin_huge_val())',
  // fpclassify's answers, glibc's numbering.
  FP_NAN: '0',
  FP_INFINITE: '1',
  FP_ZERO: '2',
  FP_SUBNORMAL: '3',
  FP_NORMAL: '4',
  // glibc's NAN is __builtin_nanf (""): a float NaN with the sign bit clear (`nan`).
  NAN: '(__builtin_nanf(""))',
  M_E: '2.7182818284590452354',
  // <time.h>: clock() counts microseconds, as glibc's.
  CLOCKS_PER_SEC: '((long) 1000000)',
  M_SQRT2: '1.41421356237309504880'
}

/** Library function name → prototype. */
export const BUILTINS: Record<string, FunctionType> = {
  malloc: fn(VOID_PTR, [SIZE_T]),
  calloc: fn(VOID_PTR, [SIZE_T, SIZE_T]),
  realloc: fn(VOID_PTR, [VOID_PTR, SIZE_T]),
  free: fn(VOID, [VOID_PTR]),
  memset: fn(VOID_PTR, [VOID_PTR, INT, SIZE_T]),
  memcpy: fn(VOID_PTR, [VOID_PTR, CONST_VOID_PTR, SIZE_T]),
  memmove: fn(VOID_PTR, [VOID_PTR, CONST_VOID_PTR, SIZE_T]),
  memcmp: fn(INT, [CONST_VOID_PTR, CONST_VOID_PTR, SIZE_T]),
  strlen: fn(SIZE_T, [CONST_CHAR_PTR]),
  strcpy: fn(CHAR_PTR, [CHAR_PTR, CONST_CHAR_PTR]),
  strncpy: fn(CHAR_PTR, [CHAR_PTR, CONST_CHAR_PTR, SIZE_T]),
  strcmp: fn(INT, [CONST_CHAR_PTR, CONST_CHAR_PTR]),
  strncmp: fn(INT, [CONST_CHAR_PTR, CONST_CHAR_PTR, SIZE_T]),
  strcat: fn(CHAR_PTR, [CHAR_PTR, CONST_CHAR_PTR]),
  strchr: fn(CHAR_PTR, [CONST_CHAR_PTR, INT]),
  strdup: fn(CHAR_PTR, [CONST_CHAR_PTR]),
  strndup: fn(CHAR_PTR, [CONST_CHAR_PTR, SIZE_T]),
  strrchr: fn(CHAR_PTR, [CONST_CHAR_PTR, INT]),
  strstr: fn(CHAR_PTR, [CONST_CHAR_PTR, CONST_CHAR_PTR]),
  strncat: fn(CHAR_PTR, [CHAR_PTR, CONST_CHAR_PTR, SIZE_T]),
  strnlen: fn(SIZE_T, [CONST_CHAR_PTR, SIZE_T]),
  strtok: fn(CHAR_PTR, [CHAR_PTR, CONST_CHAR_PTR]),
  strspn: fn(SIZE_T, [CONST_CHAR_PTR, CONST_CHAR_PTR]),
  strcspn: fn(SIZE_T, [CONST_CHAR_PTR, CONST_CHAR_PTR]),
  strpbrk: fn(CHAR_PTR, [CONST_CHAR_PTR, CONST_CHAR_PTR]),
  memchr: fn(VOID_PTR, [CONST_VOID_PTR, INT, SIZE_T]),
  strerror: fn(CHAR_PTR, [INT]),
  printf: fn(INT, [CONST_CHAR_PTR], true),
  sprintf: fn(INT, [CHAR_PTR, CONST_CHAR_PTR], true),
  snprintf: fn(INT, [CHAR_PTR, SIZE_T, CONST_CHAR_PTR], true),
  // After sprintf: a pointer to a variadic function of two fixed parameters is taken as
  // sprintf's (codegen.ts VARIADIC_LIBRARY).
  fprintf: fn(INT, [FILE_PTR, CONST_CHAR_PTR], true),
  fputs: fn(INT, [CONST_CHAR_PTR, FILE_PTR]),
  fputc: fn(INT, [INT, FILE_PTR]),
  putc: fn(INT, [INT, FILE_PTR]),
  fwrite: fn(SIZE_T, [CONST_VOID_PTR, SIZE_T, SIZE_T, FILE_PTR]),
  fflush: fn(INT, [FILE_PTR]),
  setvbuf: fn(INT, [FILE_PTR, CHAR_PTR, INT, SIZE_T]),
  setbuf: fn(VOID, [FILE_PTR, CHAR_PTR]),
  perror: fn(VOID, [CONST_CHAR_PTR]),
  __errno_location: fn(pointerTo(INT), []),
  puts: fn(INT, [CONST_CHAR_PTR]),
  putchar: fn(INT, [INT]),
  getchar: fn(INT, []),
  scanf: fn(INT, [CONST_CHAR_PTR], true),
  sscanf: fn(INT, [CONST_CHAR_PTR, CONST_CHAR_PTR], true),
  fscanf: fn(INT, [FILE_PTR, CONST_CHAR_PTR], true),
  getc: fn(INT, [FILE_PTR]),
  fgetc: fn(INT, [FILE_PTR]),
  getline: fn(LONG, [pointerTo(CHAR_PTR), pointerTo(SIZE_T), FILE_PTR]),
  getdelim: fn(LONG, [pointerTo(CHAR_PTR), pointerTo(SIZE_T), INT, FILE_PTR]),
  fgets: fn(CHAR_PTR, [CHAR_PTR, INT, FILE_PTR]),
  exit: fn(VOID, [INT]),
  abort: fn(VOID, []),
  _exit: fn(VOID, [INT]),
  atexit: fn(INT, [pointerTo(fn(VOID, []))]),
  getenv: fn(CHAR_PTR, [CONST_CHAR_PTR]),
  write: fn(LONG, [INT, CONST_VOID_PTR, SIZE_T]),
  __assert: fn(VOID, [INT]),
  sbrk: fn(VOID_PTR, [LONG]),
  malloc_usable_size: fn(SIZE_T, [VOID_PTR]),
  malloc_trim: fn(INT, [SIZE_T]),
  posix_memalign: fn(INT, [pointerTo(VOID_PTR), SIZE_T, SIZE_T]),
  aligned_alloc: fn(VOID_PTR, [SIZE_T, SIZE_T]),
  memalign: fn(VOID_PTR, [SIZE_T, SIZE_T]),
  mallopt: fn(INT, [INT, INT]),
  brk: fn(INT, [VOID_PTR]),
  // <unistd.h>'s process ids: glibc's `__pid_t` is an int (as gcc names it in a warning).
  getpid: fn(PID_T, []),
  getppid: fn(PID_T, []),
  atoi: fn(INT, [CONST_CHAR_PTR]),
  atol: fn(LONG, [CONST_CHAR_PTR]),
  atoll: fn(LLONG, [CONST_CHAR_PTR]),
  atof: fn(DOUBLE, [CONST_CHAR_PTR]),
  strtod: fn(DOUBLE, [CONST_CHAR_PTR, CHAR_PTR_PTR]),
  strtol: fn(LONG, [CONST_CHAR_PTR, CHAR_PTR_PTR, INT]),
  strtoll: fn(LLONG, [CONST_CHAR_PTR, CHAR_PTR_PTR, INT]),
  strtoul: fn(ULONG, [CONST_CHAR_PTR, CHAR_PTR_PTR, INT]),
  strtoull: fn(ULLONG, [CONST_CHAR_PTR, CHAR_PTR_PTR, INT]),
  abs: fn(INT, [INT]),
  labs: fn(LONG, [LONG]),
  div: fn(DIV_T, [INT, INT]),
  ldiv: fn(LDIV_T, [LONG, LONG]),
  lldiv: fn(LLDIV_T, [LLONG, LLONG]),
  llabs: fn(LLONG, [LLONG]),
  qsort: fn(VOID, [VOID_PTR, SIZE_T, SIZE_T, COMPARE]),
  bsearch: fn(VOID_PTR, [CONST_VOID_PTR, CONST_VOID_PTR, SIZE_T, SIZE_T, COMPARE]),
  // The steps of qsort's and bsearch's drivers (library-callbacks.ts), not for programs.
  __callback_next: fn(INT, []),
  __callback_argument: fn(CONST_VOID_PTR, [INT]),
  __callback_answer: fn(VOID, [INT]),
  __callback_end: fn(VOID_PTR, []),
  // exit's handler loop when the program calls atexit (codegen.ts compileExitHandlers).
  __exit_pending: fn(INT, []),
  __exit_handler: fn(pointerTo(fn(VOID, [])), []),
  rand: fn(INT, []),
  srand: fn(VOID, [UINT]),
  isdigit: fn(INT, [INT]),
  isalpha: fn(INT, [INT]),
  isspace: fn(INT, [INT]),
  isupper: fn(INT, [INT]),
  islower: fn(INT, [INT]),
  isalnum: fn(INT, [INT]),
  isprint: fn(INT, [INT]),
  isgraph: fn(INT, [INT]),
  ispunct: fn(INT, [INT]),
  isxdigit: fn(INT, [INT]),
  iscntrl: fn(INT, [INT]),
  isblank: fn(INT, [INT]),
  isascii: fn(INT, [INT]),
  toupper: fn(INT, [INT]),
  tolower: fn(INT, [INT]),
  sqrt: fn(DOUBLE, [DOUBLE]),
  fabs: fn(DOUBLE, [DOUBLE]),
  floor: fn(DOUBLE, [DOUBLE]),
  ceil: fn(DOUBLE, [DOUBLE]),
  round: fn(DOUBLE, [DOUBLE]),
  trunc: fn(DOUBLE, [DOUBLE]),
  fmod: fn(DOUBLE, [DOUBLE, DOUBLE]),
  pow: fn(DOUBLE, [DOUBLE, DOUBLE]),
  exp: fn(DOUBLE, [DOUBLE]),
  log: fn(DOUBLE, [DOUBLE]),
  log2: fn(DOUBLE, [DOUBLE]),
  log10: fn(DOUBLE, [DOUBLE]),
  sin: fn(DOUBLE, [DOUBLE]),
  cos: fn(DOUBLE, [DOUBLE]),
  tan: fn(DOUBLE, [DOUBLE]),
  atan: fn(DOUBLE, [DOUBLE]),
  atan2: fn(DOUBLE, [DOUBLE, DOUBLE]),
  hypot: fn(DOUBLE, [DOUBLE, DOUBLE]),
  sqrtf: fn(FLOAT, [FLOAT]),
  fabsf: fn(FLOAT, [FLOAT]),
  floorf: fn(FLOAT, [FLOAT]),
  ceilf: fn(FLOAT, [FLOAT]),
  roundf: fn(FLOAT, [FLOAT]),
  truncf: fn(FLOAT, [FLOAT]),
  fmodf: fn(FLOAT, [FLOAT, FLOAT]),
  powf: fn(FLOAT, [FLOAT, FLOAT]),
  expf: fn(FLOAT, [FLOAT]),
  logf: fn(FLOAT, [FLOAT]),
  sinf: fn(FLOAT, [FLOAT]),
  cosf: fn(FLOAT, [FLOAT]),
  tanf: fn(FLOAT, [FLOAT]),
  acos: fn(DOUBLE, [DOUBLE]),
  asin: fn(DOUBLE, [DOUBLE]),
  sinh: fn(DOUBLE, [DOUBLE]),
  cosh: fn(DOUBLE, [DOUBLE]),
  tanh: fn(DOUBLE, [DOUBLE]),
  cbrt: fn(DOUBLE, [DOUBLE]),
  expm1: fn(DOUBLE, [DOUBLE]),
  log1p: fn(DOUBLE, [DOUBLE]),
  exp2: fn(DOUBLE, [DOUBLE]),
  rint: fn(DOUBLE, [DOUBLE]),
  nearbyint: fn(DOUBLE, [DOUBLE]),
  fmin: fn(DOUBLE, [DOUBLE, DOUBLE]),
  fmax: fn(DOUBLE, [DOUBLE, DOUBLE]),
  copysign: fn(DOUBLE, [DOUBLE, DOUBLE]),
  nextafter: fn(DOUBLE, [DOUBLE, DOUBLE]),
  ldexp: fn(DOUBLE, [DOUBLE, INT]),
  modf: fn(DOUBLE, [DOUBLE, pointerTo(DOUBLE)]),
  frexp: fn(DOUBLE, [DOUBLE, pointerTo(INT)]),
  lround: fn(LONG, [DOUBLE]),
  llround: fn(LLONG, [DOUBLE]),
  // <math.h>'s classification macros (gcc's __builtin_isnan, __builtin_isinf_sign, …).
  isnan: fn(INT, [DOUBLE]),
  isinf: fn(INT, [DOUBLE]),
  __builtin_isfinite: fn(INT, [DOUBLE]),
  __builtin_signbit: fn(INT, [DOUBLE]),
  __builtin_nanf: fn(FLOAT, [CONST_CHAR_PTR]),
  __builtin_inff: fn(FLOAT, []),
  __builtin_huge_val: fn(DOUBLE, []),
  __builtin_fpclassify: fn(INT, [DOUBLE]),
  __builtin_isnormal: fn(INT, [DOUBLE]),
  // The same of a float argument (the checker picks them): single precision's own limits.
  __builtin_fpclassifyf: fn(INT, [FLOAT]),
  __builtin_isnormalf: fn(INT, [FLOAT]),
  // gcc's frame built-ins and branch hint, declared without a header: the frame pointer of
  // the function `level` calls up (0: this one's %rbp), the return address it will use.
  __builtin_frame_address: fn(VOID_PTR, [UINT]),
  __builtin_return_address: fn(VOID_PTR, [UINT]),
  __builtin_expect: fn(LONG, [LONG, LONG]),
  // gcc's bit built-ins, declared without a header.
  __builtin_popcount: fn(INT, [UINT]),
  __builtin_clz: fn(INT, [UINT]),
  __builtin_ctz: fn(INT, [UINT]),
  __builtin_parity: fn(INT, [UINT]),
  __builtin_ffs: fn(INT, [INT]),
  __builtin_popcountl: fn(INT, [ULONG]),
  __builtin_clzl: fn(INT, [ULONG]),
  __builtin_ctzl: fn(INT, [ULONG]),
  __builtin_parityl: fn(INT, [ULONG]),
  __builtin_ffsl: fn(INT, [LONG]),
  __builtin_popcountll: fn(INT, [ULLONG]),
  __builtin_clzll: fn(INT, [ULLONG]),
  __builtin_ctzll: fn(INT, [ULLONG]),
  __builtin_parityll: fn(INT, [ULLONG]),
  __builtin_ffsll: fn(INT, [LLONG]),
  __builtin_bswap16: fn(integer('unsigned short'), [integer('unsigned short')]),
  __builtin_bswap32: fn(UINT, [UINT]),
  __builtin_bswap64: fn(ULONG, [ULONG]),
  // <stdarg.h>: va_start (`last` is left out by the parser), va_end, va_copy, and va_arg's
  // step: the address of the next argument of the class asked (0 integer, 1 double), which
  // the parser reads as `*(T *)__builtin_va_arg_slot(ap, class)`.
  __builtin_va_start: fn(VOID, [VA_LIST_PTR]),
  __builtin_va_end: fn(VOID, [VA_LIST_PTR]),
  __builtin_va_copy: fn(VOID, [VA_LIST_PTR, VA_LIST_PTR]),
  __builtin_va_arg_slot: fn(VOID_PTR, [VA_LIST_PTR, INT]),
  // <stdio.h>'s printf family that reads its arguments through a va_list.
  vprintf: fn(INT, [CONST_CHAR_PTR, VA_LIST_PTR]),
  vfprintf: fn(INT, [FILE_PTR, CONST_CHAR_PTR, VA_LIST_PTR]),
  vsprintf: fn(INT, [CHAR_PTR, CONST_CHAR_PTR, VA_LIST_PTR]),
  vsnprintf: fn(INT, [CHAR_PTR, SIZE_T, CONST_CHAR_PTR, VA_LIST_PTR]),
  // The simulated clock (vm.ts `microseconds`): <sys/time.h>, <time.h>, <unistd.h>.
  gettimeofday: fn(INT, [VOID_PTR, VOID_PTR]),
  time: fn(LONG, [pointerTo(LONG)]),
  clock: fn(LONG, []),
  sleep: fn(UINT, [UINT]),
  usleep: fn(INT, [UINT]),
  getpagesize: fn(INT, []),
  GC_malloc: fn(VOID_PTR, [SIZE_T]),
  GC_gcollect: fn(VOID, []),
  GC_init: fn(VOID, [])
}

/**
 * Library functions that call a function of the program (a comparison): a call to one goes to
 * a driver in .text (codegen.ts `compileCallbackLoop`) whose frame is the library function's.
 */
export const CALLS_BACK = new Set(['qsort', 'bsearch'])

/** Functions that never return to their caller. */
export const NORETURN = new Set(['exit', 'abort', '_exit'])

/** Names from libraries the subset does not provide, with a hint for the learner. */
export const UNSUPPORTED_LIBRARY: Record<string, string> = {
  fopen: 'files are not supported; print with `printf` or `fprintf(stderr, …)`',
  pthread_create: 'threads are not supported',
  fork: 'processes are not supported',
  mmap: 'call `malloc` with a large size: the allocator uses mmap for it',
  alloca: '`alloca` is not supported; use a local array',
  setjmp: '`setjmp`/`longjmp` are not supported'
}

/**
 * More names of what `UNSUPPORTED_LIBRARY` leaves out, each with the name whose hint it shares:
 * an operating-systems course's `wait` after `fork`, its threads' `pthread_join` and mutexes,
 * `munmap` after `mmap`. Without them such a call said "`wait` is not declared; did you mean
 * `main`?".
 */
export const UNSUPPORTED_LIBRARY_ALIKE: Record<string, string> = {
  wait: 'fork',
  waitpid: 'fork',
  vfork: 'fork',
  pthread_join: 'pthread_create',
  pthread_exit: 'pthread_create',
  pthread_self: 'pthread_create',
  pthread_mutex_init: 'pthread_create',
  pthread_mutex_lock: 'pthread_create',
  pthread_mutex_unlock: 'pthread_create',
  munmap: 'mmap',
  mprotect: 'mmap',
  longjmp: 'setjmp'
}

/** The `UNSUPPORTED_LIBRARY` name that stands for `name`, if any. */
export function unsupportedLibraryName(name: string): string | undefined {
  return Object.hasOwn(UNSUPPORTED_LIBRARY, name)
    ? name
    : Object.hasOwn(UNSUPPORTED_LIBRARY_ALIKE, name)
      ? UNSUPPORTED_LIBRARY_ALIKE[name]
      : undefined
}
