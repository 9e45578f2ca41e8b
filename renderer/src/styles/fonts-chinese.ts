/** The Simplified Chinese face, loaded on its own by `loadChineseFont` in fonts.ts. */
import '@fontsource/noto-sans-sc/400.css'
import '@fontsource/noto-sans-sc/700.css'
