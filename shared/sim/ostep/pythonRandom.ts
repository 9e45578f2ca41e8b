/**
 * Python's `random` module, as far as OSTEP's malloc.py uses it: `random.seed(int)` and
 * `random.random()`. Both CPython 2.7 and 3.x use the same Mersenne Twister (MT19937), seed an
 * integer through `init_by_array` with the absolute value split into 32-bit words, and build a
 * double from two 32-bit outputs (`genrand_res53`). Reproducing that bit for bit is what makes
 * `-s 0` here generate the same operations as `python malloc.py -s 0`.
 */

const N = 624
const M = 397
const MATRIX_A = 0x9908b0df
const UPPER_MASK = 0x80000000
const LOWER_MASK = 0x7fffffff

/** A Mersenne Twister seeded and read exactly as CPython's `random.Random`. */
export class PythonRandom {
  private readonly mt = new Uint32Array(N)
  private index = N + 1

  /** `random.seed(seed)` for an integer seed (negative seeds use their absolute value, as CPython does). */
  constructor(seed: number | bigint) {
    this.seed(seed)
  }

  seed(seed: number | bigint): void {
    let n = typeof seed === 'bigint' ? seed : BigInt(Math.trunc(seed))
    if (n < 0n) n = -n
    const key: number[] = []
    while (n > 0n) {
      key.push(Number(n & 0xffffffffn))
      n >>= 32n
    }
    if (key.length === 0) key.push(0)
    this.initByArray(key)
  }

  /** `random.random()`: a double in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.nextUint32() >>> 5
    const b = this.nextUint32() >>> 6
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
  }

  /** One raw 32-bit output of MT19937 (`genrand_uint32`). */
  nextUint32(): number {
    const mt = this.mt
    if (this.index >= N) {
      let kk = 0
      for (; kk < N - M; kk++) {
        const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK)
        mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
      }
      for (; kk < N - 1; kk++) {
        const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK)
        mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
      }
      const y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK)
      mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
      this.index = 0
    }
    let y = mt[this.index++]!
    y ^= y >>> 11
    y ^= (y << 7) & 0x9d2c5680
    y ^= (y << 15) & 0xefc60000
    y ^= y >>> 18
    return y >>> 0
  }

  private initGenrand(s: number): void {
    const mt = this.mt
    mt[0] = s >>> 0
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!
      mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i
    }
    this.index = N
  }

  private initByArray(key: number[]): void {
    const mt = this.mt
    this.initGenrand(19650218)
    let i = 1
    let j = 0
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1]!
      mt[i] = (mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j
      i++
      j++
      if (i >= N) {
        mt[0] = mt[N - 1]!
        i = 1
      }
      if (j >= key.length) j = 0
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]!
      mt[i] = (mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i
      i++
      if (i >= N) {
        mt[0] = mt[N - 1]!
        i = 1
      }
    }
    mt[0] = 0x80000000
  }
}
