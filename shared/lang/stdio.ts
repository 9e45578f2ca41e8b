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

/** Everything needed to put the stream back at one step. */
export interface StdoutSnapshot {
  bufferAddress: number
  unbuffered: boolean
  putting: boolean
  pending: string
}

/** The `FILE` behind `stdout`, as far as buffering goes. */
export class StdoutStream {
  /** Address of the buffer, malloc'd on the first output; 0 before (or when malloc failed). */
  bufferAddress = 0
  /** Bytes written into the buffer and not yet delivered (`_IO_write_base` … `_IO_write_ptr`). */
  pending = ''
  /** malloc gave no buffer: glibc then writes every byte at once (its one-byte `_shortbuf`). */
  private unbuffered = false
  /** `_IO_CURRENTLY_PUTTING`: the first output has set the buffer up for writing. */
  private putting = false

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
    private readonly store: (offset: number, bytes: string) => void = () => {}
  ) {}

  /** Bytes into the buffer, after those waiting there. */
  private keep(bytes: string): void {
    const offset = this.pending.length
    this.pending += bytes
    if (this.bufferAddress !== 0) this.store(offset, bytes)
  }

  private get size(): number {
    return this.unbuffered ? 1 : this.buffering.bufferBytes
  }

  private get lineBuffered(): boolean {
    return this.buffering.mode === 'line'
  }

  /**
   * Room `_IO_write_end - _IO_write_ptr` for bytes copied straight into the buffer: none before
   * the first output and none when line-buffered or unbuffered (every byte then goes through
   * `overflow`, which looks at each newline), the buffer's free space when fully buffered.
   */
  private room(): number {
    if (!this.putting || this.lineBuffered || this.unbuffered) return 0
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
    return delivered
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
      if (this.bufferAddress === 0 && !this.unbuffered) {
        this.bufferAddress = this.allocate(this.buffering.bufferBytes)
        if (this.bufferAddress === 0) this.unbuffered = true
      }
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
      unbuffered: this.unbuffered,
      putting: this.putting,
      pending: this.pending
    }
  }

  restore(s: StdoutSnapshot): void {
    this.bufferAddress = s.bufferAddress
    this.unbuffered = s.unbuffered
    this.putting = s.putting
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
