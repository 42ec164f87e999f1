/**
 * Keyboard shortcuts as written in the command registry: `mod+k`, `shift+a`, `?`, `j`, `1`,
 * `shift+3`. `mod` is Ctrl (Cmd on a Mac). Digits match the key's position (`Digit3`), so
 * `shift+3` works whatever character Shift+3 types on the keyboard's layout.
 */

export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Whether `e` is the shortcut `shortcut`. */
export function matches(shortcut: string, e: KeyPress): boolean {
  const parts = shortcut.toLowerCase().split('+');
  const key = parts.pop()!;
  const mod = parts.includes('mod');
  const shift = parts.includes('shift');
  const alt = parts.includes('alt');
  if ((e.ctrlKey || e.metaKey) !== mod || e.altKey !== alt) return false;
  if (/^[0-9]$/.test(key)) return e.shiftKey === shift && e.code === `Digit${key}`;
  // A typed symbol (?, /) carries its own Shift: match the character, not the modifier.
  if (!/^[a-z]$/.test(key) && key.length === 1) return e.key === key;
  return e.shiftKey === shift && e.key.toLowerCase() === key;
}

/** Whether a key press is typing into a field (then a plain-key shortcut is not a command). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && typeof el.tagName === 'string' && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** Whether a shortcut needs no modifier (so it must not fire while typing). */
export const isPlain = (shortcut: string): boolean => !/(^|\+)(mod|alt)\+/.test(shortcut);

/** The shortcut as a person reads it: `Ctrl+K`, `Shift+A`, `?`. */
export function shortcutLabel(shortcut: string, mac = false): string {
  return shortcut
    .split('+')
    .map((p) => (p === 'mod' ? (mac ? '⌘' : 'Ctrl') : p === 'shift' ? 'Shift' : p === 'alt' ? 'Alt' : p.toUpperCase()))
    .join('+');
}
