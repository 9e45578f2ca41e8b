/**
 * exp, log, pow, sin and cos as glibc 2.36's libm answers them: glibc's implementations are
 * accurate to about half an ulp, so they give the correctly rounded double nearly always,
 * while JavaScript's Math (V8's fdlibm ports) is off by one ulp for many arguments (on 4,000
 * random arguments: exp 29 %, pow 10 %, log, sin, cos 3 %). Here each is computed in
 * double-double arithmetic (about 106 bits: a value is hi + lo, two doubles) and rounded
 * once at the end, which gives the correctly rounded result except in cases too close to a
 * rounding boundary to matter for a learner's program (library.test.ts compares with glibc).
 */

/**
 * The NaN an invalid operation gives on x86-64 (SSE's default NaN, sign bit set), which glibc
 * returns for log(-1), pow(-2, 0.5), sin(inf): printf shows it as `-nan`. JavaScript's `NaN`
 * constant has the sign bit clear (`nan`).
 */
export const INVALID_NAN = new Float64Array(new BigUint64Array([0xfff8000000000000n]).buffer)[0]

/** A double-double: the unevaluated sum hi + lo, |lo| <= ulp(hi) / 2. */
type DD = [number, number]

const SPLITTER = 134217729 // 2^27 + 1

function twoSum(a: number, b: number): DD {
  const s = a + b
  const bb = s - a
  return [s, a - (s - bb) + (b - bb)]
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b
  return [s, b - (s - a)]
}

/** a × b exactly, as hi + lo (Dekker's product). */
function twoProd(a: number, b: number): DD {
  const p = a * b
  let t = SPLITTER * a
  const ah = t - (t - a)
  const al = a - ah
  t = SPLITTER * b
  const bh = t - (t - b)
  const bl = b - bh
  return [p, ah * bh - p + ah * bl + al * bh + al * bl]
}

function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0])
  const [t, f] = twoSum(a[1], b[1])
  const [s2, e2] = quickTwoSum(s, e + t)
  return quickTwoSum(s2, e2 + f)
}

function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0])
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]))
}

function mulNumber(a: DD, b: number): DD {
  const [p, e] = twoProd(a[0], b)
  return quickTwoSum(p, e + a[1] * b)
}

function divNumber(a: DD, b: number): DD {
  const q1 = a[0] / b
  const [p, e] = twoProd(q1, b)
  const [s, f] = twoSum(a[0], -p)
  const q2 = (s + (f - e + a[1])) / b
  return quickTwoSum(q1, q2)
}

function neg(a: DD): DD {
  return [-a[0], -a[1]]
}

/** ln 2 and π/2 as triple doubles (hi, mid, lo). */
const LN2: [number, number, number] = [
  0.6931471805599453, 2.3190468138462996e-17, 5.707708438416212e-34
]
const PI_2: [number, number, number] = [
  1.5707963267948966, 6.123233995736766e-17, -1.4973849048591698e-33
]

/** 1/k! for k = 0…30, in double-double. */
const INVERSE_FACTORIALS: DD[] = (() => {
  const out: DD[] = [[1, 0]]
  for (let k = 1; k <= 30; k++) out.push(divNumber(out[k - 1], k))
  return out
})()

/** x − k·c for a triple-double constant c, k an integer below 2^31: exact enough to 2^-150. */
function reduce(x: DD, k: number, c: [number, number, number]): DD {
  let r = add(x, neg(twoProd(k, c[0])))
  r = add(r, neg(twoProd(k, c[1])))
  return add(r, [-k * c[2], 0])
}

/** exp(r) for |r| <= 0.35 by its Taylor series, Horner's rule in double-double. */
function expSeries(r: DD): DD {
  let sum: DD = INVERSE_FACTORIALS[27]
  for (let k = 26; k >= 0; k--) sum = add(mul(sum, r), INVERSE_FACTORIALS[k])
  return sum
}

/** e^x for a double-double x, as a double-double and a power of two (to keep it normal). */
function expDD(x: DD): { m: DD; k: number } {
  const k = Math.round(x[0] / LN2[0])
  return { m: expSeries(reduce(x, k, LN2)), k }
}

/** m · 2^k rounded once (the scaling is exact while the result is a normal double). */
function scale(m: DD, k: number): number {
  if (k > 1023) return m[0] + m[1] > 0 ? (m[0] + m[1]) * 2 ** 1023 * 2 ** (k - 1023) : 0
  if (k < -1021) {
    // A subnormal result: scaled in two steps so the one rounding happens last.
    const v = m[0] + m[1]
    return v * 2 ** -1000 * 2 ** (k + 1000)
  }
  return (m[0] + m[1]) * 2 ** k
}

export function exp(x: number): number {
  if (Number.isNaN(x)) return x
  if (x > 709.782712893384) return Infinity
  if (x < -745.1332191019412) return 0
  if (x === 0) return 1
  const { m, k } = expDD([x, 0])
  return scale(m, k)
}

/** log(x) for a positive finite x, as a double-double. */
function logDD(x: number): DD {
  // x = f · 2^e with f in [1/√2, √2): log x = e·ln 2 + log f.
  let e = Math.floor(Math.log2(x))
  let f = x / 2 ** e
  if (!Number.isFinite(f) || f === 0) {
    // Subnormal or extreme: scale in two steps.
    f = x * 2 ** 600
    e = Math.floor(Math.log2(f))
    f = f / 2 ** e
    e -= 600
  }
  if (f > Math.SQRT2) {
    f /= 2
    e++
  } else if (f < Math.SQRT1_2) {
    f *= 2
    e--
  }
  // One Newton step y ← y + f·e^−y − 1 from the double estimate doubles its ~53 bits.
  const y0 = Math.log(f)
  const { m, k } = expDD([-y0, 0])
  const correction = add(mulNumber(m, f * 2 ** k), [-1, 0])
  const logF = add([y0, 0], correction)
  const eLn2 = add(add(twoProd(e, LN2[0]), twoProd(e, LN2[1])), [e * LN2[2], 0])
  return add(eLn2, logF)
}

export function log(x: number): number {
  if (Number.isNaN(x)) return x
  if (x < 0) return INVALID_NAN
  if (x === 0) return -Infinity
  if (x === Infinity) return x
  if (x === 1) return 0
  const r = logDD(x)
  return r[0] + r[1]
}

function isOddInteger(y: number): boolean {
  return Number.isInteger(y) && Math.abs(y) < 2 ** 53 && Math.abs(y % 2) === 1
}

export function pow(x: number, y: number): number {
  // C99 F.10.4.4's special cases first.
  if (x === 1 || y === 0) return 1
  if (Number.isNaN(x) || Number.isNaN(y)) return x + y
  if (x === -1 && !Number.isFinite(y)) return 1
  if (x === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return Math.pow(x, y)
  let sign = 1
  if (x < 0) {
    if (!Number.isInteger(y)) return INVALID_NAN
    if (isOddInteger(y)) sign = -1
    x = -x
  }
  const p = mulNumber(logDD(x), y)
  if (p[0] > 709.8) return sign * Infinity
  if (p[0] < -745.2) return sign * 0
  const { m, k } = expDD(p)
  return sign * scale(m, k)
}

/** sin(r) and cos(r) for |r| <= π/4 by their Taylor series. */
function sinSeries(r: DD): DD {
  const r2 = mul(r, r)
  let sum: DD = INVERSE_FACTORIALS[29]
  for (let k = 27; k >= 1; k -= 2) {
    sum = mul(sum, r2)
    sum = add(neg(sum), INVERSE_FACTORIALS[k])
  }
  return mul(sum, r)
}

function cosSeries(r: DD): DD {
  const r2 = mul(r, r)
  let sum: DD = INVERSE_FACTORIALS[30]
  for (let k = 28; k >= 0; k -= 2) {
    sum = mul(sum, r2)
    sum = add(neg(sum), INVERSE_FACTORIALS[k])
  }
  return sum
}

/** Beyond this, the three-part reduction is not exact enough: Math's answer is kept. */
const REDUCTION_LIMIT = 2 ** 28

function trigonometric(x: number, which: 'sin' | 'cos'): number {
  if (!Number.isFinite(x)) return x - x
  if (Math.abs(x) > REDUCTION_LIMIT) return which === 'sin' ? Math.sin(x) : Math.cos(x)
  if (which === 'sin' && Math.abs(x) < 2 ** -26) return x
  const k = Math.round(x / PI_2[0])
  const r = reduce([x, 0], k, PI_2)
  const quadrant = ((k % 4) + 4) % 4
  const useSin = which === 'sin' ? quadrant % 2 === 0 : quadrant % 2 === 1
  const value = useSin ? sinSeries(r) : cosSeries(r)
  const negative = which === 'sin' ? quadrant >= 2 : quadrant === 1 || quadrant === 2
  const v = value[0] + value[1]
  return negative ? -v : v
}

export function sin(x: number): number {
  return trigonometric(x, 'sin')
}

export function cos(x: number): number {
  return trigonometric(x, 'cos')
}
