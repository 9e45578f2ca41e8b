/**
 * Layout profiles: where a process's segments go in its address space.
 *
 * `linux-x86_64` reproduces a gcc-built PIE executable on Linux x86-64 with ASLR off
 * (`setarch -R`), as `/proc/self/maps` shows it on Debian 12 (gcc 12, glibc 2.36):
 *
 *     555555554000-555555555000 r--p   ELF header and dynamic-linking tables
 *     555555555000-555555556000 r-xp   .text
 *     555555556000-555555557000 r--p   .rodata (+ .eh_frame)
 *     555555557000-555555558000 r--p   RELRO (.got, .dynamic), read-only after start-up
 *     555555558000-555555559000 rw-p   .data, then .bss in the same page
 *     555555559000-...          rw-p   [heap]: starts at the page after .bss
 *     ...          7ffff7dd1000        mmap area, growing down (below the shared libraries)
 *     7ffffffde000-7ffffffff000 rw-p   [stack], top 0x7ffffffff000, limit 8 MiB (`ulimit -s`)
 *
 * `classroom` keeps the same rules in a 64 KiB space, so every address has four hex digits
 * and fits on a slide. Every value can be overridden per run.
 */
import type { Permissions, Segment, SegmentName } from './types'
import { hexDigits } from '../hex'

/** The knobs of an address space. All addresses and sizes are in bytes. */
export interface LayoutProfile {
  name: string
  /** One sentence for the learner. */
  description: string
  pageSize: number
  /** Where the executable image is loaded (its ELF header page). */
  imageBase: number
  /** Read-only pages before `.text` (the ELF header); 0 puts `.text` at `imageBase`. */
  headerPages: number
  /** Bytes inside each section taken by the C runtime before the program's own contents. */
  textOffset: number
  rodataOffset: number
  dataOffset: number
  bssOffset: number
  /** A read-only RELRO page between `.rodata` and `.data`, as gcc/ld produce. */
  relroPage: boolean
  /** First heap address; `undefined` means the page after `.bss` (Linux with ASLR off). */
  heapStart?: number
  /** The mmap area's highest address; mappings are placed top-down below it. */
  mmapBase: number
  /**
   * Free gaps above `mmapBase`, between the shared libraries, as [start, end). The kernel's
   * top-down search reaches them first, so a mapping that fits in one goes there.
   */
  mmapHoles?: ReadonlyArray<readonly [number, number]>
  /**
   * Linux (6.7 on, with transparent huge pages built in) gives an anonymous mapping whose
   * length is a multiple of this (2 MiB, a PMD) an address aligned to it, so the mapping can be
   * backed by huge pages; undefined or 0: no such alignment (an older kernel).
   * @example { hugePageAlignment: 0 } // place mappings as Linux 6.6 and before do
   */
  hugePageAlignment?: number
  /** Requests at least this large are served by mmap instead of the heap. */
  mmapThreshold: number
  /** One past the highest stack byte (the initial stack pointer is just below it). */
  stackTop: number
  /** Maximum stack size (`ulimit -s`). */
  stackLimit: number
  /** Gap the kernel keeps below the stack limit (Linux `stack_guard_gap`, 256 pages). */
  stackGuardGap: number
  /** Hex digits used to print addresses in this profile. */
  addressDigits: number
  /**
   * RAM + swap of the simulated machine: the heap and the mmap regions together may not map
   * more, so a request beyond it fails (malloc returns NULL) as the kernel's overcommit check
   * refuses it; default 16 GiB. Untouched pages cost the simulator nothing either way.
   */
  memoryLimit?: number
}

/** The default `memoryLimit`: a machine with 16 GiB of RAM + swap. */
export const DEFAULT_MEMORY_LIMIT = 16 * 1024 * 1024 * 1024

/** The two built-in profiles. */
export const LAYOUT_PROFILES: Readonly<Record<'linux-x86_64' | 'classroom', LayoutProfile>> = {
  'linux-x86_64': {
    name: 'linux-x86_64',
    description: 'A 64-bit Linux process as gcc and glibc lay it out, with ASLR turned off.',
    pageSize: 4096,
    imageBase: 0x555555554000,
    headerPages: 1,
    // gcc 12 puts _start, deregister_tm_clones, ... frame_dummy first; a program's first
    // function typically lands at image offset 0x1139.
    textOffset: 0x139,
    // _IO_stdin_used (4 bytes) opens .rodata; literals follow 8-aligned.
    rodataOffset: 0x8,
    // .got.plt tail, __data_start and __dso_handle precede a program's own globals.
    dataOffset: 0x40,
    // crtstuff's `completed.0` flag opens .bss.
    bssOffset: 0x4,
    relroPage: true,
    mmapBase: 0x7ffff7dd1000,
    // 40 KiB between libc's zero-filled pages (to 0x7ffff7fb6000) and ld.so's first mapping
    // (0x7ffff7fc0000, below [vvar]): the first 4 KiB mmap of a program lands at
    // 0x7ffff7fbf000, and a realloc'd mmapped chunk that must move goes there if it fits.
    mmapHoles: [[0x7ffff7fb6000, 0x7ffff7fc0000]],
    // Measured on this machine's 6.18 kernel: a 2 MiB chunk (malloc(2093056)) is mapped at a
    // 2 MiB boundary, 0x197000 below where a 2 MiB - 4 KiB one would go.
    hugePageAlignment: 2 * 1024 * 1024,
    mmapThreshold: 128 * 1024,
    stackTop: 0x7ffffffff000,
    stackLimit: 8 * 1024 * 1024,
    stackGuardGap: 256 * 4096,
    addressDigits: 12
  },
  classroom: {
    name: 'classroom',
    description: 'A small 64 KiB address space with four-digit addresses, same rules as Linux.',
    pageSize: 4096,
    imageBase: 0x1000,
    headerPages: 0,
    textOffset: 0,
    rodataOffset: 0,
    dataOffset: 0,
    bssOffset: 0,
    relroPage: false,
    mmapBase: 0xc000,
    mmapThreshold: 8 * 1024,
    stackTop: 0xf000,
    stackLimit: 8 * 1024,
    stackGuardGap: 4096,
    addressDigits: 4
  }
}

export type LayoutName = keyof typeof LAYOUT_PROFILES

/** Names and descriptions of the built-in profiles, for menus and `--layout`. */
export function layoutNames(): Array<{ name: string; description: string }> {
  return Object.values(LAYOUT_PROFILES).map((p) => ({ name: p.name, description: p.description }))
}

/** A profile by name with per-run overrides; throws a plain-English error for an unknown name. */
export function resolveProfile(
  profile: string | LayoutProfile = 'linux-x86_64',
  overrides: Partial<LayoutProfile> = {}
): LayoutProfile {
  let base: LayoutProfile
  if (typeof profile === 'string') {
    const found = (LAYOUT_PROFILES as Record<string, LayoutProfile>)[profile]
    if (!found) {
      throw new Error(
        `Unknown layout "${profile}": choose one of ${Object.keys(LAYOUT_PROFILES).join(', ')}.`
      )
    }
    base = found
  } else {
    base = profile
  }
  const merged: LayoutProfile = { ...base }
  for (const [key, value] of Object.entries(overrides) as Array<[keyof LayoutProfile, unknown]>) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value
  }
  if (
    !Number.isInteger(merged.pageSize) ||
    merged.pageSize <= 0 ||
    (merged.pageSize & (merged.pageSize - 1)) !== 0
  ) {
    throw new Error(`Page size ${merged.pageSize} is not a power of two.`)
  }
  if (merged.stackLimit <= 0 || merged.stackLimit > merged.stackTop) {
    throw new Error(`Stack limit ${merged.stackLimit} does not fit below the stack top.`)
  }
  return merged
}

/** Bytes a program needs in each section, as the compiler computed them. */
export interface SectionSizes {
  text: number
  rodata: number
  data: number
  bss: number
  /**
   * Optional, for placing globals exactly where gcc 12 and ld put them on linux-x86_64 (each
   * checked with nm and objdump -h): the largest alignment the program's own objects need in
   * `.rodata`, `.data` and `.bss` (gcc's: the type's; 16 for an array of at least 16 bytes, 32
   * for one of at least 32; 8 for a string literal of at least 31 bytes with its NUL), and the
   * number of distinct library functions it calls through the PLT (printf, malloc, ...; gcc
   * turns printf("text\n") into puts and printf("%s\n", s) into puts, a one-character printf
   * into putchar). Without them the profile's fixed offsets apply.
   */
  rodataAlignment?: number
  dataAlignment?: number
  bssAlignment?: number
  pltFunctions?: number
  /**
   * Library functions the program calls and also takes the address of (`&puts`): gcc calls them
   * through the GOT, with an 8-byte `.plt.got` stub each instead of a PLT entry and a `.got.plt`
   * slot (not counted in `pltFunctions`).
   */
  gotFunctions?: number
  /**
   * The alignment of the whole `.data` output section when the program's objects holding
   * addresses (gcc's `.data.rel.local`, after its `.data`) need more than its `.data` does;
   * default max(8, dataAlignment). The section starts aligned to it after `.got.plt`.
   */
  dataSectionAlignment?: number
  /**
   * For each function the program defines, how many callee-saved registers its prologue
   * pushes: each function has an unwind record (FDE) in `.eh_frame`, which with `.eh_frame_hdr`
   * follows `.rodata` in the same pages, so enough functions push `.data` a page further.
   */
  functionSavedRegisters?: number[]
}

/**
 * gcc 12 / ld 2.40 on x86-64, ELF with partial RELRO: `.rodata` opens with `_IO_stdin_used`
 * (4 bytes); the reserved 3 words of `.got.plt` end the RELRO page, so `.data` starts at the
 * next page plus 8 bytes per PLT function, where `__data_start` and `__dso_handle` (16 bytes)
 * precede the program's globals; `.bss` follows `.data`'s end (aligned for its objects) and
 * opens with crtstuff's 1-byte `completed.0`.
 */
const GCC_IO_STDIN_USED = 4
/**
 * `.text` opens after `.init` and the PLT (a 16-byte header and 16 bytes per library function
 * at image offset 0x1020, then `.plt.got`: 8 bytes for `__cxa_finalize` and for each library
 * function called and also taken by address), 16-aligned, with crt1's `_start` and crtstuff's functions
 * up to `frame_dummy` (0xe9 bytes): a program's first function is at image offset 0x1129 + 16
 * per PLT function. `.fini` (13 bytes, 4-aligned) follows its last function.
 */
const GCC_PLT = 0x1020
const GCC_PLT_ENTRY = 16
const GCC_PLT_GOT_ENTRY = 8
const GCC_CRT_TEXT = 0xe9
const GCC_FINI = 13
const GCC_DATA_PRELUDE = 16
const GCC_PLT_SLOT = 8
const GCC_BSS_PRELUDE = 1

/**
 * The end of `.eh_frame_hdr` and `.eh_frame` (gcc 12, ld 2.40: readelf -S and readelf -wf),
 * which follow `.rodata` ending at `rodataEnd`. The header (4-aligned) is 0x24 bytes plus 8 per
 * function; `.eh_frame` (8-aligned) holds the C runtime's records (0x8c bytes) and one FDE per
 * function: 0x20 bytes, and 2 more per pushed callee-saved register plus 1 for the location
 * they are saved at, rounded up to 4 (`main` pushing %rbx and %r12: 0x24).
 */
function unwindTablesEnd(rodataEnd: number, savedRegisters: number[]): number {
  const header = alignUp(rodataEnd, 4) + 0x24 + 8 * savedRegisters.length
  let frames = alignUp(header, 8) + 0x8c
  for (const saved of savedRegisters) frames += 4 + alignUp(25 + (saved > 0 ? 1 + 2 * saved : 0), 4)
  return frames
}

/** Where a section's own contents go (after the C runtime's bytes). */
export interface SectionPlacement {
  start: number
  size: number
}

/** A mapped range used for access checks, page-aligned like the kernel's mappings. */
export interface Mapping {
  start: number
  end: number
  permissions: Permissions
  /** The named segment, or undefined for image pages that are no segment of their own. */
  segment?: SegmentName
  /** What the learner should call this range, e.g. "ELF header" or "RELRO". */
  label: string
}

/** The address space of one program under one profile, before it runs. */
export interface ProgramLayout {
  profile: LayoutProfile
  /** Where the compiler's output goes: the interpreter places code, literals and globals here. */
  sections: Record<'text' | 'rodata' | 'data' | 'bss', SectionPlacement>
  /** text, rodata, data, bss in address order (heap, mmap and stack are added by the machine). */
  segments: Segment[]
  /** The image's page mappings (including the header and RELRO pages). */
  imageMappings: Mapping[]
  heapStart: number
  mmapBase: number
  /** `LayoutProfile.mmapHoles`: gaps above the mmap base that mappings fill first. */
  mmapHoles?: ReadonlyArray<readonly [number, number]>
  /** `LayoutProfile.hugePageAlignment`. */
  hugePageAlignment?: number
  stackTop: number
  stackLimit: number
  /** stackTop − stackLimit: below it the stack may not grow. */
  stackBottom: number
  pageSize: number
  mmapThreshold: number
  /** Most bytes the heap and the mmap regions may map together (`LayoutProfile.memoryLimit`). */
  memoryLimit: number
}

/** `value` rounded up to a multiple of `alignment` (a power of two, or any positive integer). */
export function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment
}

/** `value` rounded down to a multiple of `alignment`. */
export function alignDown(value: number, alignment: number): number {
  return Math.floor(value / alignment) * alignment
}

/** Address formatted as the profile prints it, e.g. `0x555555559000` or `0x4000`. */
export function formatAddress(address: number, digits = 0): string {
  return '0x' + hexDigits(address).padStart(digits, '0')
}

/**
 * Lay a program out as the linker and the kernel would: the header page, `.text`, `.rodata`
 * (each starting on a fresh page, as `-z separate-code` does), the RELRO page, `.data` with
 * `.bss` right after it in the same pages, and the heap starting at the page after `.bss`.
 */
export function layoutProgram(
  sizes: Partial<SectionSizes> = {},
  profile: string | LayoutProfile = 'linux-x86_64',
  overrides: Partial<LayoutProfile> = {}
): ProgramLayout {
  const p = resolveProfile(profile, overrides)
  const page = p.pageSize
  const text = Math.max(0, sizes.text ?? 0)
  const rodata = Math.max(0, sizes.rodata ?? 0)
  const data = Math.max(0, sizes.data ?? 0)
  const bss = Math.max(0, sizes.bss ?? 0)

  const imageMappings: Mapping[] = []
  let cursor = p.imageBase
  if (p.headerPages > 0) {
    imageMappings.push({
      start: cursor,
      end: cursor + p.headerPages * page,
      permissions: 'r--',
      label: 'ELF header'
    })
    cursor += p.headerPages * page
  }
  const textStart = cursor
  // gcc's placement where the program's alignments are known (and the profile has a C runtime).
  const exact = p.rodataOffset > 0 && p.relroPage
  const exactText = exact && sizes.pltFunctions !== undefined
  const pltGotEnd =
    GCC_PLT +
    GCC_PLT_ENTRY * (1 + (sizes.pltFunctions ?? 0)) +
    GCC_PLT_GOT_ENTRY * (1 + (sizes.gotFunctions ?? 0))
  const textOffset = exactText
    ? alignUp(pltGotEnd, 16) + GCC_CRT_TEXT - p.headerPages * page
    : p.textOffset
  const textEnd = exactText
    ? alignUp(alignUp(textStart + textOffset + text, 4) + GCC_FINI, page)
    : alignUp(textStart + textOffset + Math.max(text, 1), page)
  const rodataStart = textEnd
  const rodataOffset =
    exact && sizes.rodataAlignment !== undefined
      ? alignUp(GCC_IO_STDIN_USED, Math.max(1, sizes.rodataAlignment))
      : p.rodataOffset
  const rodataEnd =
    exact && sizes.functionSavedRegisters !== undefined
      ? alignUp(
          unwindTablesEnd(rodataStart + rodataOffset + rodata, sizes.functionSavedRegisters),
          page
        )
      : alignUp(rodataStart + rodataOffset + Math.max(rodata, 1), page)
  cursor = rodataEnd
  let relro: Mapping | undefined
  if (p.relroPage) {
    relro = { start: cursor, end: cursor + page, permissions: 'r--', label: 'RELRO (.got)' }
    cursor += page
  }
  const dataStart = cursor
  let dataContents = dataStart + p.dataOffset
  // .bss follows .data directly, 16-aligned for the program's own objects.
  let bssStart = alignUp(dataContents + data, 8)
  let bssContents = alignUp(bssStart + p.bssOffset, 16)
  if (exact && sizes.pltFunctions !== undefined) {
    const dataAlign = Math.max(1, sizes.dataAlignment ?? 8)
    const bssAlign = Math.max(1, sizes.bssAlignment ?? 16)
    // .data opens right after .got.plt, aligned for the most demanding of its input sections.
    const sectionAlign = Math.max(8, dataAlign, sizes.dataSectionAlignment ?? 1)
    const crtData =
      alignUp(dataStart + sizes.pltFunctions * GCC_PLT_SLOT, sectionAlign) + GCC_DATA_PRELUDE
    dataContents = alignUp(crtData, dataAlign)
    bssStart = alignUp(data > 0 ? dataContents + data : crtData, bssAlign)
    bssContents = alignUp(bssStart + GCC_BSS_PRELUDE, bssAlign)
  }
  const bssEnd = alignUp(Math.max(bssContents + bss, bssStart + 1), page)
  const heapStart = p.heapStart ?? bssEnd

  const segments: Segment[] = [
    { name: 'text', start: textStart, end: textEnd, permissions: 'r-x' },
    { name: 'rodata', start: rodataStart, end: rodataEnd, permissions: 'r--' },
    { name: 'data', start: dataStart, end: bssStart, permissions: 'rw-' },
    { name: 'bss', start: bssStart, end: bssEnd, permissions: 'rw-' }
  ]
  for (const s of segments) {
    imageMappings.push({
      start: s.start,
      end: s.end,
      permissions: s.permissions,
      segment: s.name,
      label: s.name
    })
    if (s.name === 'rodata' && relro) imageMappings.push(relro)
  }
  if (heapStart < bssEnd) {
    throw new Error(
      `Heap start ${formatAddress(heapStart)} lies inside the program image (which ends at ${formatAddress(bssEnd)}).`
    )
  }
  if (heapStart >= p.mmapBase) {
    // The program's own image (its globals) runs past where the mmap area starts: said with a
    // reason (shared/lang's diagnostics), so the app and a lesson pack's check say it in the
    // reader's language.
    throw Object.assign(
      new Error(
        `The ${p.name} layout cannot hold this program: its code and data reach ${formatAddress(heapStart)}, past the start of the mmap area at ${formatAddress(p.mmapBase)}, below which the heap must lie. Make its global arrays smaller, or use the linux-x86_64 layout.`
      ),
      {
        reason: {
          key: 'checker.layoutTooSmall',
          params: {
            layout: p.name,
            imageEnd: formatAddress(heapStart),
            mmapBase: formatAddress(p.mmapBase)
          }
        }
      }
    )
  }
  if (p.mmapBase > p.stackTop - p.stackLimit) {
    throw new Error(
      `The ${p.name} layout does not fit: heap start ${formatAddress(heapStart)}, mmap base ${formatAddress(p.mmapBase)}, stack ${formatAddress(p.stackTop - p.stackLimit)}..${formatAddress(p.stackTop)}.`
    )
  }
  return {
    profile: p,
    sections: {
      text: { start: textStart + textOffset, size: text },
      rodata: { start: rodataStart + rodataOffset, size: rodata },
      data: { start: dataContents, size: data },
      bss: { start: bssContents, size: bss }
    },
    segments,
    imageMappings,
    heapStart,
    mmapBase: p.mmapBase,
    mmapHoles: p.mmapHoles ?? [],
    ...(p.hugePageAlignment !== undefined ? { hugePageAlignment: p.hugePageAlignment } : {}),
    stackTop: p.stackTop,
    stackLimit: p.stackLimit,
    stackBottom: p.stackTop - p.stackLimit,
    pageSize: page,
    mmapThreshold: p.mmapThreshold,
    memoryLimit: p.memoryLimit ?? DEFAULT_MEMORY_LIMIT
  }
}
