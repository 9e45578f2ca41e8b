/**
 * libm.ts's special values and exact cases, worked out from C99 Annex F and by hand; the
 * comparison with glibc on ordinary arguments is in library.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { cos, exp, log, pow, sin } from './libm'

describe('libm', () => {
  it('gives exact answers where the result is exactly a double', () => {
    // 2^10, 10^3, (-2)^3 and 3^-2 = 1/9 (rounded: the same double as 1 / 9).
    expect(pow(2, 10)).toBe(1024)
    expect(pow(10, 3)).toBe(1000)
    expect(pow(-2, 3)).toBe(-8)
    expect(pow(3, -2)).toBe(1 / 9)
    expect(pow(4, 0.5)).toBe(2)
    expect(exp(0)).toBe(1)
    expect(log(1)).toBe(0)
    expect(log(Math.E)).toBe(1)
    // 2^-1074 is the smallest subnormal.
    expect(pow(2, -1074)).toBe(5e-324)
    expect(exp(1)).toBe(Math.E)
  })

  it('follows C99 Annex F at the edges', () => {
    expect(pow(-2, 0.5)).toBeNaN()
    expect(pow(0, -1)).toBe(Infinity)
    expect(pow(-0, -1)).toBe(-Infinity)
    expect(pow(-0, 2)).toBe(0)
    expect(pow(1, NaN)).toBe(1)
    expect(pow(NaN, 0)).toBe(1)
    expect(pow(-1, Infinity)).toBe(1)
    expect(pow(0.5, Infinity)).toBe(0)
    expect(pow(2, 1024)).toBe(Infinity)
    expect(pow(-2, 1025)).toBe(-Infinity)
    expect(log(0)).toBe(-Infinity)
    expect(log(-1)).toBeNaN()
    expect(log(Infinity)).toBe(Infinity)
    // e^709.78 is just below DBL_MAX; e^-745.2 underflows to 0.
    expect(exp(709.78)).toBeLessThan(Number.MAX_VALUE)
    expect(exp(709.79)).toBe(Infinity)
    expect(exp(-745.2)).toBe(0)
    expect(exp(-Infinity)).toBe(0)
    expect(Object.is(sin(-0), -0)).toBe(true)
    expect(cos(0)).toBe(1)
    expect(sin(Infinity)).toBeNaN()
  })

  it('keeps the quadrant signs of sin and cos', () => {
    // sin(π/6) = 1/2 and cos(π/3) = 1/2 to within an ulp; the signs follow the quadrant.
    expect(sin(Math.PI / 6)).toBeCloseTo(0.5, 15)
    expect(sin(Math.PI / 6 + Math.PI)).toBeCloseTo(-0.5, 15)
    expect(cos(Math.PI / 3 + Math.PI)).toBeCloseTo(-0.5, 15)
    expect(cos(-Math.PI / 3)).toBeCloseTo(0.5, 15)
    expect(sin(100)).toBeCloseTo(-0.5063656411097588, 15)
  })
})
