import { VEHICLE_COLORS } from '../colors';
import { defineOverlay } from '../overlay';
import { empty } from '../paint';
import { LAYER_GROUPS } from '../layer-groups';

const byKind = ['match', ['get', 'kind'], ...Object.entries(VEHICLE_COLORS).flat(), '#ffffff'] as never;

/** Vehicles at their latest position, with their short trails. */
export default defineOverlay({
  id: 'vehicles',
  group: {
    ...LAYER_GROUPS.vehicles,
    legend: { kind: 'swatches', items: Object.values(VEHICLE_COLORS).map((color) => ({ shape: 'round' as const, color })) },
  },
  sources: () => ({
    vehicles: { type: 'geojson', data: empty(), promoteId: 'id' },
    'vehicle-trails': { type: 'geojson', data: empty() },
  }),
  layers: () => [
    {
      z: 120,
      layer: {
        id: 'vehicle-trails',
        type: 'line',
        source: 'vehicle-trails',
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': byKind, 'line-width': 2, 'line-opacity': 0.6 },
      },
    },
    {
      z: 210,
      layer: {
        id: 'vehicles-circle',
        type: 'circle',
        source: 'vehicles',
        paint: { 'circle-color': byKind, 'circle-radius': 6, 'circle-stroke-color': '#0b1220', 'circle-stroke-width': 2 },
      },
    },
  ],
  data: ({ resources }) => ({ positions: resources.vehicles, trails: resources.trails }),
  // 203 vehicles report every few seconds: on a CPU-drawn map each report would be a frame.
  pacedMs: { software: 5000, gpu: 1000 },
  apply: ({ positions, trails }, m) => {
    m.setSourceData('vehicles', positions.map((v) => m.point(v.lon, v.lat, { id: v.id, name: v.name, kind: v.kind, speed: v.speedKmh })));
    m.setSourceData(
      'vehicle-trails',
      trails.map((t) => ({ type: 'Feature', properties: { id: t.id, kind: t.kind }, geometry: { type: 'LineString', coordinates: m.transform.ring(t.coordinates) } })),
    );
  },
  interactive: [{ layer: 'vehicles-circle', kind: 'vehicle', rank: 10, pointer: true }],
  tooltip: (h, { t, dispatch }) => {
    const assigned = dispatch.byVehicle.get(String(h.props.id ?? ''));
    return {
      title: t('sitmap.tooltip.vehicle', { name: String(h.props.name ?? ''), speed: Number(h.props.speed ?? 0).toFixed(0) }),
      lines: assigned ? [t('sitmap.tooltip.vehicleAssigned', { title: assigned.incidentTitle })] : [],
    };
  },
});
