import type { Map as MapLibreMap, Marker } from 'maplibre-gl';
import type { Feature } from 'geojson';
import type { DispatchAdvice, VehicleAssignment } from '@shared/dispatch/advice';
import type { VehiclePosition } from '@shared/domain/vehicle';
import { PALETTE } from '../../theme/tokens';
import { defineOverlay, type OverlayTarget } from '../overlay';
import { HALO, TEXT, empty } from '../paint';
import { LAYER_GROUPS } from '../layer-groups';

const CANDIDATE = PALETTE.accent.light;
const ASSIGNED = PALETTE.accent.ok;

interface DispatchData {
  advice: DispatchAdvice | undefined;
  assignments: readonly VehicleAssignment[];
  vehicles: readonly VehiclePosition[];
}

/**
 * 派遣建议 on the map: the resources recommended for the case being dispatched (ranked, with a
 * dashed line to the case) and, on every vehicle working on a case, a label naming the case.
 * The labels are DOM markers built with text nodes (never HTML strings), so a feed's text can
 * never become markup.
 */
const labels = new WeakMap<MapLibreMap, Map<string, { marker: Marker; text: Text }>>();

/**
 * maplibre's Marker, taken when the first label is drawn: the overlay registry is read by the shell
 * (layer toggles, the command palette), and a static import would put maplibre in the first
 * JavaScript of every view. The map exists when labels are drawn, so its module is already loaded.
 */
let MarkerClass: typeof Marker | undefined;

function syncLabels(m: OverlayTarget, data: DispatchData): void {
  if (!MarkerClass) {
    void import('maplibre-gl').then((lib) => {
      MarkerClass = lib.Marker;
      syncLabels(m, data);
    });
    return;
  }
  const MarkerOf = MarkerClass;
  let byVehicle = labels.get(m.map);
  if (!byVehicle) labels.set(m.map, (byVehicle = new Map()));
  const positions = new Map(data.vehicles.map((v) => [v.id, v]));
  const wanted = new Set<string>();
  for (const a of data.assignments) {
    const p = positions.get(a.vehicleId);
    if (!p) continue;
    wanted.add(a.vehicleId);
    const at = m.transform.toDisplay(p.lon, p.lat);
    const content = `${a.vehicleName} → ${a.incidentTitle}`;
    const had = byVehicle.get(a.vehicleId);
    if (had) {
      had.marker.setLngLat(at);
      if (had.text.data !== content) had.text.data = content;
      continue;
    }
    const el = document.createElement('div');
    el.className = 'cc-vehicle-assignment';
    el.dataset.testid = 'vehicle-assignment-label';
    el.dataset.vehicle = a.vehicleId;
    el.dataset.incident = a.incidentId;
    const text = document.createTextNode(content);
    el.append(text);
    Object.assign(el.style, {
      padding: '1px 6px',
      borderRadius: '4px',
      border: `1px solid ${ASSIGNED}`,
      background: PALETTE.surface.panel,
      color: PALETTE.accent.messageText,
      font: '12px/1.5 sans-serif',
      whiteSpace: 'nowrap',
      pointerEvents: 'none',
    });
    byVehicle.set(a.vehicleId, { marker: new MarkerOf({ element: el, anchor: 'bottom', offset: [0, -10] }).setLngLat(at).addTo(m.map), text });
  }
  for (const [id, l] of byVehicle) {
    if (wanted.has(id)) continue;
    l.marker.remove();
    byVehicle.delete(id);
  }
}

export default defineOverlay<DispatchData>({
  id: 'dispatch',
  group: {
    ...LAYER_GROUPS.dispatch,
    legend: {
      kind: 'swatches',
      items: [
        { shape: 'ring', color: CANDIDATE, labelKey: 'dispatch.legendCandidate' },
        { shape: 'ring', color: ASSIGNED, labelKey: 'dispatch.legendAssigned' },
      ],
    },
  },
  sources: () => ({
    'dispatch-candidates': { type: 'geojson', data: empty() },
    'dispatch-links': { type: 'geojson', data: empty() },
    'dispatch-assigned': { type: 'geojson', data: empty() },
  }),
  layers: () => [
    {
      z: 205,
      layer: {
        id: 'dispatch-links',
        type: 'line',
        source: 'dispatch-links',
        paint: { 'line-color': CANDIDATE, 'line-width': 1.5, 'line-dasharray': [2, 2], 'line-opacity': 0.8 },
      },
    },
    {
      z: 215,
      layer: {
        id: 'dispatch-assigned',
        type: 'circle',
        source: 'dispatch-assigned',
        paint: { 'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': ASSIGNED, 'circle-stroke-width': 3 },
      },
    },
    {
      z: 216,
      layer: {
        id: 'dispatch-candidates',
        type: 'circle',
        source: 'dispatch-candidates',
        paint: {
          'circle-radius': 9,
          'circle-color': ['match', ['get', 'kind'], 'unit', PALETTE.surface.panel, CANDIDATE],
          'circle-stroke-color': CANDIDATE,
          'circle-stroke-width': 2,
        },
      },
    },
    {
      z: 217,
      layer: {
        id: 'dispatch-rank',
        type: 'symbol',
        source: 'dispatch-candidates',
        layout: { ...TEXT, 'text-field': ['get', 'label'], 'text-size': 11, 'text-allow-overlap': true },
        paint: { 'text-color': ['match', ['get', 'kind'], 'unit', CANDIDATE, PALETTE.surface.base] },
      },
    },
    {
      z: 218,
      layer: {
        id: 'dispatch-unit-name',
        type: 'symbol',
        source: 'dispatch-candidates',
        filter: ['==', ['get', 'kind'], 'unit'],
        layout: { ...TEXT, 'text-field': ['get', 'name'], 'text-size': 11, 'text-offset': [0, 1.4], 'text-anchor': 'top' },
        paint: { 'text-color': CANDIDATE, ...HALO },
      },
    },
  ],
  data: ({ dispatch, resources }) => ({
    advice: dispatch.shownOnMap ? dispatch.advice : undefined,
    assignments: dispatch.assignments,
    vehicles: resources.vehicles,
  }),
  shown: ({ dispatch }) => void dispatch.load(),
  apply: (data, m) => {
    const a = data.advice;
    const positions = new Map(data.vehicles.map((v) => [v.id, v]));
    const candidates: Feature[] = [];
    const links: Feature[] = [];
    if (a) {
      const to = m.transform.toDisplay(a.lon, a.lat);
      const add = (kind: 'vehicle' | 'unit', id: string, name: string, lon: number, lat: number, rank: number, seconds: number, metres: number) => {
        const at = m.transform.toDisplay(lon, lat);
        candidates.push({ type: 'Feature', properties: { id, kind, name, label: String(rank), seconds, metres }, geometry: { type: 'Point', coordinates: at } });
        links.push({ type: 'Feature', properties: { kind }, geometry: { type: 'LineString', coordinates: [at, to] } });
      };
      // A vehicle is drawn where it is now (it moves while the officer decides).
      a.vehicles.forEach((v, n) => {
        const p = positions.get(v.vehicle.id) ?? v.vehicle;
        add('vehicle', v.vehicle.id, v.vehicle.name, p.lon, p.lat, n + 1, v.seconds, v.metres);
      });
      a.units.forEach((u, n) => add('unit', u.unit, u.unit, u.lon, u.lat, n + 1, u.seconds, u.metres));
    }
    m.setSourceData('dispatch-candidates', candidates);
    m.setSourceData('dispatch-links', links);
    m.setSourceData(
      'dispatch-assigned',
      data.assignments.flatMap((x) => {
        const p = positions.get(x.vehicleId);
        return p ? [m.point(p.lon, p.lat, { id: x.vehicleId })] : [];
      }),
    );
    syncLabels(m, data);
  },
  interactive: [{ layer: 'dispatch-candidates', kind: 'dispatch', rank: 5, pointer: false }],
  tooltip: (h, { t }) => ({
    title: t(h.props.kind === 'unit' ? 'sitmap.tooltip.dispatchUnit' : 'sitmap.tooltip.dispatchVehicle', { rank: String(h.props.label ?? ''), name: String(h.props.name ?? '') }),
    lines: [t('sitmap.tooltip.dispatchEta', { km: (Number(h.props.metres ?? 0) / 1000).toFixed(1), min: Math.max(1, Math.round(Number(h.props.seconds ?? 0) / 60)) })],
    color: CANDIDATE,
  }),
});
