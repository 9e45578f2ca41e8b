/**
 * The charts' data from a Timeline: one x array of steps and the y arrays each chart plots,
 * in the column layout uPlot takes (AlignedData), plus the step lookups clicks need.
 */
import type { Timeline, TimelinePoint } from '../../../../shared/state'

export type ChartId = 'heap' | 'fragmentation' | 'external' | 'leaks' | 'stack'

export interface ChartSeries {
  /** Message key under memory.charts.series. */
  key: keyof TimelinePoint | 'requested' | 'allocated' | 'live' | 'leaked'
  field: keyof TimelinePoint
  colour: string
  /** Dash pattern, so series differ by more than colour. */
  dash?: number[]
}

/** What each chart plots. Okabe–Ito colours; the second series of a chart is dashed. */
export const CHARTS: Record<
  ChartId,
  { unit: 'bytes' | 'fraction' | 'count'; series: ChartSeries[] }
> = {
  heap: { unit: 'bytes', series: [{ key: 'heapSize', field: 'heapSize', colour: '#009e73' }] },
  fragmentation: {
    unit: 'bytes',
    series: [
      { key: 'requested', field: 'requestedBytes', colour: '#0072b2' },
      { key: 'allocated', field: 'allocatedBytes', colour: '#e69f00', dash: [6, 3] }
    ]
  },
  external: {
    unit: 'fraction',
    series: [{ key: 'externalFragmentation', field: 'externalFragmentation', colour: '#cc79a7' }]
  },
  leaks: {
    unit: 'bytes',
    series: [
      { key: 'live', field: 'liveBytes', colour: '#0072b2' },
      { key: 'leaked', field: 'leakedBytes', colour: '#d55e00', dash: [6, 3] }
    ]
  },
  stack: { unit: 'count', series: [{ key: 'stackDepth', field: 'stackDepth', colour: '#56b4e9' }] }
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
