import { describe, expect, it } from 'vitest';
import { isPlain, isTyping, matches, shortcutLabel } from './shortcut';

const press = (key: string, over: Partial<{ code: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key,
  code: over.code ?? (/^[0-9]$/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`),
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...over,
});

describe('keyboard shortcuts', () => {
  it('matches Ctrl+K and Cmd+K for mod+k, not a plain K', () => {
    expect(matches('mod+k', press('k', { ctrlKey: true }))).toBe(true);
    expect(matches('mod+k', press('k', { metaKey: true }))).toBe(true);
    expect(matches('mod+k', press('k'))).toBe(false);
    expect(matches('k', press('k', { ctrlKey: true }))).toBe(false);
  });

  it('tells a from Shift+A, and digits by their key whatever Shift types', () => {
    expect(matches('a', press('a'))).toBe(true);
    expect(matches('a', press('A', { shiftKey: true }))).toBe(false);
    expect(matches('shift+a', press('A', { shiftKey: true }))).toBe(true);
    expect(matches('shift+3', press('#', { code: 'Digit3', shiftKey: true }))).toBe(true);
    expect(matches('3', press('#', { code: 'Digit3', shiftKey: true }))).toBe(false);
    expect(matches('3', press('3'))).toBe(true);
  });

  it('matches a typed symbol by its character', () => {
    expect(matches('?', press('?', { code: 'Slash', shiftKey: true }))).toBe(true);
    expect(matches('/', press('/', { code: 'Slash' }))).toBe(true);
  });

  it('knows typing from commands and writes shortcuts for people', () => {
    expect(isTyping({ tagName: 'INPUT', isContentEditable: false } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'BUTTON', isContentEditable: false } as unknown as EventTarget)).toBe(false);
    expect(isPlain('j')).toBe(true);
    expect(isPlain('mod+k')).toBe(false);
    expect(shortcutLabel('mod+k')).toBe('Ctrl+K');
    expect(shortcutLabel('shift+a')).toBe('Shift+A');
  });
});
