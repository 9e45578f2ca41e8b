/**
 * The app's fonts, bundled so that every machine — a lab PC without CJK fonts included — shows
 * the same letters, and so that nothing is ever fetched from the network. Noto covers Latin and
 * Simplified Chinese; each face is split into unicode-range subsets, so the page only loads the
 * pieces of the Chinese font that the text on screen uses.
 */
import '@fontsource/noto-sans/400.css'
import '@fontsource/noto-sans/700.css'
import '@fontsource/noto-sans-sc/400.css'
import '@fontsource/noto-sans-sc/700.css'
import '@fontsource/noto-sans-mono/400.css'
