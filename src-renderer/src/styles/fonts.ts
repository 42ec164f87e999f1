import type { FontFacesSpecification } from 'maplibre-gl';
import unicodeRanges from '@fontsource/noto-sans-sc/unicode.json';
// The console brings its own fonts (no CDN, nothing asked of the workstation): Noto Sans SC for the
// UI in the weights the UI uses (400; 600 also serves 700, and 500 falls to 400), split by Unicode
// range so a screen loads only the parts of the font its text needs; JetBrains Mono (Latin only)
// for clocks and figures. The CSS families are named in global.css (--cc-font-ui, --cc-font-mono).
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import '@fontsource/jetbrains-mono/latin-400.css';

/** The map's label font: the same bundled face, by the name the map style's `text-font` uses. */
export const MAP_FONT = 'Noto Sans SC';

const files = import.meta.glob<string>('../../../node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-*-400-normal.woff2', {
  query: '?url',
  import: 'default',
  eager: true,
});

/**
 * The same subset files for maplibre's `font-faces`: the map draws each label glyph from the file
 * that covers it, loading that file first (a canvas drawing with a web font that has not loaded
 * yet would fall back to whatever the workstation has, or to boxes).
 */
export const MAP_FONT_FACES: FontFacesSpecification = {
  [MAP_FONT]: Object.entries(files).flatMap(([path, url]) => {
    // Numbered subsets are keyed `[n]` in the package's table, named ones (latin, …) by name.
    const subset = /noto-sans-sc-([\w-]+?)-400-normal\.woff2$/.exec(path)?.[1] ?? '';
    const range = (unicodeRanges as Record<string, string | undefined>)[/^\d+$/.test(subset) ? `[${subset}]` : subset];
    return range ? [{ url, 'unicode-range': range.split(',') }] : [];
  }),
};
