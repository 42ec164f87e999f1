import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cssVariables } from '../../../src-renderer/src/theme/tokens';

const root = join(import.meta.dirname, '../../../src-renderer/src');

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? vueFiles(join(dir, e.name)) : e.name.endsWith('.vue') ? [join(dir, e.name)] : [],
  );
}

/** Hex colours written in a component (its template, script or style). */
function hexColours(text: string): string[] {
  return [...text.matchAll(/#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b/g)].map((m) => m[0]);
}

describe('one palette', () => {
  it('finds a hex colour when one is written', () => {
    expect(hexColours('.x { color: #ff8a80; border: 1px solid #abc; }')).toEqual(['#ff8a80', '#abc']);
  });

  it('components hold no hex colours: they use the palette’s CSS variables', () => {
    const found = vueFiles(root).flatMap((f) => hexColours(readFileSync(f, 'utf8')).map((c) => `${relative(root, f)}: ${c}`));
    expect(found).toEqual([]);
  });

  it('every CSS variable a component reads is one the palette defines', () => {
    // The palette's variables, and the font families named in the global style sheet.
    const globalCss = readFileSync(join(root, 'styles/global.css'), 'utf8');
    const defined = new Set([...Object.keys(cssVariables()), ...[...globalCss.matchAll(/(--cc-[a-z0-9-]+)\s*:/g)].map((m) => m[1]!)]);
    const unknown = vueFiles(root).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/var\((--cc-[a-z0-9-]+)/g)].map((m) => m[1]!).filter((v) => !defined.has(v)).map((v) => `${relative(root, f)}: ${v}`),
    );
    expect(unknown).toEqual([]);
  });
});
