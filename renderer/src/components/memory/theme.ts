/**
 * The colour scheme as the canvas and chart code sees it. CSS follows prefers-color-scheme by
 * itself; pixels already drawn on a canvas do not, so views that draw read the resolved
 * palette variables (palette.css) and draw again when the system scheme changes.
 */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

const DARK_QUERY = '(prefers-color-scheme: dark)'

/**
 * A counter that goes up whenever the system switches between light and dark: watch it to
 * read the palette again and redraw. Without matchMedia (tests) it never changes.
 */
export function useColourScheme(): Ref<number> {
  const version = ref(0)
  let query: MediaQueryList | null = null
  const onChange = () => {
    version.value++
  }
  onMounted(() => {
    if (typeof matchMedia !== 'function') return
    query = matchMedia(DARK_QUERY)
    query.addEventListener?.('change', onChange)
  })
  onBeforeUnmount(() => query?.removeEventListener?.('change', onChange))
  return version
}

/**
 * The palette variables `names` resolved at `element` (so a theme set on any ancestor applies),
 * each falling back to its entry in `fallback` when unset (no stylesheet, as in unit tests).
 */
export function readPalette<K extends string>(
  element: Element | null,
  fallback: Record<K, string>
): Record<K, string> {
  const result = { ...fallback }
  if (!element || typeof getComputedStyle !== 'function') return result
  const style = getComputedStyle(element)
  for (const name of Object.keys(fallback) as K[]) {
    const value = style.getPropertyValue(`--ml-${name}`).trim()
    if (value) result[name] = value
  }
  return result
}
