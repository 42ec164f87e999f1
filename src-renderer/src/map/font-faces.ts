import type { FontFacesSpecification } from 'maplibre-gl';
import unicodeRanges from '@fontsource/noto-sans-sc/unicode.json';
import { MAP_FONT } from '../styles/fonts';

// Apart from styles/fonts.ts (which the shell imports for its CSS): the table of subset files and
// their ranges is ≈ 100 kB of JavaScript that only a map needs, so it loads with the map.
const files = import.meta.glob<string>('../../../node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-*-400-normal.woff2', {
  query: '?url',
  import: 'default',
  eager: true,
});

/**
 * The UI font's subset files for maplibre's `font-faces`: the map draws each label glyph from the
 * file that covers it, loading that file first (a canvas drawing with a web font that has not
 * loaded yet would fall back to whatever the workstation has, or to boxes).
 */
export const MAP_FONT_FACES: FontFacesSpecification = {
  [MAP_FONT]: Object.entries(files).flatMap(([path, url]) => {
    // Numbered subsets are keyed `[n]` in the package's table, named ones (latin, …) by name.
    const subset = /noto-sans-sc-([\w-]+?)-400-normal\.woff2$/.exec(path)?.[1] ?? '';
    const range = (unicodeRanges as Record<string, string | undefined>)[/^\d+$/.test(subset) ? `[${subset}]` : subset];
    return range ? [{ url, 'unicode-range': range.split(',') }] : [];
  }),
};
