/**
 * Keyboard shortcuts of the run controls, in one place so the buttons can show them and the
 * handler can obey them. The function keys are the ones debuggers use (F5 run, F10 step).
 */
export interface Shortcut {
  /** As `aria-keyshortcuts` spells it. */
  aria: string
  /** As shown to the learner. */
  shown: string
  matches(event: KeyboardEvent): boolean
}

function key(name: string, modifiers: { shift?: boolean; alt?: boolean } = {}): Shortcut {
  const parts = [modifiers.alt ? 'Alt' : '', modifiers.shift ? 'Shift' : '', name].filter(Boolean)
  return {
    aria: parts.join('+'),
    shown: parts.join('+').replace('ArrowUp', '↑').replace('ArrowDown', '↓'),
    matches: (event) =>
      event.key === name &&
      event.shiftKey === Boolean(modifiers.shift) &&
      event.altKey === Boolean(modifiers.alt) &&
      !event.ctrlKey &&
      !event.metaKey
  }
}

export const SHORTCUTS = {
  run: key('F5'),
  pause: key('F8'),
  step: key('F10'),
  stepBack: key('F10', { shift: true }),
  reset: key('F5', { shift: true }),
  faster: key('ArrowUp', { alt: true }),
  slower: key('ArrowDown', { alt: true })
} satisfies Record<string, Shortcut>

export type ShortcutName = keyof typeof SHORTCUTS

/** Which run control a key press asks for, if any. */
export function shortcutFor(event: KeyboardEvent): ShortcutName | null {
  for (const [name, shortcut] of Object.entries(SHORTCUTS)) {
    if (shortcut.matches(event)) return name as ShortcutName
  }
  return null
}
