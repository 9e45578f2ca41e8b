/**
 * Functions (and stdio's streams) of the standard headers the subset accepts that it does not provide, each
 * with the header that declares it, so that a call to one says "not available in this C
 * subset" rather than "not declared" (the learner did include the header). The ones the subset
 * does provide are in builtins.ts; those left out with a reason of their own in
 * builtins.ts `UNSUPPORTED_LIBRARY`.
 */
const BY_HEADER: Record<string, string[]> = {
  'stdio.h': [
    'fclose',
    'fread',
    'ungetc',
    'gets',
    'dprintf',
    'asprintf',
    'feof',
    'ferror',
    'fseek',
    'ftell',
    'rewind',
    'remove',
    'rename',
    'tmpfile'
  ],
  'stdlib.h': [
    'random',
    'srandom',
    'rand_r',
    'setenv',
    'system',
    'reallocarray',
    'valloc',
    '_Exit',
    'mkstemp'
  ],
  'string.h': ['strtok_r', 'strcoll', 'stpcpy', 'strsep', 'memccpy', 'memrchr'],
  'unistd.h': ['read', 'close', 'lseek', 'pipe', 'dup', 'dup2', 'sysconf', 'execve', 'execvp'],
  'malloc.h': ['pvalloc', 'mallinfo', 'mallinfo2', 'malloc_stats'],
  'inttypes.h': ['imaxabs', 'strtoimax', 'strtoumax'],
  'time.h': [
    'difftime',
    'mktime',
    'localtime',
    'gmtime',
    'strftime',
    'ctime',
    'asctime',
    'nanosleep',
    'clock_gettime'
  ]
}

/** Function name → the standard header that declares it. */
export const STANDARD_FUNCTION_HEADERS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(BY_HEADER).flatMap(([header, names]) => names.map((name) => [name, header]))
)

/**
 * Functions with a close equivalent in the subset: the key of the hint under `phrase.standard.`
 * in diagnostic-messages.ts.
 */
export const STANDARD_FUNCTION_HINTS: Readonly<Record<string, string>> = {
  random: 'random',
  srandom: 'random',
  reallocarray: 'reallocarray'
}
