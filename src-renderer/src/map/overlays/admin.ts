import { THEME } from '../colors';
import { defineOverlay } from '../overlay';
import { empty, HALO, TEXT } from '../paint';
import { LAYER_GROUPS } from '../layer-groups';

/** Administrative areas: the world and Hunan outlines, Loudi's counties and their names (bundled geometry). */
export default defineOverlay({
  id: 'admin',
  group: { ...LAYER_GROUPS.admin, legend: { kind: 'swatches', items: [{ shape: 'line', color: THEME.countyOutline, labelKey: 'map.counties' }] } },
  sources: (s) => ({
    world: { type: 'geojson', data: `${s.geoBase}world.json` },
    'hunan-prefectures': { type: 'geojson', data: `${s.geoBase}hunan-prefectures.json` },
    'loudi-counties': { type: 'geojson', data: s.countiesData ?? `${s.geoBase}loudi-counties.json` },
    'county-labels': { type: 'geojson', data: empty() },
  }),
  layers: (s) => [
    // Under a configured basemap the land fill stays off whatever the toggle says.
    { z: 10, layer: { id: 'world-fill', type: 'fill', source: 'world', paint: { 'fill-color': THEME.land } }, visibility: () => (s.basemap ? 'none' : undefined) },
    { z: 20, layer: { id: 'world-line', type: 'line', source: 'world', paint: { 'line-color': THEME.landOutline, 'line-width': 0.8 } } },
    {
      z: 30,
      layer: { id: 'prefectures-line', type: 'line', source: 'hunan-prefectures', paint: { 'line-color': THEME.prefecture, 'line-width': 1, 'line-dasharray': [3, 2] } },
    },
    { z: 40, layer: { id: 'counties-fill', type: 'fill', source: 'loudi-counties', paint: { 'fill-color': THEME.county, 'fill-opacity': s.basemap ? 0 : 0.9 } } },
    {
      z: 110,
      layer: { id: 'counties-line', type: 'line', source: 'loudi-counties', paint: { 'line-color': THEME.countyOutline, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 1, 12, 2.5] } },
    },
    {
      z: 230,
      layer: {
        id: 'counties-label',
        type: 'symbol',
        source: 'county-labels',
        layout: { ...TEXT, 'text-field': ['get', 'name'], 'text-size': 15, 'text-letter-spacing': 0.15 },
        paint: { 'text-color': '#9fc3ef', ...HALO },
      },
    },
  ],
  styleLoaded: (m) => {
    void m.countyData().then((fc) => {
      // One label per county at its seat (a polygon label would repeat in every tile it spans).
      const labels = fc.features.flatMap((f) => {
        const { name, center } = (f.properties ?? {}) as { name?: unknown; center?: unknown };
        return typeof name === 'string' && Array.isArray(center) ? [m.point(Number(center[0]), Number(center[1]), { name })] : [];
      });
      m.setSourceData('county-labels', labels);
    });
  },
});
