import { THEME } from '../colors';
import { defineOverlay } from '../overlay';
import { empty, TEXT } from '../paint';
import { LAYER_GROUPS } from '../layer-groups';

/** Cameras (clustered), loaded from the catalog the first time the layer is switched on. */
export default defineOverlay({
  id: 'cameras',
  group: { ...LAYER_GROUPS.cameras, legend: { kind: 'swatches', items: [{ shape: 'round', color: THEME.camera }] } },
  // No promoteId: camera ids are 20-digit GB/T 28181 codes, too large for a vector-tile feature id.
  sources: () => ({ cameras: { type: 'geojson', data: empty(), cluster: true, clusterMaxZoom: 14, clusterRadius: 36 } }),
  layers: () => [
    {
      z: 130,
      layer: {
        id: 'camera-clusters',
        type: 'circle',
        source: 'cameras',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': THEME.camera,
          'circle-opacity': 0.35,
          'circle-stroke-color': THEME.camera,
          'circle-stroke-width': 1,
          'circle-radius': ['step', ['get', 'point_count'], 9, 50, 13, 500, 18],
        },
      },
    },
    {
      z: 140,
      layer: {
        id: 'camera-cluster-count',
        type: 'symbol',
        source: 'cameras',
        filter: ['has', 'point_count'],
        layout: { ...TEXT, 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 10 },
        paint: { 'text-color': '#efe6ff' },
      },
    },
    {
      z: 150,
      layer: {
        id: 'cameras-point',
        type: 'circle',
        source: 'cameras',
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': ['match', ['get', 'status'], 'online', THEME.camera, '#6b6b7b'],
          'circle-radius': 4,
          'circle-stroke-color': THEME.background,
          'circle-stroke-width': 1,
        },
      },
    },
  ],
  shown: ({ resources }) => void resources.loadCameras(),
  data: ({ resources }) => resources.cameras,
  apply: (cameras, m) => m.setSourceData('cameras', cameras.map((c) => m.point(c.lon, c.lat, { id: c.id, name: c.name, status: c.status, department: c.department }))),
  interactive: [
    { layer: 'cameras-point', kind: 'camera', rank: 50, pointer: true, click: (f, m) => typeof f.properties.id === 'string' && m.selectCamera(f.properties.id) },
    { layer: 'camera-clusters', kind: 'camera', rank: 60, pointer: true, click: (f, m) => m.expandCluster('cameras', f) },
  ],
  tooltip: (h, { t }) =>
    h.props.point_count
      ? { title: t('sitmap.tooltip.cameraCluster', { n: h.props.point_count }), lines: [] }
      : { title: String(h.props.name ?? ''), lines: [`${t('sitmap.tooltip.camera')} · ${String(h.props.id)}`] },
});
