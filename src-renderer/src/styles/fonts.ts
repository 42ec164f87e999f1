// The console brings its own fonts (no CDN, nothing asked of the workstation): Noto Sans SC for the
// UI in the weights the UI uses (400; 600 also serves 700, and 500 falls to 400), split by Unicode
// range so a screen loads only the parts of the font its text needs; JetBrains Mono (Latin only)
// for clocks and figures. The CSS families are named in global.css (--cc-font-ui, --cc-font-mono);
// the map's labels use the same subset files (map/font-faces.ts).
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import '@fontsource/jetbrains-mono/latin-400.css';

/** The map's label font: the same bundled face, by the name the map style's `text-font` uses. */
export const MAP_FONT = 'Noto Sans SC';
