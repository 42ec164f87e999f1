import { THEME } from '../colors';
import { defineOverlay } from '../overlay';
import { empty, levelColor } from '../paint';
import { LAYER_GROUPS } from '../layer-groups';

/** Sensor stations (water levels…), coloured by their warning level. */
export default defineOverlay({
  id: 'sensors',
  // Off at first, like the vehicles: the situation opens on the incidents.
  group: { ...LAYER_GROUPS.sensors, legend: { kind: 'swatches', items: [{ shape: 'ring', color: THEME.sensor }] } },
  sources: () => ({ 'sensor-stations': { type: 'geojson', data: empty(), promoteId: 'id' } }),
  layers: () => [
    {
      z: 160,
      layer: {
        id: 'sensors-circle',
        type: 'circle',
        source: 'sensor-stations',
        paint: { 'circle-color': levelColor('level', THEME.sensor), 'circle-radius': 5, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
      },
    },
  ],
  data: ({ resources }) => resources.sensors,
  apply: (stations, m) =>
    m.setSourceData(
      'sensor-stations',
      stations.map((s) => m.point(s.lon, s.lat, { id: s.id, name: s.name, kind: s.kind, level: s.level ?? 'none', reading: s.reading ?? '' })),
    ),
  interactive: [{ layer: 'sensors-circle', kind: 'sensor', rank: 40, pointer: true }],
  tooltip: (h, { t }) => ({ title: String(h.props.name ?? ''), lines: [`${t('sitmap.tooltip.sensor')} · ${String(h.props.reading ?? '')}`] }),
});
