import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleDarkTheme } from '../../../src-renderer/src/theme/naive-theme';

const root = join(import.meta.dirname, '../../../src-renderer/src');

/** The renderer's sources, every .vue and .ts file. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(vue|ts)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Naive UI's components that are styled by another component's theme, or have no theme. */
const THEME_OF: Record<string, string | null> = {
  NTabPane: 'Tabs',
  NTab: 'Tabs',
  NFormItem: 'Form',
  NDrawerContent: 'Drawer',
  NRadioButton: 'Radio',
  NRadioGroup: 'Radio',
  NCheckboxGroup: 'Checkbox',
  NMessageProvider: 'Message',
  NVirtualList: null,
  NConfigProvider: null,
};

/** Every Naive UI component the renderer imports. */
function usedComponents(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'naive-ui'/g)) {
    for (const part of (m[1] ?? '').split(',')) {
      const name = part.trim().replace(/^type\s+/, '');
      if (/^N[A-Z]/.test(name)) names.push(name);
    }
  }
  return names;
}

describe('the console dark theme', () => {
  const used = new Set(sources(root).flatMap((f) => usedComponents(readFileSync(f, 'utf8'))));

  it('finds the components the renderer uses', () => {
    // The scan itself must work, or the next check proves nothing.
    expect(used.has('NButton')).toBe(true);
    expect(used.size).toBeGreaterThan(10);
  });

  it('styles every Naive UI component the renderer imports', () => {
    const theme = consoleDarkTheme as unknown as Record<string, unknown>;
    const missing = [...used].filter((n) => {
      const themeName = n in THEME_OF ? THEME_OF[n] : n.slice(1);
      return themeName != null && theme[themeName] === undefined;
    });
    expect(missing).toEqual([]);
  });

  it('is the dark theme, with its common colours', () => {
    expect(consoleDarkTheme.name).toBe('dark');
    expect(consoleDarkTheme.common?.bodyColor).toMatch(/^#1|rgb/);
  });
});
