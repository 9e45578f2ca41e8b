/**
 * The charts' data from a Timeline: one x array of steps and the y arrays each chart plots,
 * in the column layout uPlot takes (AlignedData), plus the step lookups clicks need.
 */
import type { Timeline, TimelinePoint } from '../../../../shared/state'

export type ChartId = 'heap' | 'fragmentation' | 'external' | 'leaks' | 'stack'

/** Palette names of the chart colours (`--ml-chart-…` in palette.css) with their light values. */
export const LIGHT_CHART_PALETTE = {
  'chart-heap': '#009e73',
  'chart-requested': '#0072b2',
  'chart-allocated': '#b87400',
  'chart-external': '#cc79a7',
  'chart-live': '#0072b2',
  'chart-leaked': '#d55e00',
  'chart-stack': '#0072b2',
  'chart-axis': '#333333',
  'chart-grid': '#e6e6e6'
} as const
export type ChartPalette = Record<keyof typeof LIGHT_CHART_PALETTE, string>

export interface ChartSeries {
  /** Message key under memory.charts.series. */
  key: keyof TimelinePoint | 'requested' | 'allocated' | 'live' | 'leaked'
  field: keyof TimelinePoint
  /** Palette name of its colour (`--ml-…` in palette.css, light or dark). */
  colour: keyof ChartPalette
  /** Dash pattern, so series differ by more than colour. */
  dash?: number[]
}

/** What each chart plots. Okabe–Ito colours; the second series of a chart is dashed. */
export const CHARTS: Record<
  ChartId,
  { unit: 'bytes' | 'fraction' | 'count'; series: ChartSeries[] }
> = {
  heap: { unit: 'bytes', series: [{ key: 'heapSize', field: 'heapSize', colour: 'chart-heap' }] },
  fragmentation: {
    unit: 'bytes',
    series: [
      { key: 'requested', field: 'requestedBytes', colour: 'chart-requested' },
      { key: 'allocated', field: 'allocatedBytes', colour: 'chart-allocated', dash: [6, 3] }
    ]
  },
  external: {
    unit: 'fraction',
    series: [
      { key: 'externalFragmentation', field: 'externalFragmentation', colour: 'chart-external' }
    ]
  },
  leaks: {
    unit: 'bytes',
    series: [
      { key: 'live', field: 'liveBytes', colour: 'chart-live' },
      { key: 'leaked', field: 'leakedBytes', colour: 'chart-leaked', dash: [6, 3] }
    ]
  },
  stack: {
    unit: 'count',
    series: [{ key: 'stackDepth', field: 'stackDepth', colour: 'chart-stack' }]
  }
}

/** [steps, series…] for one chart. */
export function chartColumns(timeline: Timeline, chart: ChartId): number[][] {
  const steps = timeline.points.map((p) => p.step)
  return [steps, ...CHARTS[chart].series.map((s) => timeline.points.map((p) => p[s.field]))]
}

/**
 * The point shown for a step: the last sampled point at or before it (a long run is sampled,
 * so the current step may fall between points). -1 before the first point.
 */
export function pointIndexAt(points: TimelinePoint[], step: number): number {
  let lo = 0
  let hi = points.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (points[mid].step <= step) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

/**
 * Where a chart's keyboard cursor goes for a key: one point left or right, ten with Page
 * Up/Down, the first or last point with Home/End. Null for other keys. `index` -1 (no cursor
 * yet) starts from the first point.
 */
export function cursorForKey(key: string, index: number, count: number): number | null {
  if (count <= 0) return null
  const from = Math.max(0, index)
  const moves: Record<string, number> = {
    ArrowRight: from + 1,
    ArrowUp: from + 1,
    ArrowLeft: from - 1,
    ArrowDown: from - 1,
    PageUp: from + 10,
    PageDown: from - 10,
    Home: 0,
    End: count - 1
  }
  if (!(key in moves)) return null
  return Math.min(count - 1, Math.max(0, moves[key]))
}

/**
 * Tick spacings for an axis of bytes: 1, 2, 4, 8 … up to 1 TiB, so the labels fall on whole
 * KiB and MiB ("0 B, 64 KiB, 128 KiB"). uPlot's own decimal spacings gave 100,000-byte steps
 * labelled "97.7 KiB" and 20,000 labelled "19.5 KiB".
 */
export const BYTE_AXIS_INCREMENTS: readonly number[] = Array.from({ length: 41 }, (_, p) => 2 ** p)
