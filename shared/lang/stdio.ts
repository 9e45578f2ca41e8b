/**
 * Standard output as glibc 2.36 buffers it (libio/fileops.c), so that a run shows what a real
 * process shows: the buffer is malloc'd on the first output (a block the heap view shows, and
 * one that moves every later heap address), text waits in it until a newline (on a terminal) or
 * until it is full (on a pipe or a file), `exit()` and returning from `main` flush it, and a
 * process killed by a signal (a crash, `abort()`, a failed `assert`) loses what is still in it.
 *
 * The interpreter calls `write` for each `printf`/`fputs`-like output and `put` for each
 * character `putchar` (and `puts`'s newline) writes; each call answers the bytes that reach
 * the terminal or pipe at that moment. Bytes are strings with one character (0–255) per byte.
 */

/** How stdout is buffered: glibc decides it from what file descriptor 1 is. */
export interface StdoutBuffering {
  /** `line`: flushed at each newline (a terminal); `full`: flushed when the buffer is full. */
  mode: 'line' | 'full'
  /** The buffer's size: st_blksize of the file descriptor, which glibc mallocs. */
  bufferBytes: number
}

/** A terminal: line-buffered, 1024 bytes (st_blksize of a tty). The app's output pane is one. */
export const TERMINAL: StdoutBuffering = { mode: 'line', bufferBytes: 1024 }
/** A pipe or a file: fully buffered, 4096 bytes (`./a.out | cat`, `./a.out > out.txt`). */
export const PIPE: StdoutBuffering = { mode: 'full', bufferBytes: 4096 }
/** A pipe under `stdbuf -oL`: line-buffered, and the buffer still the pipe's 4096 bytes. */
export const LINE_BUFFERED_PIPE: StdoutBuffering = { mode: 'line', bufferBytes: 4096 }

/** <stdio.h>'s BUFSIZ: the size setbuf gives a stream with the program's buffer. */
export const BUFSIZ = 8192

/** setvbuf's modes, as <stdio.h> numbers them (`_IOFBF`, `_IOLBF`, `_IONBF`). */
export const FULLY_BUFFERED = 0
export const LINE_BUFFERED = 1
export const UNBUFFERED = 2

/** Everything needed to put the stream back at one step. */
export interface StdoutSnapshot {
  bufferAddress: number
  bufferBytes: number
  hasBuffer: boolean
  userBuffer: boolean
  lineBuffered: boolean
  unbuffered: boolean
  putting: boolean
  noRoomUntilFlush: boolean
  pending: string
}

/** The `FILE` behind `stdout`, as far as buffering goes. */
export class StdoutStream {
  /**
   * Address of the buffer in the program's memory: malloc'd on the first output (or by
   * setvbuf), or the program's own array given to setvbuf/setbuf; 0 before, when malloc failed,
   * and for the one-byte `_shortbuf` inside the FILE an unbuffered stream uses.
   */
  bufferAddress = 0
  /** The buffer's size (`_IO_buf_end - _IO_buf_base`). */
  bufferBytes: number
  /** `_IO_buf_base` is set: a buffer (malloc'd, the program's, or `_shortbuf`) is in place. */
  private hasBuffer = false
  /** `_IO_USER_BUF`: the buffer is not the library's malloc, so it is never freed by it. */
  userBuffer = false
  /** `_IO_LINE_BUF`: flushed at each newline. */
  lineBuffered: boolean
  /** Bytes written into the buffer and not yet delivered (`_IO_write_base` … `_IO_write_ptr`). */
  pending = ''
  /**
   * `_IO_UNBUFFERED`: every write goes out at once, through the one-byte `_shortbuf` (set by
   * setvbuf's `_IONBF` and setbuf(NULL), and when malloc gave no buffer).
   */
  private unbuffered = false
  /** `_IO_CURRENTLY_PUTTING`: the first output has set the buffer up for writing. */
  private putting = false
  /**
   * setvbuf/setbuf after output began leave `_IO_write_end` at the buffer's start (glibc's
   * `_IO_new_file_setbuf`), so nothing is copied straight in: every byte goes through
   * `overflow` until the next flush that writes something sets `_IO_write_end` again.
   */
  private noRoomUntilFlush = false

  /**
   * @param allocate mallocs the buffer through the run's allocator (as `_IO_file_doallocate`
   * does) and answers its address, 0 when the allocation fails.
   * @param store copies `bytes` into the buffer's memory at `offset` from its start, as glibc's
   * memcpy into `_IO_write_ptr` does: a flush only moves the pointer back, so the buffer keeps
   * the last text written at each offset, a line that went out at once included.
   */
  constructor(
    readonly buffering: StdoutBuffering,
    private readonly allocate: (bytes: number) => number,
    private readonly store: (offset: number, bytes: string) => void = () => {},
    private readonly release: (address: number) => void = () => {}
  ) {
    this.bufferBytes = buffering.bufferBytes
    this.lineBuffered = buffering.mode === 'line'
  }

  /** Bytes into the buffer, after those waiting there. */
  private keep(bytes: string): void {
    const offset = this.pending.length
    this.pending += bytes
    if (this.bufferAddress !== 0) this.store(offset, bytes)
  }

  private get size(): number {
    return this.unbuffered ? 1 : this.bufferBytes
  }

  /**
   * Room `_IO_write_end - _IO_write_ptr` for bytes copied straight into the buffer: none before
   * the first output and none when line-buffered or unbuffered (every byte then goes through
   * `overflow`, which looks at each newline), the buffer's free space when fully buffered.
   */
  private room(): number {
    if (!this.putting || this.lineBuffered || this.unbuffered || this.noRoomUntilFlush) return 0
    return this.size - this.pending.length
  }

  /** `_IO_new_file_xsputn`: the program writes `data` (printf's text, fputs). */
  write(data: string): string {
    const n = data.length
    if (n === 0) return ''
    let delivered = ''
    let count = 0
    let mustFlush = false
    if (this.lineBuffered && this.putting && !this.unbuffered) {
      // Everything up to the last newline goes out now, if it all fits in the buffer.
      count = this.size - this.pending.length
      if (count >= n) {
        const newline = data.lastIndexOf('\n')
        if (newline >= 0) {
          count = newline + 1
          mustFlush = true
        }
      }
    } else count = this.room()
    let at = 0
    if (count > 0) {
      at = Math.min(count, n)
      this.keep(data.slice(0, at))
    }
    let toDo = n - at
    if (toDo > 0 || mustFlush) {
      delivered += this.overflow(null)
      // Whole blocks go straight to the device; the rest into the (now empty) buffer.
      const block = this.size
      const direct = toDo - (block >= 128 ? toDo % block : 0)
      if (direct > 0) {
        delivered += data.slice(at, at + direct)
        at += direct
        toDo -= direct
      }
      if (toDo > 0) delivered += this.defaultWrite(data.slice(at))
    }
    return delivered
  }

  /** `_IO_putc_unlocked`: putchar, and the newline puts adds. */
  put(byte: string): string {
    if (this.room() > 0) {
      this.keep(byte)
      return ''
    }
    return this.overflow(byte)
  }

  /** exit() and the return from main: `_IO_flush_all` delivers what the buffer holds. */
  flush(): string {
    const delivered = this.pending
    this.pending = ''
    // `new_do_write` sets `_IO_write_end` again, but only when it wrote something.
    if (delivered !== '') this.noRoomUntilFlush = false
    return delivered
  }

  /**
   * glibc 2.36's `_IO_setvbuf` on stdout, with `buffer` the program's array (0 for NULL):
   * answers setvbuf's result (0, or EOF for an unknown mode) and the bytes a flush delivered.
   * `_IOFBF` with NULL keeps the buffer there is, mallocing one now if there is none;
   * `_IOLBF` with NULL only changes the mode; the others replace the buffer (`_IO_SETBUF`).
   */
  setvbuf(mode: number, buffer: number, size: number): { result: number; delivered: string } {
    switch (mode) {
      case FULLY_BUFFERED:
        this.lineBuffered = false
        this.unbuffered = false
        if (buffer === 0) {
          if (!this.hasBuffer) this.allocateBuffer()
          return { result: 0, delivered: '' }
        }
        break
      case LINE_BUFFERED:
        this.unbuffered = false
        this.lineBuffered = true
        if (buffer === 0) return { result: 0, delivered: '' }
        break
      case UNBUFFERED:
        this.lineBuffered = false
        buffer = 0
        size = 0
        break
      default:
        return { result: -1, delivered: '' }
    }
    return { result: 0, delivered: this.setBuffer(buffer, size) }
  }

  /** `setbuf(stdout, buffer)` (glibc's `_IO_setbuffer`): fully buffered in BUFSIZ bytes, or unbuffered. */
  setbuf(buffer: number, size: number): string {
    this.lineBuffered = false
    return this.setBuffer(buffer, buffer === 0 ? 0 : size)
  }

  /**
   * `_IO_SETBUF` (`_IO_default_setbuf`, `_IO_new_file_setbuf`): flushes what waits, frees a
   * buffer the library malloc'd, and writes into `buffer` from now on, or through `_shortbuf`
   * unbuffered when there is none.
   */
  private setBuffer(buffer: number, size: number): string {
    const delivered = this.flush()
    if (this.bufferAddress !== 0 && !this.userBuffer) this.release(this.bufferAddress)
    this.unbuffered = buffer === 0 || size === 0
    this.bufferAddress = this.unbuffered ? 0 : buffer
    this.bufferBytes = this.unbuffered ? 1 : size
    this.hasBuffer = true
    this.userBuffer = true
    if (this.putting) this.noRoomUntilFlush = true
    return delivered
  }

  /** `_IO_file_doallocate`: the library mallocs the device's buffer size. */
  private allocateBuffer(): void {
    this.bufferAddress = this.allocate(this.buffering.bufferBytes)
    this.bufferBytes = this.buffering.bufferBytes
    this.hasBuffer = true
    this.userBuffer = false
    if (this.bufferAddress === 0) this.unbuffered = true
  }

  /** A fatal signal: the buffer's bytes never reach the device. Answers what was lost. */
  discard(): string {
    const lost = this.pending
    this.pending = ''
    return lost
  }

  /** `_IO_default_xsputn`: copies while there is room, else one byte at a time through overflow. */
  private defaultWrite(data: string): string {
    let delivered = ''
    for (let i = 0; i < data.length;) {
      const room = this.room()
      if (room > 0) {
        const take = Math.min(room, data.length - i)
        this.keep(data.slice(i, i + take))
        i += take
      } else delivered += this.overflow(data[i++])
    }
    return delivered
  }

  /**
   * `_IO_new_file_overflow`: sets the buffer up on the first output (mallocing it), then either
   * flushes it (`byte` null: EOF) or stores `byte`, flushing a full buffer first and, when
   * line-buffered, the whole buffer after a newline.
   */
  private overflow(byte: string | null): string {
    if (!this.putting) {
      if (!this.hasBuffer && !this.unbuffered) this.allocateBuffer()
      this.putting = true
    }
    if (byte === null) return this.flush()
    let delivered = ''
    if (this.pending.length >= this.size) delivered += this.flush()
    this.keep(byte)
    if (this.unbuffered || (this.lineBuffered && byte === '\n')) delivered += this.flush()
    return delivered
  }

  snapshot(): StdoutSnapshot {
    return {
      bufferAddress: this.bufferAddress,
      bufferBytes: this.bufferBytes,
      hasBuffer: this.hasBuffer,
      userBuffer: this.userBuffer,
      lineBuffered: this.lineBuffered,
      unbuffered: this.unbuffered,
      putting: this.putting,
      noRoomUntilFlush: this.noRoomUntilFlush,
      pending: this.pending
    }
  }

  restore(s: StdoutSnapshot): void {
    this.bufferAddress = s.bufferAddress
    this.bufferBytes = s.bufferBytes
    this.hasBuffer = s.hasBuffer
    this.userBuffer = s.userBuffer
    this.lineBuffered = s.lineBuffered
    this.unbuffered = s.unbuffered
    this.putting = s.putting
    this.noRoomUntilFlush = s.noRoomUntilFlush
    this.pending = s.pending
  }
}

/** A stretch of what the terminal shows that came from one stream. */
export interface OutputRun {
  stream: 'stdout' | 'stderr'
  text: string
}

/**
 * stdout and stderr as one terminal shows them: `marks` holds, for each run of stderr text,
 * how much of stdout had been delivered before it and where the run starts in `stderr`
 * (pairs, as the interpreter records them).
 */
export function interleaveOutput(stdout: string, stderr: string, marks: number[]): OutputRun[] {
  const runs: OutputRun[] = []
  let out = 0
  for (let i = 0; i < marks.length; i += 2) {
    const before = Math.min(marks[i], stdout.length)
    if (before > out) runs.push({ stream: 'stdout', text: stdout.slice(out, before) })
    out = Math.max(out, before)
    const end = i + 3 < marks.length ? marks[i + 3] : stderr.length
    if (end > marks[i + 1]) runs.push({ stream: 'stderr', text: stderr.slice(marks[i + 1], end) })
  }
  if (stdout.length > out) runs.push({ stream: 'stdout', text: stdout.slice(out) })
  return runs
}
