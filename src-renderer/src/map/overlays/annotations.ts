import type { Feature } from 'geojson';
import type { DisplayDatumTransform } from '@shared/map/datum';
import { arrowHead, type Annotation, type Position } from '@shared/consultation/annotation';
import { defineOverlay } from '../overlay';
import { FONT_STACK } from '../paint';

const SOURCE = 'annotations';
/** An arrow's head: this share of the map's usual extent (degrees), legible at city zoom. */
const HEAD_DEGREES = 0.004;

/** An annotation in display coordinates, plus an arrow's head as its own line. */
function features(a: Annotation, t: DisplayDatumTransform): Feature[] {
  const props = { id: a.id, kind: a.kind, color: a.color, text: a.text ?? '', author: a.author };
  const shift = (p: Position): Position => t.toDisplay(p[0], p[1]);
  const g = a.geometry;
  if (g.type === 'Point') return [{ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: shift(g.coordinates) } }];
  if (g.type === 'Polygon') return [{ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(shift)) } }];
  const line = g.coordinates.map(shift);
  const out: Feature[] = [{ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: line } }];
  const head = a.kind === 'arrow' ? arrowHead(line, HEAD_DEGREES) : undefined;
  if (head) out.push({ type: 'Feature', properties: { ...props, head: true }, geometry: { type: 'LineString', coordinates: head } });
  return out;
}

/**
 * 会商标注: what the participants of the consultation drew (points, lines, polygons, circles,
 * arrows, text labels) in their colours, from the shared document. Drawing itself is terra-draw's
 * (`map/annotation-draw.ts`); this overlay shows the result for everyone.
 */
export default defineOverlay({
  id: 'annotations',
  sources: () => ({ [SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } }),
  layers: () => [
    { z: 241, layer: { id: 'annotations-fill', type: 'fill', source: SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.18 } } },
    {
      z: 242,
      layer: {
        id: 'annotations-line',
        type: 'line',
        source: SOURCE,
        filter: ['!=', ['geometry-type'], 'Point'],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': ['get', 'color'], 'line-width': ['case', ['==', ['get', 'kind'], 'arrow'], 5, 3.5] },
      },
    },
    {
      z: 243,
      layer: {
        id: 'annotations-point',
        type: 'circle',
        source: SOURCE,
        filter: ['all', ['==', ['geometry-type'], 'Point'], ['!=', ['get', 'kind'], 'text']],
        paint: { 'circle-color': ['get', 'color'], 'circle-radius': 8, 'circle-stroke-color': '#000000', 'circle-stroke-width': 2 },
      },
    },
    {
      z: 244,
      layer: {
        id: 'annotations-text',
        type: 'symbol',
        source: SOURCE,
        filter: ['all', ['==', ['geometry-type'], 'Point'], ['!=', ['get', 'text'], '']],
        layout: { 'text-field': ['get', 'text'], 'text-font': FONT_STACK, 'text-size': 20, 'text-allow-overlap': true, 'text-offset': ['case', ['==', ['get', 'kind'], 'text'], ['literal', [0, 0]], ['literal', [0, 1.2]]] },
        paint: { 'text-color': ['get', 'color'], 'text-halo-color': '#000000', 'text-halo-width': 2 },
      },
    },
  ],
  data: ({ consultation }) => consultation.annotations,
  apply: (list, m) => m.setSourceData(SOURCE, list.flatMap((a) => features(a, m.transform))),
  interactive: [
    { layer: 'annotations-point', kind: 'annotation', rank: 5, pointer: false },
    { layer: 'annotations-line', kind: 'annotation', rank: 6, pointer: false },
  ],
  tooltip: (h, { t, consultation }) => {
    const a = consultation.annotations.find((x) => x.id === h.props.id);
    if (!a) return null;
    return { title: a.text || t(`consultation.kinds.${a.kind}`), lines: [t('consultation.drawnBy', { who: a.author, at: new Date(a.at).toLocaleTimeString() })], color: a.color };
  },
});
