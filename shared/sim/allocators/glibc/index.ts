/** The glibc 2.36 allocator (ptmalloc2) and its tunables: the public face of this folder. */
export {
  GlibcAllocator,
  createGlibcAllocator,
  request2size,
  MAIN_ARENA_ADDRESS,
  TCACHE_KEY,
  type GlibcOptions,
  type GlibcStats
} from './ptmalloc'
export {
  parseTunables,
  readTunables,
  IGNORED_TUNABLE_REASONS,
  UnsimulatedTunableError,
  type IgnoredTunable,
  type TunablesReading,
  DEFAULT_TUNABLES,
  MMAP_THRESHOLD_MAX,
  TUNABLE_NAMES,
  type GlibcTunables
} from './tunables'
export {
  parseHeapScript,
  runHeapScript,
  type HeapScriptOp,
  type HeapScriptResult
} from './heap-script'
