import { describe, expect, it } from 'vitest'
import { BYTE_AXIS_INCREMENTS, chartColumns, pointIndexAt } from './chartData'
import { longTimeline, threeBlocksTimeline } from './fixtures'

describe('chart data', () => {
  it('lays out requested vs. allocated bytes as uPlot columns', () => {
    const [steps, requested, allocated] = chartColumns(threeBlocksTimeline, 'fragmentation')
    expect(steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
    // a = malloc(16) at step 2, b = malloc(20) at 3, c = malloc(36) at 4, free(b) at 5
    expect(requested.slice(0, 6)).toEqual([0, 0, 16, 36, 72, 52])
    // blocks of 32, 32 and 48 bytes: 32, 64, 112, then 112 − 32 = 80
    expect(allocated.slice(0, 6)).toEqual([0, 0, 32, 64, 112, 80])
  })

  it('finds the sampled point at or before a step', () => {
    // longTimeline samples every 10 steps
    expect(pointIndexAt(longTimeline.points, 0)).toBe(0)
    expect(pointIndexAt(longTimeline.points, 9)).toBe(0)
    expect(pointIndexAt(longTimeline.points, 10)).toBe(1)
    expect(pointIndexAt(longTimeline.points, 995)).toBe(99)
    expect(pointIndexAt([], 5)).toBe(-1)
  })

  it('spaces byte ticks in powers of two, so they read as whole KiB and MiB', () => {
    // 64 KiB = 2^16 and 4 MiB = 2^22 are spacings; 100,000 bytes ("97.7 KiB") is not.
    expect(BYTE_AXIS_INCREMENTS).toContain(65536)
    expect(BYTE_AXIS_INCREMENTS).toContain(4194304)
    expect(BYTE_AXIS_INCREMENTS).not.toContain(100000)
    expect(BYTE_AXIS_INCREMENTS.at(-1)).toBe(1024 ** 4)
  })
})
