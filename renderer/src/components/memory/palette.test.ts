/**
 * The palette of palette.css, light and dark: what the canvas code falls back to matches the
 * light stylesheet, drawn outlines and text stand out from what they are drawn on (WCAG
 * contrast), and the heap's part colours stay apart under simulated protanopia, deuteranopia
 * and tritanopia (Machado, Oliveira & Fernandes 2009, severity 1).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LIGHT_CHART_PALETTE } from './chartData'
import { LIGHT_HEAP_PALETTE } from './heapCanvas'

const css = readFileSync(new URL('./palette.css', import.meta.url), 'utf8')
const darkStart = css.indexOf('@media (prefers-color-scheme: dark)')

function variables(text: string): Record<string, string> {
  const found: Record<string, string> = {}
  for (const [, name, value] of text.matchAll(/--ml-([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)) {
    found[name] = value.toLowerCase()
  }
  return found
}
const light = variables(css.slice(0, darkStart))
const dark = { ...light, ...variables(css.slice(darkStart)) }
// the app's surfaces (styles/theme.css) that the views draw on
const lightSurface = '#ffffff'
const darkSurface = '#1d2126'

function linear(hex: string): [number, number, number] {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return [channel(0), channel(1), channel(2)]
}
const luminance = ([r, g, b]: number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b
function contrast(a: string, b: string): number {
  const [la, lb] = [luminance(linear(a)), luminance(linear(b))].sort((x, y) => y - x)
  return (la + 0.05) / (lb + 0.05)
}

/** CIELAB of a linear-RGB colour (D65), for colour differences. */
function lab([r, g, b]: number[]): [number, number, number] {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 / 116) * t + 16 / 116)
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))]
}
const MACHADO: Record<string, number[][]> = {
  none: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1]
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998]
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881]
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039]
  ]
}
function seenAs(hex: string, vision: string): [number, number, number] {
  const c = linear(hex)
  const m = MACHADO[vision]
  const clamp = (v: number) => Math.min(1, Math.max(0, v))
  return lab(m.map((row) => clamp(row[0] * c[0] + row[1] * c[1] + row[2] * c[2])))
}
function difference(a: string, b: string, vision: string): number {
  const [p, q] = [seenAs(a, vision), seenAs(b, vision)]
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2])
}

describe('memory palette', () => {
  it('draws the canvas and charts in the light stylesheet colours when none is resolved', () => {
    for (const [name, value] of Object.entries({ ...LIGHT_HEAP_PALETTE, ...LIGHT_CHART_PALETTE })) {
      expect(light[name], name).toBe(value)
    }
  })

  it('defines every colour for dark mode too, each different from the light one', () => {
    const darkOnly = variables(css.slice(darkStart))
    for (const name of Object.keys(LIGHT_HEAP_PALETTE).filter((n) => n !== 'padding')) {
      expect(darkOnly[name], name).toBeDefined()
    }
  })

  it.each([
    ['light', light, lightSurface],
    ['dark', dark, darkSurface]
  ])('keeps lines and marks at 3:1 against the %s surface', (_name, palette, surface) => {
    // WCAG 1.4.11: graphical objects that carry meaning need 3:1 against what is next to them
    for (const name of ['ink', 'leak', 'largest', 'warn', 'arrow', 'brk', 'rsp', 'focus-ring']) {
      expect(contrast(palette[name], surface), name).toBeGreaterThanOrEqual(3)
    }
    for (const name of Object.keys(LIGHT_CHART_PALETTE).filter((n) => n !== 'chart-grid')) {
      expect(contrast(palette[name], surface), name).toBeGreaterThanOrEqual(3)
    }
    // block outlines and size labels are ink on the free colour
    expect(contrast(palette.ink, palette.free)).toBeGreaterThanOrEqual(4.5)
  })

  it.each(['none', 'protanopia', 'deuteranopia', 'tritanopia'])(
    'keeps the heap parts apart under %s in both themes',
    (vision) => {
      const parts = ['header', 'payload', 'padding', 'free', 'bookkeeping'] as const
      for (const palette of [light, dark]) {
        for (let i = 0; i < parts.length; i++) {
          for (let j = i + 1; j < parts.length; j++) {
            const [a, b] = [palette[parts[i]], palette[parts[j]]]
            // ΔE*ab ≥ 15: clearly different at a glance, not just side by side
            expect(difference(a, b, vision), `${parts[i]}/${parts[j]}`).toBeGreaterThanOrEqual(15)
          }
        }
      }
    }
  )
})
