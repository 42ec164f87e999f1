import { MAP_FONT_FACES } from './font-faces';
import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { THEME } from './colors';
import type { StyleContext } from './overlay';
import { OVERLAYS } from './overlay-registry';

/**
 * The situation map as one declarative style, assembled from the overlays (`overlays/*.ts`): each
 * brings its sources and its layers, placed by their `z`, and a layer in a visibility group starts
 * shown or hidden as the group is. Nothing is fetched from the network: geometry ships with the
 * app, and labels are drawn from local fonts (with no `glyphs` URL, maplibre rasterises every
 * glyph, Chinese and Latin, from the system's fonts through the font stack in paint.ts).
 */

export interface StyleInputs extends Omit<StyleContext, 'basemap'> {
  /** Sources and layers of a configured basemap, drawn under everything else; none for the bundled one. */
  basemap?: { sources: Record<string, SourceSpecification>; layers: LayerSpecification[]; sprite?: string | undefined };
}

/** What the overlays see of the style inputs. */
export const styleContext = (i: StyleInputs): StyleContext => ({ ...i, basemap: !!i.basemap });

export function situationStyle(i: StyleInputs): StyleSpecification {
  const s = styleContext(i);
  const layers = OVERLAYS.flatMap((o) =>
    o.layers(s).map(({ z, layer, visibility }) => {
      if (!o.group) return { z, layer };
      const v = visibility?.(s) ?? (s.visible[o.group.id] ? 'visible' : 'none');
      return { z, layer: { ...layer, layout: { visibility: v, ...('layout' in layer ? layer.layout : {}) } } as LayerSpecification };
    }),
  ).sort((a, b) => a.z - b.z);
  return {
    version: 8,
    // The console's own font for every label (no glyphs URL, no system font needed).
    'font-faces': MAP_FONT_FACES,
    ...(i.basemap?.sprite ? { sprite: i.basemap.sprite } : {}),
    sources: Object.assign({}, i.basemap?.sources ?? {}, ...OVERLAYS.map((o) => o.sources?.(s) ?? {})),
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': THEME.background } }, ...(i.basemap?.layers ?? []), ...layers.map((l) => l.layer)],
  };
}
