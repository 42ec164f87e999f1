import { THEME } from '../colors';
import { defineOverlay } from '../overlay';
import { empty } from '../paint';

/** The drawing and measuring tools' source (map/tools.ts writes it). */
export const DRAW_SOURCE = 'draw';

/** What the box, polygon and measure tools draw while in use. */
export default defineOverlay({
  id: 'measure',
  sources: () => ({ [DRAW_SOURCE]: { type: 'geojson', data: empty() } }),
  layers: () => [
    { z: 260, layer: { id: 'draw-fill', type: 'fill', source: DRAW_SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': THEME.draw, 'fill-opacity': 0.12 } } },
    { z: 270, layer: { id: 'draw-line', type: 'line', source: DRAW_SOURCE, paint: { 'line-color': THEME.draw, 'line-width': 2, 'line-dasharray': [3, 1.5] } } },
    { z: 280, layer: { id: 'draw-point', type: 'circle', source: DRAW_SOURCE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': THEME.draw, 'circle-radius': 4 } } },
  ],
});
