import { THEME } from '../colors';
import { defineOverlay } from '../overlay';
import { empty } from '../paint';

/**
 * The selected incident's ring, and dashed lines to its nearest cameras and vehicles, with the
 * nearest cameras marked: the answer is drawn without switching on the 10,240-camera layer, whose
 * clusters make every later frame dearer (on CPU-drawn WebGL a click then waits behind them).
 */
export default defineOverlay({
  id: 'selection',
  sources: () => ({
    'incident-selected': { type: 'geojson', data: empty() },
    nearest: { type: 'geojson', data: empty() },
    'nearest-cameras': { type: 'geojson', data: empty() },
  }),
  layers: () => [
    {
      z: 220,
      layer: { id: 'nearest-line', type: 'line', source: 'nearest', paint: { 'line-color': THEME.nearest, 'line-width': 1.2, 'line-dasharray': [2, 2], 'line-opacity': 0.8 } },
    },
    {
      z: 230,
      layer: {
        id: 'nearest-camera-point',
        type: 'circle',
        source: 'nearest-cameras',
        paint: { 'circle-color': THEME.camera, 'circle-radius': 5, 'circle-stroke-color': THEME.nearest, 'circle-stroke-width': 1.5 },
      },
    },
    {
      z: 250,
      layer: {
        id: 'incidents-selected',
        type: 'circle',
        source: 'incident-selected',
        paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 14, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 },
      },
    },
  ],
  data: ({ incidents, resources }) => {
    const sel = incidents.selected;
    const n = resources.nearestResult;
    return {
      selected: sel ? { id: sel.id, at: [sel.lon, sel.lat] as [number, number] } : undefined,
      from: n?.from,
      cameras: n ? n.found.cameras.map((c) => ({ id: c.item.id, name: c.item.name, at: [c.item.lon, c.item.lat] as [number, number] })) : [],
      targets: n ? [...n.found.cameras.map((c) => [c.item.lon, c.item.lat] as [number, number]), ...n.found.vehicles.map((v) => [v.item.lon, v.item.lat] as [number, number])] : [],
    };
  },
  apply: ({ selected, from, cameras, targets }, m) => {
    m.setSourceData('nearest-cameras', cameras.map((c) => m.point(c.at[0], c.at[1], { id: c.id, name: c.name, status: 'online' })));
    m.setSourceData('incident-selected', selected ? [m.point(selected.at[0], selected.at[1], { id: selected.id })] : []);
    const a = from ? m.transform.toDisplay(from[0], from[1]) : undefined;
    m.setSourceData(
      'nearest',
      a ? targets.map((t) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [a, m.transform.toDisplay(t[0], t[1])] } })) : [],
    );
  },
  interactive: [{ layer: 'nearest-camera-point', kind: 'camera', rank: 45, pointer: true, click: (f, m) => typeof f.properties.id === 'string' && m.selectCamera(f.properties.id) }],
  tooltip: (h, { t }) => ({ title: String(h.props.name ?? ''), lines: [`${t('sitmap.tooltip.camera')} · ${String(h.props.id)}`] }),
});
