/**
 * The start of a process: what Linux and glibc put on the stack before `main` runs.
 *
 * The modelled run is the one a learner types on the reference machine (Debian 12, kernel
 * 6.x, glibc 2.36, gcc 12) after `gcc -o prog prog.c`:
 *
 *     env -i setarch -R ./prog arg1 arg2 …      (ulimit -s 8192)
 *
 * — no environment variables (`env -i`; a shell's environment is different on every
 * machine), no address randomization (`setarch -R`), `argv[0]` = `./prog`. From the top of the
 * stack down, as `create_elf_tables` (fs/binfmt_elf.c) and `copy_strings` (fs/exec.c) lay it
 * out:
 *
 *   0x7ffffffff000  top of the stack
 *   - 8             a NULL word
 *                   the executable's file name (`AT_EXECFN`), then the environment strings and
 *                   the argument strings (argv[0] lowest), each with its terminating NUL
 *                   (rounded down to 16) the platform string "x86_64" (`AT_PLATFORM`)
 *                   16 random bytes (`AT_RANDOM`; different in every run, here zero)
 *                   the auxiliary vector: 22 (type, value) pairs and AT_NULL
 *                   envp[] and its NULL, argv[] and its NULL, argc   ← %rsp at _start (16-aligned)
 *   - 0x108         _start's, __libc_start_main's and __libc_start_call_main's frames
 *                   main's return address into __libc_start_call_main  ← %rsp at main's entry
 *
 * With no arguments this puts main's frame pointer at 0x7fffffffed20, where gdb and a probe
 * show it. Below main's entry %rsp lie the bytes the dynamic loader and libc's start-up left
 * behind (`LEFT_BEHIND`), so main's uninitialized locals hold what they hold on the real
 * machine rather than zeros.
 */

/** argv[0] (and AT_EXECFN) of the modelled process. */
export const PROGRAM_NAME = './prog'

/**
 * glibc's `program_invocation_short_name` (`__progname`): argv[0] after its last slash, which
 * assert's message begins with.
 */
export const PROGRAM_SHORT_NAME = PROGRAM_NAME.slice(PROGRAM_NAME.lastIndexOf('/') + 1)

/**
 * The process's id (`getpid()`) and its parent's (`getppid()`, the shell that ran it). A real
 * pid is whatever number the kernel hands out next, different in every run; the simulated
 * machine runs exactly one process, so it keeps one pair of plausible, fixed numbers and a
 * run stays reproducible (its output, time travel): 4242 is in the range a program started
 * from a terminal on a freshly booted desktop gets (boot services take the first few
 * thousand; pid_max is 4,194,304 on x86-64), and its shell was started a little earlier.
 */
export const PROCESS_ID = 4242
export const PARENT_PROCESS_ID = 4108

/** What the simulator needs to know about the program to fill in the start-up bytes. */
export interface ProcessStartInput {
  /** Layout profile name: only `linux-x86_64` gets the Linux vector and libc's frames. */
  layout: string
  stackTop: number
  /** argv[1], argv[2], … (argv[0] is PROGRAM_NAME). */
  args: readonly string[]
  /** Environment strings, `NAME=value` (default none, as `env -i`). */
  environment?: readonly string[]
  /** The program image's first byte (0x555555554000 for a PIE with ASLR off). */
  imageBase: number
  /** Address of the program's first function (gcc puts `_start` 0xe9 bytes before it). */
  textStart: number
  /** Address of `main`. */
  mainAddress: number
  /** Start of `.data` (`.init_array` lies in the RELRO page before it). */
  dataStart: number
  /** AT_UID/AT_EUID/AT_GID/AT_EGID (default 1000, a learner's first account). */
  uid?: number
}

/** One region of the stack above main's frame, for the stack view. */
export interface ProcessStartRegion {
  kind: 'strings' | 'auxv' | 'envp' | 'argv' | 'argc' | 'libc-start'
  start: number
  /** Exclusive. */
  end: number
}

/** The bytes to write and where main begins. */
export interface ProcessStart {
  /** Lowest address written; `bytes` covers [low, stackTop). */
  low: number
  bytes: Uint8Array
  argc: number
  /** Address of argv[0]'s slot (main's `argv`), of envp[0]'s slot, of argv[0]'s string. */
  argv: number
  envp: number
  /** main's frame pointer: its entry %rsp − 8 (where it pushes the caller's %rbp). */
  mainFramePointer: number
  /** %rsp when main is entered (the return address's slot). */
  mainEntryStackPointer: number
  regions: ProcessStartRegion[]
  /**
   * What the argument registers after %rdi hold when main starts (%rsi, %rdx, %rcx, %r8, %r9),
   * on Linux: argv and envp (`__libc_start_call_main` calls main(argc, argv, environ)), the
   * `.init_array` address call_init's loop left in %rcx, 0, and `_dl_fini` (rtld_fini, which
   * `_start` passes to `__libc_start_main` in %r9). A printf that reads more arguments than
   * main's first call passes reads these (`printf("%d\n", 2.5)` prints argv's low half).
   * Measured with `printf("%lx %lx %lx %lx %lx\n", 1.0)` as main's first statement (env -i
   * setarch -R ./prog, with and without arguments, and with an environment).
   */
  entryRegisters?: [number, number, number, number, number]
}

/** `_dl_fini`, in ld.so as the reference machine maps it (ASLR off). */
const DL_FINI = 0x7ffff7fce6d0

/** Where main returns to in libc (`__libc_start_call_main` + 122), measured as below. */
export const LIBC_RETURN_ADDRESS = 0x7ffff7dfb24a

/** _start's %rsp (argc's slot) minus main's entry %rsp: the three start-up frames. */
const START_FRAMES = 0x108
/** What `_start` sits before the first function of a gcc-built program. */
const START_BEFORE_TEXT = 0xe9

/** The auxiliary vector of the reference machine (LD_SHOW_AUXV=1 shows the same). */
const AT = {
  NULL: 0,
  PHDR: 3,
  PHENT: 4,
  PHNUM: 5,
  PAGESZ: 6,
  BASE: 7,
  FLAGS: 8,
  ENTRY: 9,
  UID: 11,
  EUID: 12,
  GID: 13,
  EGID: 14,
  PLATFORM: 15,
  HWCAP: 16,
  CLKTCK: 17,
  SECURE: 23,
  RANDOM: 25,
  HWCAP2: 26,
  RSEQ_FEATURE_SIZE: 27,
  RSEQ_ALIGN: 28,
  EXECFN: 31,
  SYSINFO_EHDR: 33,
  MINSIGSTKSZ: 51
} as const

/**
 * What the dynamic loader and libc's start-up leave on the stack below main's entry %rsp, and
 * libc's three frames above it: offset from main's entry %rsp, then the 8-byte word there.
 * Measured on the reference machine (`env -i setarch -R ./prog`, no arguments) by a `main`
 * written in assembly that copies the 16 KiB below its %rsp before anything else touches them
 * (the probe in process-start.test.ts; 4 runs). Words that differ from run to run
 * (the stack protector's canary, pointer-guard-mangled pointers, the loader's time stamps) are
 * left out: they read as zero. Symbols stand for what depends on the program or its arguments:
 * `rsp±k` an address on the stack relative to main's entry %rsp, `argv±k`, `envp`, `auxv+k`
 * addresses in those arrays, `argc` the argument count, `main`, `start±k` (`_start`),
 * `initArray` (`.init_array`, as `__libc_start_main` passes it on); 0x555555554499 points into
 * the program's `.dynstr` (where depends on the program). The rest are the loader's
 * own numbers: copies of libc's program headers (…464c457f is "\x7fELF"), addresses in
 * ld.so (0x7ffff7fc…–0x7ffff7ffe…) and libc (0x7ffff7d…–0x7ffff7f…), sizes and flags. With
 * arguments the loader's frames are laid out slightly differently (some are 32-byte aligned), so
 * there the words are the same ones moved with the stack: close to, not exactly, the real bytes.
 */
const LEFT_BEHIND = `
-5344 7ffff7fd1708 -5328 26000 -5320 25388 -5312 25388 -5304 1000 -5288 1 -5280 26000
-5272 17c000 -5264 17b0fc -5256 17b0fc -5248 1000 -5240 26000 -5232 5 -5224 17c000
-5216 1cf000 -5208 1cec31 -5200 1cec31 -5192 1000 -5184 17c000 -5176 1 -5168 1cf000
-5160 1d5000 -5152 1d4868 -5144 1e1f50 -5136 1000 -5128 1cf000 -5120 3 -4592 7ffff7fd4bca
-4576 rsp-3416 -4568 7ffff7ffd020 -4560 7ffff7fd15b8 -4552 400000006 -4544 40 -4536 40
-4528 40 -4520 310 -4512 310 -4504 8 -4496 400000003 -4488 1a1b10 -4480 1a1b10 -4472 1a1b10
-4464 1c -4456 1c -4448 10 -4440 400000001 -4408 25388 -4400 25388 -4392 1000 -4384 500000001
-4376 26000 -4368 26000 -4360 26000 -4352 1550fc -4344 1550fc -4336 1000 -4328 400000001
-4320 17c000 -4312 17c000 -4304 17c000 -4296 52c31 -4288 52c31 -4280 1000 -4272 600000001
-4264 1cf8d0 -4256 1cf8d0 -4248 1cf8d0 -4240 4f98 -4232 12680 -4224 1000 -4216 600000002
-4208 1d2b60 -4200 1d2b60 -4192 1d2b60 -4184 200 -4176 200 -4168 8 -4160 400000004 -4152 350
-4144 350 -4136 350 -4128 20 -4120 20 -4112 8 -4104 400000004 -4096 370 -4088 370 -4080 370
-4072 44 -4064 44 -4056 4 -4048 400000007 -4040 1cf8d0 -4032 1cf8d0 -4024 1cf8d0 -4016 10
-4008 90 -4000 8 -3992 46474e553 -3984 350 -3976 350 -3968 350 -3960 20 -3952 20 -3944 8
-3936 46474e550 -3928 1a1b2c -3920 1a1b2c -3912 1a1b2c -3904 7414 -3896 7414 -3888 4
-3880 66474e551 -3832 10 -3824 46474e552 -3816 1cf8d0 -3808 1cf8d0 -3800 1cf8d0 -3792 3730
-3784 3730 -3776 1 -3768 7ffff7fc0140 -3760 7ffff7fd067f -3752 ffffffffb0a -3744 rsp-3256
-3736 1000 -3728 3001cf8d0 -3720 rsp-4552 -3704 7ffff7ffe118 -3688 fff00000003
-3680 7fff00000000 -3672 1e1f50 -3664 7ffff7fc0140 -3656 555555554499 -3648 7ffff7dd4350
-3640 300000000 -3632 7fff00000000 -3624 fe00 -3616 52db4 -3608 fe00 -3600 52db4 -3592 2
-3584 81ed -3560 1d6458 -3552 1000 -3544 eb8 -3536 6b0a27b5 -3528 1888a2fc -3520 69efc3a9
-3504 6b0a27b5 -3496 18492ec6 -3464 3638782f62696c2f -3456 555555554499 -3440 7ffff7fd49dc
-3432 7ffff7ffd020 -3424 7ffff7df65ee -3416 7ffff7fc0160 -3408 7ffff7fd1f54 -3400 1 -3392 1
-3360 1 -3344 rsp-3256 -3328 a -3320 7ffff7ffe628 -3312 7ffff7ffe2e0 -3296 100000000000000
-3280 7ffff7fc0140 -3272 argv-8 -3256 340 -3248 3010102464c457f -3232 1003e0003 -3224 27410
-3216 40 -3208 1d5458 -3200 38004000000000 -3192 3f00400040000e -3184 400000006 -3176 40
-3168 40 -3160 40 -3152 310 -3144 310 -3136 8 -3128 400000003 -3120 1a1b10 -3112 1a1b10
-3104 1a1b10 -3096 1c -3088 1c -3080 10 -3072 400000001 -3040 25388 -3032 25388 -3024 1000
-3016 500000001 -3008 26000 -3000 26000 -2992 26000 -2984 1550fc -2976 1550fc -2968 1000
-2960 400000001 -2952 17c000 -2944 17c000 -2936 17c000 -2928 52c31 -2920 52c31 -2912 1000
-2904 600000001 -2896 1cf8d0 -2888 1cf8d0 -2880 1cf8d0 -2872 4f98 -2864 12680 -2856 1000
-2848 600000002 -2840 1d2b60 -2832 1d2b60 -2824 1d2b60 -2816 200 -2808 200 -2800 8
-2792 400000004 -2784 350 -2776 350 -2768 350 -2760 20 -2752 20 -2744 8 -2736 400000004
-2728 370 -2720 370 -2712 370 -2704 44 -2696 44 -2688 4 -2680 400000007 -2672 1cf8d0
-2664 1cf8d0 -2656 1cf8d0 -2648 10 -2640 90 -2632 8 -2624 46474e553 -2616 350 -2608 350
-2600 350 -2592 20 -2584 20 -2576 8 -2568 46474e550 -2560 1a1b2c -2552 1a1b2c -2544 1a1b2c
-2536 7414 -2528 7414 -2520 4 -2512 66474e551 -2464 10 -2456 46474e552 -2448 1cf8d0
-2440 1cf8d0 -2432 rsp-1832 -2424 rsp-696 -2400 7ffff7fc0160 -2392 7ffff7df65ee
-2384 7ffff7fcc261 -2376 7ffff7fa6b60 -2368 7ffff7fe2411 -2360 rsp-1864 -2344 rsp-2120
-2336 7ffff7fc0690 -2328 7ffff7ffe2e0 -2320 7ffff7fd2cf4 -2312 7ffff7ffdad0 -2304 85bdb5ef
-2296 7ffff7fca4d8 -2288 7ffff7fca500 -2280 rsp-2100 -2272 7ffff7fd311a -2264 1e
-2256 7ffff7fca8c0 -2248 7ffff7ffdad0 -2240 rsp-2096 -2232 rsp-2100 -2224 555555554499
-2216 ffffffffc8200000 -2208 7ffff7df5fac -2200 7ffff7ddcba0 -2192 rsp-1896 -2184 rsp-1904
-2176 216f6d7 -2168 7ffff7fc06b0 -2160 3 -2144 3 -2136 7ffff7fc0690 -2120 rsp-696
-2112 7ffff7fccc04 -2104 1 -2080 7ffff7df5fac -2072 7ffff7fc04e8 -2064 7ffff7fc0b40
-2056 7ffff7fc0160 -2048 85bdb5ef -2040 rsp-1768 -2032 7ffff7fd3a98 -2024 2 -2016 7ffff7fc0b40
-2008 1 -1992 1 -1984 7ffff7fc0160 -1976 rsp-1904 -1968 rsp-1896 -1960 7ffff7fc04e8
-1944 rsp-1768 -1936 2 -1928 7ffff7ffe2e0 -1920 7fff00000001 -1904 ffffffff -1896 7ffff7fca7d0
-1888 7ffff7ffdad0 -1840 7ffff7fc0160 -1832 a -1824 7ffff7fa7158 -1808 7ffff7ffe2e0
-1800 7ffff7ffe2e0 -1792 7ffff7fd9f0e -1784 1 -1768 7ffff7fca7d0 -1760 7ffff7fde060
-1744 rsp-792 -1736 rsp+8 -1728 fffffffffffffff8 -1712 7ffff7fdc30a -1696 1080
-1688 7ffff7e5f990 -1680 rsp-760 -1672 20 -1664 40 -1656 c -1616 2ffff00001f80
-1504 7ffff7fd2cf4 -1496 7ffff7fc0160 -1488 677f9a5f -1480 ffff000000000000
-1472 ff00ff00ff00ffff -1464 100ffffffffffff -1456 100010001000101 -1448 5f00455441564952
-1440 61655f6362696c5f -1432 41564952 -1424 7ffff7fd2cf4 -1416 7ffff7ffdad0 -1408 3055e4
-1400 7ffff7fca4f4 -1392 7ffff7fca500 -1384 rsp-1204 -1376 7ffff7fd311a -1368 25
-1360 7ffff7fca8c0 -1352 7ffff7ffdad0 -1344 rsp-1200 -1336 rsp-1204 -1312 7ffff7df4147
-1304 7ffff7ddcc00 -1296 rsp-1000 -1288 rsp-1008 -1280 c157 -1272 7ffff7fc06b0 -1264 3
-1224 rsp-816 -1216 7ffff7fd3a98 -1208 1 -1192 9 -1184 7ffff7df4147 -1176 7ffff7fc04e8
-1168 7ffff7fc0b40 -1160 7ffff7fc0160 -1152 3055e4 -1144 rsp-872 -1136 7ffff7fd3a98 -1128 2
-1120 7ffff7fc0b40 -1112 1 -1096 1 -1088 7ffff7fc0160 -1080 rsp-1008 -1072 rsp-1000
-1064 7ffff7fc04e8 -1024 7fff00000001 -1016 rsp-696 -1008 ffffffff -1000 7ffff7fca878
-992 7ffff7ffdad0 -984 7ffff7ffdad0 -976 7ffff7fd7b2d -960 7ffff7fd8cf8 -952 7ffff7fc0140
-944 7ffff7fc0160 -936 d -928 7ffff7fa7198 -920 envp -912 initArray -904 7ffff7ffd020
-896 7ffff7fd9f0e -888 1 -872 7ffff7fca878 -864 7ffff7fe0a60 -856 7ffff7fcab82 -848 rsp+136
-840 argc -824 envp -816 7ffff7fdc30a -800 initArray -792 envp -776 7ffff7ffe2e0
-760 7ffff7fce6d0 -744 1 -736 7ffff7f23f9e -728 800000 -720 2ffff00001f80 -712 3f7ffe2e0
-704 7ffff7fdd830 -688 7ffff7fe7f75 -672 1 -656 auxv+176 -648 1 -640 7ffff7dd1740
-632 7ffff7ffe118 -624 7ffff7ffdad0 -608 7ffff7ffe2e0 -592 3 -552 5f00455441564952
-544 61655f6362696c5f -536 41564952 -520 62696c5f5f004554 -512 5f796c7261655f63 -504 60
-488 ffffffffffffffff -472 2f2f2f2f2f2f2f2f -464 2f2f2f2f2f2f2f2f
-240 10000005 -232 2 -224 8000000000000006 -168 c000000 -160 c000000 -152 840 -144 840 -136 40
-128 10000000 -32 7ffff7fe5fc0 -16 7ffff7ffdad0 -8 argv 0 7ffff7dfb24a 8 rsp+248 16 main
24 argc<<32|55554040 32 argv 40 argv 64 envp 72 initArray 80 7ffff7ffd020 128 argv 136 argv
152 d 160 7ffff7dfb305 168 main 176 initArray 208 start 216 argv-8 240 start+33 248 rsp+256
256 38
`

/**
 * The loader's frames below main depend on main's entry %rsp modulo 64 (its lazy-binding
 * trampoline aligns %rsp to 64 bytes), which the argument strings decide: `LEFT_BEHIND` is for
 * 0x28 (./prog without arguments); these are the words that differ for the other three,
 * measured the same way with one argument of 9, 25 and 41 characters (0 stands for a zero or
 * random word).
 */
const LEFT_BEHIND_DIFFERENCES: Record<number, string> = {
  0x08: `
-3752 ffffffffb06 -3656 555555554499 -3456 555555554499 -2352 7ffff7fd2cf4
-2344 7ffff7ffdad0 -2336 85bdb5ef -2328 7ffff7fca4d8 -2320 7ffff7fca500 -2312 rsp-2132
-2304 7ffff7fd311a -2296 1e -2288 7ffff7fca8c0 -2280 7ffff7ffdad0 -2272 rsp-2128
-2264 rsp-2132 -2256 7ffff7df65ee -2248 ffffffffc7a00000 -2240 7ffff7df5fac
-2232 7ffff7ddcba0 -2224 rsp-1928 -2216 rsp-1936 -2208 7fff0216f6d7 -2200 7ffff7fc06b0
-2192 3 -2184 7fff00000000 -2176 0 -2168 0 -2136 f7fc0690 -2112 7ffff7df5fac
-2104 7ffff7fc04e8 -2096 7ffff7fc0b40 -2088 7ffff7fc0160 -2080 85bdb5ef -2072 rsp-1800
-2064 7ffff7fd3a98 -2056 2 -2048 7ffff7fc0b40 -2040 1 -2032 0 -2024 1 -2016 7ffff7fc0160
-2008 rsp-1936 -2000 rsp-1928 -1992 7ffff7fc04e8 -1984 0 -1976 0 -1968 0 -1960 rsp-2072
-1952 7fff00000001 -1936 ffffffff -1928 7ffff7fca7d0 -1920 7ffff7ffdad0 -1904 0
-1896 300000000 -1888 7ffff7ffe2e0 -1872 7ffff7fc0160 -1864 a -1856 7ffff7fa7158
-1840 7ffff7ffe2e0 -1832 7ffff7ffe2e0 -1824 7ffff7fd9f0e -1816 1 -1808 0 -1800 7ffff7fca7d0
-1792 7ffff7fde060 -1784 rsp-1768 -1776 rsp-792 -1768 rsp+8 -1760 fffffffffffffff8
-1744 7ffff7fdc30a -1736 0 -1728 1080 -1720 7ffff7e5f990 -1712 rsp-760 -1704 20 -1696 40
-1688 c -1680 0 -1672 0 -1664 0 -1656 0 -1648 2ffff00001f80 -1616 0 -1512 ffff000000000000
-1504 ff00ff00ff00ffff -1496 100ffffffffffff -1488 100010001000101 -1480 5f00455441564952
-1472 61655f6362696c5f -1464 41564952 -1456 0 -1448 62696c5f5f004554 -1440 5f796c7261655f63
-1432 60 -1424 0 -1416 18 -1408 0 -1400 0 -1392 7ffff7fd2cf4 -1384 7ffff7ffdad0 -1376 3055e4
-1368 7ffff7fca4f4 -1360 7ffff7fca500 -1352 rsp-1172 -1344 7ffff7fd311a -1336 25
-1328 7ffff7fca8c0 -1320 7ffff7ffdad0 -1312 rsp-1168 -1304 rsp-1172 -1296 0 -1288 0
-1280 7ffff7df4147 -1272 7ffff7ddcc00 -1264 rsp-968 -1256 rsp-976 -1248 7fff0000c157
-1240 7ffff7fc06b0 -1232 3 -1224 7fff00000000 -1200 7ffff7fc0c48 -1184 0 -1176 1 -1168 0
-1160 2 -1152 7ffff7df4147 -1144 7ffff7fc04e8 -1136 7ffff7fc0b40 -1128 7ffff7fc0160
-1120 3055e4 -1112 rsp-840 -1104 7ffff7fd3a98 -1096 2 -1088 7ffff7fc0b40 -1080 1 -1072 0
-1064 1 -1056 7ffff7fc0160 -1048 rsp-976 -1040 rsp-968 -1032 7ffff7fc04e8 -1024 0
-1008 7ffff7fca848 -1000 7 -992 2300000001 -976 ffffffff -968 7ffff7fca878 -960 7ffff7ffdad0
-944 ffffffff -936 rsp-808 -928 f7fc0160 -920 0 -912 7ffff7fc0160 -904 d -896 7ffff7fa7198
-888 envp -880 initArray -872 7ffff7ffd020 -864 7ffff7fd9f0e -856 1 -848 0 -840 7ffff7fca878
-832 7ffff7fe0a60 -824 7ffff7fc0160 -816 rsp+136 -808 argc -800 0 -784 7ffff7fdc30a -776 0
-768 initArray -760 envp -744 7ffff7ffe2e0 -736 0 -728 7ffff7fce6d0 -720 7ffff7e59b8e
-688 2ffff00001f80 -560 0 -552 0 -544 0 -520 5f00455441564952 -512 61655f6362696c5f
-504 41564952 -488 0 -488 62696c5f5f004554 -480 0 -480 5f796c7261655f63 -472 60 -464 0
-440 2f2f2f2f2f2f2f2f -432 2f2f2f2f2f2f2f2f -232 rsp-48 -224 0 -216 7ffff7ffdad0
-208 7ffff7fca000 -200 2 -192 8000000000000006 -168 0 -160 0 -152 0 -144 0
`,
  0x18: `
-3752 ffffffffb08 -3656 555555554499 -3456 555555554499 -2320 7ffff7fdaa70
-2312 7ffff7ffe2e0 -2304 7ffff7fd2cf4 -2296 7ffff7ffdad0 -2288 85bdb5ef -2280 7ffff7fca4d8
-2272 7ffff7fca500 -2264 rsp-2084 -2256 7ffff7fd311a -2248 1e -2240 7ffff7fca8c0
-2232 7ffff7ffdad0 -2224 rsp-2080 -2216 rsp-2084 -2208 rsp-2280 -2200 0 -2192 7ffff7df5fac
-2184 7ffff7ddcba0 -2176 rsp-1880 -2168 rsp-1888 -2160 216f6d7 -2152 7ffff7fc06b0
-2136 7fff00000000 -2096 7ffff7ffdad0 -2080 0 -2072 1 -2064 7ffff7df5fac -2056 7ffff7fc04e8
-2048 7ffff7fc0b40 -2040 7ffff7fc0160 -2032 85bdb5ef -2024 rsp-1752 -2016 7ffff7fd3a98
-2008 2 -2000 7ffff7fc0b40 -1984 0 -1976 1 -1968 7ffff7fc0160 -1960 rsp-1888 -1952 rsp-1880
-1944 7ffff7fc04e8 -1936 0 -1920 rsp-2072 -1904 1 -1896 300000000 -1888 ffffffff
-1880 7ffff7fca7d0 -1872 7ffff7ffdad0 -1840 0 -1832 7ffff7fc0160 -1824 7ffff7fc0160 -1816 a
-1808 7ffff7fa7158 -1800 0 -1792 7ffff7ffe2e0 -1784 7ffff7ffe2e0 -1776 7ffff7fd9f0e -1768 1
-1760 0 -1752 7ffff7fca7d0 -1744 7ffff7fde060 -1736 0 -1728 rsp-792 -1720 rsp+8
-1712 fffffffffffffff8 -1696 7ffff7fdc30a -1688 0 -1680 1080 -1672 7ffff7e5f990
-1664 rsp-760 -1656 20 -1648 40 -1640 c -1616 0 -1600 2ffff00001f80 -1480 7ffff7ddb21c
-1472 7ffff7ddca50 -1464 ffff000000000000 -1456 ff00ff00ff00ffff -1448 100ffffffffffff
-1440 100010001000101 -1432 5f00455441564952 -1424 61655f6362696c5f -1416 41564952
-1408 7ffff7fd2cf4 -1400 7ffff7ffdad0 -1392 3055e4 -1384 7ffff7fca4f4 -1376 7ffff7fca500
-1368 rsp-1188 -1360 7ffff7fd311a -1352 25 -1344 7ffff7fca8c0 -1336 7ffff7ffdad0
-1328 rsp-1184 -1320 rsp-1188 -1312 0 -1304 0 -1296 7ffff7df4147 -1288 7ffff7ddcc00
-1280 rsp-984 -1272 rsp-992 -1264 c157 -1256 7ffff7fc06b0 -1248 3 -1224 0 -1216 0
-1200 7ffff7fc0c48 -1184 0 -1176 1 -1168 7ffff7df4147 -1160 7ffff7fc04e8 -1152 7ffff7fc0b40
-1144 7ffff7fc0160 -1136 3055e4 -1128 rsp-856 -1120 7ffff7fd3a98 -1112 2 -1104 7ffff7fc0b40
-1088 0 -1080 1 -1072 7ffff7fc0160 -1064 rsp-992 -1056 rsp-984 -1048 7ffff7fc04e8
-1024 7ffff7fcad28 -1008 7fff00000001 -1000 7 -992 ffffffff -984 7ffff7fca878
-976 7ffff7ffdad0 -944 ffffffff -936 rsp-808 -928 7ffff7fc0160 -920 d -912 7ffff7fa7198
-904 envp -896 initArray -888 7ffff7ffd020 -880 7ffff7fd9f0e -872 1 -864 0 -856 7ffff7fca878
-848 7ffff7fe0a60 -840 7ffff7dda810 -832 rsp+136 -824 argc -816 0 -808 envp
-800 7ffff7fdc30a -792 0 -784 initArray -776 envp -760 7ffff7ffe2e0 -744 7ffff7fce6d0
-720 7ffff7e59b8e -704 2ffff00001f80 -560 0 -544 0 -536 5f00455441564952
-528 61655f6362696c5f -520 41564952 -512 0 -504 62696c5f5f004554 -496 5f796c7261655f63
-488 0 -488 60 -480 0 -464 0 -456 2f2f2f2f2f2f2f2f -448 2f2f2f2f2f2f2f2f -232 rsp-48 -224 0
-216 2 -208 8000000000000006 -168 0 -160 0
`,
  0x38: `
-3752 ffffffffb04 -3656 555555554499 -3456 555555554499 -2336 7ffff7fd2cf4
-2328 7ffff7ffdad0 -2320 85bdb5ef -2312 7ffff7fca4d8 -2304 7ffff7fca500 -2296 rsp-2116
-2288 7ffff7fd311a -2280 1e -2272 7ffff7fca8c0 -2264 7ffff7ffdad0 -2256 rsp-2112
-2248 rsp-2116 -2240 ffffeffc48020000 -2232 7ffff7ffe2e0 -2224 7ffff7df5fac
-2216 7ffff7ddcba0 -2208 rsp-1912 -2200 rsp-1920 -2192 216f6d7 -2184 7ffff7fc06b0 -2176 3
-2168 0 -2120 ffffea40 -2112 0 -2096 7ffff7df5fac -2088 7ffff7fc04e8 -2080 7ffff7fc0b40
-2072 7ffff7fc0160 -2064 85bdb5ef -2056 rsp-1784 -2048 7ffff7fd3a98 -2040 2
-2032 7ffff7fc0b40 -2024 1 -2016 0 -2000 7ffff7fc0160 -1992 rsp-1920 -1984 rsp-1912
-1976 7ffff7fc04e8 -1968 0 -1960 rsp-2072 -1952 rsp-2040 -1936 1 -1920 ffffffff
-1912 7ffff7fca7d0 -1904 7ffff7ffdad0 -1896 300000000 -1888 7ffff7ffe2e0 -1856 7ffff7fc0160
-1848 a -1840 7ffff7fa7158 -1832 0 -1824 7ffff7ffe2e0 -1816 7ffff7ffe2e0 -1808 7ffff7fd9f0e
-1800 1 -1792 0 -1784 7ffff7fca7d0 -1776 7ffff7fde060 -1768 7ffff7ffdad0 -1760 rsp-792
-1752 rsp+8 -1744 fffffffffffffff8 -1736 0 -1728 7ffff7fdc30a -1712 1080 -1704 7ffff7e5f990
-1696 rsp-760 -1688 20 -1680 40 -1672 c -1664 0 -1656 0 -1632 2ffff00001f80 -1616 0
-1496 ffff000000000000 -1488 ff00ff00ff00ffff -1480 100ffffffffffff -1472 100010001000101
-1464 5f00455441564952 -1456 61655f6362696c5f -1448 41564952 -1440 0 -1432 62696c5f5f004554
-1424 5f796c7261655f63 -1416 60 -1408 0 -1400 18 -1392 0 -1384 0 -1376 7ffff7fd2cf4
-1368 7ffff7ffdad0 -1360 3055e4 -1352 7ffff7fca4f4 -1344 7ffff7fca500 -1336 rsp-1156
-1328 7ffff7fd311a -1320 25 -1312 7ffff7fca8c0 -1304 7ffff7ffdad0 -1296 rsp-1152
-1288 rsp-1156 -1280 0 -1272 0 -1264 7ffff7df4147 -1256 7ffff7ddcc00 -1248 rsp-952
-1240 rsp-960 -1232 c157 -1224 7ffff7fc06b0 -1216 3 -1208 0 -1200 7ffff7fc0c48 -1184 0
-1176 1 -1168 7ffff7ffdad0 -1160 ffffe8b8 -1152 0 -1144 2 -1136 7ffff7df4147
-1128 7ffff7fc04e8 -1112 7ffff7fc0160 -1104 3055e4 -1096 rsp-824 -1088 7ffff7fd3a98 -1080 2
-1072 7ffff7fc0b40 -1064 1 -1048 1 -1040 7ffff7fc0160 -1032 rsp-960 -1024 rsp-952
-1016 7ffff7fc04e8 -1008 0 -1000 7 -992 2300000007 -976 7fff00000001 -960 ffffffff
-952 7ffff7fca878 -944 7ffff7ffdad0 -936 rsp-808 -928 f7fc0160 -920 0 -912 rsp-744
-904 7ffff7fcacc8 -896 7ffff7fc0160 -888 d -880 7ffff7fa7198 -872 envp -864 initArray
-856 7ffff7ffd020 -848 7ffff7fd9f0e -840 1 -824 7ffff7fca878 -816 7ffff7fe0a60
-808 7ffff7dd9ac0 -800 rsp+136 -792 argc -776 envp -768 7ffff7fdc30a -760 0 -752 initArray
-744 envp -736 0 -728 7ffff7ffe2e0 -720 0 -712 7ffff7fce6d0 -672 2ffff00001f80 -560 0
-552 7ffff7fc8230 -544 0 -536 0 -512 0 -504 5f00455441564952 -496 61655f6362696c5f -488 0
-488 41564952 -480 0 -472 62696c5f5f004554 -464 5f796c7261655f63 -456 60
-424 2f2f2f2f2f2f2f2f -416 2f2f2f2f2f2f2f2f -232 rsp-48 -224 0 -216 7ffff7ffdad0
-208 7ffff7fca000 -200 80000 -192 7ffff7fdfb29 -184 2 -176 8000000000000006 -168 0 -160 0
-152 0 -144 0 -136 0 -128 0
`
}

interface LeftBehindWord {
  offset: number
  /** A number, or [symbol, addend] (`argc<<32|55554040` is argc in the upper half). */
  value: bigint | [string, number]
}

const leftBehindByAlignment = new Map<number, LeftBehindWord[]>()

/** The words left below main for an entry %rsp of this alignment (modulo 64). */
function leftBehindFor(alignment: number): LeftBehindWord[] {
  let words = leftBehindByAlignment.get(alignment)
  if (!words) {
    const byOffset = new Map<number, LeftBehindWord>()
    for (const w of parseLeftBehind(LEFT_BEHIND)) byOffset.set(w.offset, w)
    const differences = LEFT_BEHIND_DIFFERENCES[alignment]
    for (const w of differences ? parseLeftBehind(differences) : []) {
      if (w.value === 0n) byOffset.delete(w.offset)
      else byOffset.set(w.offset, w)
    }
    words = [...byOffset.values()]
    leftBehindByAlignment.set(alignment, words)
  }
  return words
}

function parseLeftBehind(text: string): LeftBehindWord[] {
  const tokens = text.trim().split(/\s+/)
  const words: LeftBehindWord[] = []
  for (let i = 0; i < tokens.length; i += 2) {
    const offset = Number(tokens[i])
    const v = tokens[i + 1]
    const symbol = /^([a-zA-Z<|0-9]*?[a-zA-Z])([+-]\d+)?$/.exec(v)
    if (/^[0-9a-f]+$/.test(v)) words.push({ offset, value: BigInt('0x' + v) })
    else if (v.startsWith('argc<<32|'))
      words.push({ offset, value: ['argc<<32', parseInt(v.slice(9), 16)] })
    else if (symbol) words.push({ offset, value: [symbol[1], Number(symbol[2] ?? 0)] })
    else throw new Error(`internal: bad start-up word ${v}`)
  }
  return words
}

const encoder = new TextEncoder()

/**
 * Lays out the stack a process starts with, and the bytes libc's start-up leaves below it.
 * For the `linux-x86_64` layout, Linux's initial stack (strings, auxiliary vector, envp, argv,
 * argc) and libc's frames; for any other (the small `classroom` space) only the strings and
 * the NULL-terminated argv and envp arrays, packed at the top, so that a `main` without
 * arguments keeps its frame pointer 0x30 below the top.
 */
export function layOutProcessStart(input: ProcessStartInput): ProcessStart {
  const strings = [PROGRAM_NAME, ...input.args]
  const environment = input.environment ?? []
  const top = input.stackTop
  const linux = input.layout === 'linux-x86_64'
  const textBytes =
    stringBytes([PROGRAM_NAME, ...strings, ...environment]) +
    8 * (strings.length + environment.length)
  // Everything is written into `image`, which ends at the stack top.
  const span = (linux ? 0x1a00 : 0x40) + textBytes + (-textBytes & 0xf)
  const low = top - span
  const image = new Uint8Array(span)
  const view = new DataView(image.buffer)
  const put = (address: number, value: number | bigint): void => {
    view.setBigUint64(address - low, BigInt.asUintN(64, BigInt(value)), true)
  }
  const putString = (address: number, s: string): void => {
    image.set(encoder.encode(s), address - low)
  }
  const regions: ProcessStartRegion[] = []

  // fs/exec.c: a NULL word at the very top, the file name, then envp's and argv's strings,
  // each list copied from its last string to its first, so argv[0] ends up lowest.
  let p = linux ? top - 8 : top
  if (linux) {
    p -= encoder.encode(PROGRAM_NAME).length + 1
    putString(p, PROGRAM_NAME)
  }
  const execfn = p
  const place = (list: readonly string[]): number[] => {
    const at: number[] = []
    for (let i = list.length - 1; i >= 0; i--) {
      p -= encoder.encode(list[i]).length + 1
      putString(p, list[i])
      at[i] = p
    }
    return at
  }
  const envAt = place(environment)
  const argAt = place(strings)
  regions.push({ kind: 'strings', start: p, end: top })
  const items = strings.length + 1 + (environment.length + 1)
  let argv: number
  let entryRsp: number
  let auxv: Array<[number, number]> = []
  if (linux) {
    // fs/binfmt_elf.c create_elf_tables: round down to 16, the platform string, 16 random
    // bytes, then room for the vector, envp, argv and argc, rounded down to 16.
    p = roundDown(p, 16)
    p -= 'x86_64'.length + 1
    putString(p, 'x86_64')
    const platform = p
    p -= 16
    auxv = auxiliaryVector(input, { random: p, execfn, platform })
    const argcAt = roundDown(p - 16 * auxv.length - 8 * (items + 1), 16)
    put(argcAt, strings.length)
    argv = argcAt + 8
    entryRsp = argcAt - START_FRAMES
  } else {
    argv = roundDown(roundDown(p, 8) - 8 * items, 16)
    entryRsp = argv - 8
  }
  const envp = argv + 8 * (strings.length + 1)
  const auxvAt = envp + 8 * (environment.length + 1)
  strings.forEach((_, i) => put(argv + 8 * i, argAt[i]))
  environment.forEach((_, i) => put(envp + 8 * i, envAt[i]))
  if (!linux)
    regions.push(
      { kind: 'envp', start: envp, end: auxvAt },
      { kind: 'argv', start: argv, end: envp }
    )
  else {
    auxv.forEach(([type, value], i) => {
      put(auxvAt + 16 * i, type)
      put(auxvAt + 16 * i + 8, value)
    })
    regions.push(
      { kind: 'auxv', start: auxvAt, end: auxvAt + 16 * auxv.length },
      { kind: 'envp', start: envp, end: auxvAt },
      { kind: 'argv', start: argv, end: envp },
      { kind: 'argc', start: argv - 8, end: argv },
      { kind: 'libc-start', start: entryRsp, end: argv - 8 }
    )
    const symbols: Record<string, number> = {
      rsp: entryRsp,
      argv,
      envp,
      auxv: auxvAt,
      argc: strings.length,
      main: input.mainAddress,
      start: input.textStart - START_BEFORE_TEXT,
      initArray: initArrayAddress(input.dataStart)
    }
    for (const w of leftBehindFor(entryRsp % 64)) {
      const at = entryRsp + w.offset
      if (at < low) continue
      if (typeof w.value === 'bigint') put(at, w.value)
      else if (w.value[0] === 'argc<<32')
        put(at, (BigInt(strings.length) << 32n) | BigInt(w.value[1]))
      else put(at, symbols[w.value[0]] + w.value[1])
    }
  }
  return {
    low,
    bytes: image,
    argc: strings.length,
    argv,
    envp,
    mainFramePointer: entryRsp - 8,
    mainEntryStackPointer: entryRsp,
    regions,
    ...(linux && {
      entryRegisters: [argv, envp, initArrayAddress(input.dataStart), 0, DL_FINI] as [
        number,
        number,
        number,
        number,
        number
      ]
    })
  }
}

/** `address` rounded down to a multiple of `n` (addresses exceed 32 bits: no `&`). */
function roundDown(address: number, n: number): number {
  return address - (address % n)
}

/** Bytes of NUL-terminated UTF-8 strings. */
function stringBytes(list: readonly string[]): number {
  let n = 0
  for (const s of list) n += encoder.encode(s).length + 1
  return n
}

/**
 * `.init_array`, which `__libc_start_main` keeps on the stack: in gcc's small programs at
 * 0x3dd8 (0x3dd0 with a few PLT entries more) of the RELRO page just before `.data`'s page.
 */
function initArrayAddress(dataStart: number): number {
  return Math.floor(dataStart / 0x1000) * 0x1000 - 0x1000 + 0xdd8
}

/**
 * The auxiliary vector as the reference machine's kernel gives it to a gcc-built PIE (the
 * same as `LD_SHOW_AUXV=1` prints), in its order, AT_NULL last.
 */
function auxiliaryVector(
  input: ProcessStartInput,
  at: { random: number; execfn: number; platform: number }
): Array<[number, number]> {
  const uid = input.uid ?? 1000
  return [
    [AT.SYSINFO_EHDR, 0x7ffff7fc8000],
    [AT.MINSIGSTKSZ, 0x6f0],
    [AT.HWCAP, 0x178bfbff],
    [AT.PAGESZ, 0x1000],
    [AT.CLKTCK, 100],
    [AT.PHDR, input.imageBase + 0x40],
    [AT.PHENT, 0x38],
    [AT.PHNUM, 13],
    [AT.BASE, 0x7ffff7fca000],
    [AT.FLAGS, 0],
    [AT.ENTRY, input.textStart - START_BEFORE_TEXT],
    [AT.UID, uid],
    [AT.EUID, uid],
    [AT.GID, uid],
    [AT.EGID, uid],
    [AT.SECURE, 0],
    [AT.RANDOM, at.random],
    [AT.HWCAP2, 2],
    [AT.EXECFN, at.execfn],
    [AT.PLATFORM, at.platform],
    [AT.RSEQ_FEATURE_SIZE, 28],
    [AT.RSEQ_ALIGN, 32],
    [AT.NULL, 0]
  ]
}
