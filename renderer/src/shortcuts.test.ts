// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { SHORTCUTS, shortcutFor } from './shortcuts'

const press = (key: string, modifiers: Partial<KeyboardEventInit> = {}): KeyboardEvent =>
  new KeyboardEvent('keydown', { key, ...modifiers })

describe('run-control shortcuts', () => {
  it('maps the debugger keys to the run controls', () => {
    expect(shortcutFor(press('F5'))).toBe('run')
    expect(shortcutFor(press('F5', { shiftKey: true }))).toBe('reset')
    expect(shortcutFor(press('F10'))).toBe('step')
    expect(shortcutFor(press('F10', { shiftKey: true }))).toBe('stepBack')
    expect(shortcutFor(press('F8'))).toBe('pause')
    expect(shortcutFor(press('ArrowUp', { altKey: true }))).toBe('faster')
    expect(shortcutFor(press('ArrowDown', { altKey: true }))).toBe('slower')
  })

  it('leaves typing and the editor’s own keys alone', () => {
    expect(shortcutFor(press('a'))).toBeNull()
    expect(shortcutFor(press('ArrowUp'))).toBeNull()
    expect(shortcutFor(press('F10', { ctrlKey: true }))).toBeNull()
  })

  it('gives every control a distinct aria-keyshortcuts value', () => {
    const aria = Object.values(SHORTCUTS).map((s) => s.aria)
    expect(new Set(aria).size).toBe(aria.length)
    expect(SHORTCUTS.stepBack.aria).toBe('Shift+F10')
  })
})
