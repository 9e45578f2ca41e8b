/** The memory pane's tabs and which one a lesson step brings forward. */

export type MemoryTab = 'map' | 'heap' | 'stack' | 'pointers' | 'globals' | 'bytes' | 'charts'

/** The tab of each view name a lesson step may list in `show` (shared/lessons ViewName). */
const TAB_OF_VIEW: Record<string, MemoryTab> = {
  'address-space': 'map',
  map: 'map',
  heap: 'heap',
  stack: 'stack',
  pointers: 'pointers',
  globals: 'globals',
  bytes: 'bytes',
  charts: 'charts'
}

/**
 * The tab to show for a lesson step's views: the first one that is a tab of the pane. The
 * address-space map is a tab only in a narrow pane (`mapIsTab`); in a wide one it is always in
 * view beside the tabs, so the next view the step lists is brought forward instead.
 */
export function tabForViews(
  views: readonly string[] | undefined,
  mapIsTab: boolean
): MemoryTab | undefined {
  for (const view of views ?? []) {
    const tab = TAB_OF_VIEW[view]
    if (tab && (tab !== 'map' || mapIsTab)) return tab
  }
  return undefined
}

/**
 * The tabs a lesson step's `highlight` marks (its view names; marks such as `program-break` are
 * drawn by the view that holds them). The map is marked as a tab or, in a wide pane, as a column.
 */
export function highlightedTabs(highlight: readonly string[] | undefined): Set<MemoryTab> {
  const tabs = new Set<MemoryTab>()
  for (const name of highlight ?? []) {
    const tab = TAB_OF_VIEW[name]
    if (tab) tabs.add(tab)
  }
  return tabs
}
