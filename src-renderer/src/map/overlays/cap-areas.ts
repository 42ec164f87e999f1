import type { Feature } from 'geojson';
import { SEVERITIES } from '@shared/domain/severity';
import { alertAreaRings } from '@shared/map/overlays';
import { SEVERITY_COLORS } from '../colors';
import { defineOverlay } from '../overlay';
import { empty, levelColor } from '../paint';
import { LAYER_GROUPS } from '../layer-groups';

/**
 * CAP alert areas in force: polygons and circles outlined in their warning colour over a light fill.
 * Only the outline answers the pointer, so an area covering half the city never takes the hover
 * from the incidents, grids and cameras inside it.
 */
export default defineOverlay({
  id: 'cap-areas',
  group: {
    ...LAYER_GROUPS.alerts,
    legend: { kind: 'swatches', items: SEVERITIES.map((s) => ({ shape: 'area' as const, color: SEVERITY_COLORS[s] })) },
  },
  sources: () => ({ 'alert-areas': { type: 'geojson', data: empty() } }),
  layers: () => [
    {
      z: 80,
      layer: { id: 'alerts-fill', type: 'fill', source: 'alert-areas', paint: { 'fill-color': levelColor('severity', SEVERITY_COLORS.yellow), 'fill-opacity': 0.12 } },
    },
    {
      z: 90,
      layer: { id: 'alerts-line', type: 'line', source: 'alert-areas', paint: { 'line-color': levelColor('severity', SEVERITY_COLORS.yellow), 'line-width': 2.5, 'line-dasharray': [4, 2] } },
    },
  ],
  data: ({ resources }) => resources.alertAreas,
  apply: (areas, m) => {
    const features: Feature[] = alertAreaRings(areas).map((r) => ({
      type: 'Feature',
      properties: { id: r.id, severity: r.severity, headline: r.headline },
      geometry: { type: 'Polygon', coordinates: [m.transform.ring(r.ring)] },
    }));
    m.setSourceData('alert-areas', features);
  },
  interactive: [{ layer: 'alerts-line', kind: 'alert', rank: 70, pointer: true }],
  tooltip: (h, { t }) => ({ title: String(h.props.headline ?? ''), lines: [t('sitmap.tooltip.alert')], color: SEVERITY_COLORS[h.props.severity as 'red'] }),
});
