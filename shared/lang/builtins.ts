/**
 * The C library functions the subset provides, with their prototypes. Their behaviour lives in
 * the interpreter (`vm.ts`); here is only what the checker needs to type a call.
 */
import {
  CHAR,
  DOUBLE,
  INT,
  LONG,
  SIZE_T,
  UINT,
  VOID,
  pointerTo,
  withConst,
  type CType,
  type FunctionType
} from './types'

const VOID_PTR = pointerTo(VOID)
const CONST_VOID_PTR = pointerTo(withConst(VOID))
const CHAR_PTR = pointerTo(CHAR)
const CONST_CHAR_PTR = pointerTo(withConst(CHAR))

function fn(returns: CType, params: CType[], variadic = false): FunctionType {
  return { kind: 'function', returns, params, variadic, unprototyped: false }
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
  printf: fn(INT, [CONST_CHAR_PTR], true),
  sprintf: fn(INT, [CHAR_PTR, CONST_CHAR_PTR], true),
  snprintf: fn(INT, [CHAR_PTR, SIZE_T, CONST_CHAR_PTR], true),
  puts: fn(INT, [CONST_CHAR_PTR]),
  putchar: fn(INT, [INT]),
  getchar: fn(INT, []),
  exit: fn(VOID, [INT]),
  abort: fn(VOID, []),
  __assert: fn(VOID, [INT]),
  sbrk: fn(VOID_PTR, [LONG]),
  malloc_usable_size: fn(SIZE_T, [VOID_PTR]),
  malloc_trim: fn(INT, [SIZE_T]),
  atoi: fn(INT, [CONST_CHAR_PTR]),
  atol: fn(LONG, [CONST_CHAR_PTR]),
  abs: fn(INT, [INT]),
  labs: fn(LONG, [LONG]),
  rand: fn(INT, []),
  srand: fn(VOID, [UINT]),
  isdigit: fn(INT, [INT]),
  isalpha: fn(INT, [INT]),
  isspace: fn(INT, [INT]),
  isupper: fn(INT, [INT]),
  islower: fn(INT, [INT]),
  isalnum: fn(INT, [INT]),
  toupper: fn(INT, [INT]),
  tolower: fn(INT, [INT]),
  sqrt: fn(DOUBLE, [DOUBLE]),
  GC_malloc: fn(VOID_PTR, [SIZE_T]),
  GC_gcollect: fn(VOID, []),
  GC_init: fn(VOID, [])
}

/** Functions that never return to their caller. */
export const NORETURN = new Set(['exit', 'abort'])

/** Names from libraries the subset does not provide, with a hint for the learner. */
export const UNSUPPORTED_LIBRARY: Record<string, string> = {
  scanf: 'reading input with `scanf` is not supported; put the values in the program',
  fopen: 'files are not supported; print with `printf`',
  fprintf: '`fprintf` is not supported; use `printf`',
  fgets: 'reading input with `fgets` is not supported',
  pthread_create: 'threads are not supported',
  fork: 'processes are not supported',
  mmap: 'call `malloc` with a large size: the allocator uses mmap for it',
  brk: 'use `sbrk`',
  alloca: '`alloca` is not supported; use a local array',
  setjmp: '`setjmp`/`longjmp` are not supported'
}
