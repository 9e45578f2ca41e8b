/**
 * The app's fonts, bundled so that every machine — a lab PC without CJK fonts included — shows
 * the same letters, and so that nothing is ever fetched from the network. Noto covers Latin and
 * Simplified Chinese; each face is split into unicode-range subsets, so the page only loads the
 * pieces of a font that the text on screen uses.
 *
 * The Latin faces come with the first screen. The Chinese face's stylesheet alone is ~190 KB
 * (about 200 subsets in two weights), which the browser would parse and match against on every
 * start; it is loaded at once only when the interface is in Chinese, else once the first screen
 * is up (its text swaps in when it arrives, as any bundled face's does: font-display: swap).
 */
import '@fontsource/noto-sans/400.css'
import '@fontsource/noto-sans/700.css'
import '@fontsource/noto-sans-mono/400.css'

let chinese: Promise<void> | null = null

/** Loads the Simplified Chinese face (once; later calls share the first load). */
export function loadChineseFont(): Promise<void> {
  chinese ??= import('./fonts-chinese').then(() => undefined)
  return chinese
}
