import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import { LOUDI_GRIDS } from '@shared/geo/grids';
import { SEVERITY_COLORS, THEME } from './colors';

/** Ids of the sources and layers the situation map owns. */
export const SOURCES = {
  world: 'world',
  prefectures: 'hunan-prefectures',
  counties: 'loudi-counties',
  grids: 'grids',
  incidents: 'incidents',
} as const;

export const LAYERS = {
  incidents: 'incidents-circle',
  selected: 'incidents-selected',
  gridsLine: 'grids-line',
} as const;

const severityColor: ExpressionSpecification = [
  'match',
  ['get', 'severity'],
  'red',
  SEVERITY_COLORS.red,
  'orange',
  SEVERITY_COLORS.orange,
  'yellow',
  SEVERITY_COLORS.yellow,
  SEVERITY_COLORS.blue,
];

export function gridsGeoJSON(): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: LOUDI_GRIDS.map((g) => ({
      type: 'Feature',
      id: g.index,
      properties: { id: g.id, index: g.index },
      geometry: { type: 'Polygon', coordinates: [g.ring] },
    })),
  };
}

/**
 * The offline basemap and the situation layers as one declarative style. Geometry ships with the
 * app (`geo/*.json`, built from npm packages); no glyphs, sprites or tiles are fetched, so the
 * map works with no network. Labels are DOM text (see labels.ts).
 */
export function situationStyle(geoBase: string): StyleSpecification {
  const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
  return {
    version: 8,
    sources: {
      [SOURCES.world]: { type: 'geojson', data: `${geoBase}world.json` },
      [SOURCES.prefectures]: { type: 'geojson', data: `${geoBase}hunan-prefectures.json` },
      [SOURCES.counties]: { type: 'geojson', data: `${geoBase}loudi-counties.json` },
      [SOURCES.grids]: { type: 'geojson', data: gridsGeoJSON() },
      [SOURCES.incidents]: { type: 'geojson', data: empty, promoteId: 'id' },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': THEME.background } },
      { id: 'world-fill', type: 'fill', source: SOURCES.world, paint: { 'fill-color': THEME.land } },
      { id: 'world-line', type: 'line', source: SOURCES.world, paint: { 'line-color': THEME.landOutline, 'line-width': 0.8 } },
      {
        id: 'prefectures-line',
        type: 'line',
        source: SOURCES.prefectures,
        paint: { 'line-color': THEME.prefecture, 'line-width': 1, 'line-dasharray': [3, 2] },
      },
      { id: 'counties-fill', type: 'fill', source: SOURCES.counties, paint: { 'fill-color': THEME.county, 'fill-opacity': 0.9 } },
      {
        id: 'counties-line',
        type: 'line',
        source: SOURCES.counties,
        paint: { 'line-color': THEME.countyOutline, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 1, 12, 2.5] },
      },
      {
        id: 'grids-fill',
        type: 'fill',
        source: SOURCES.grids,
        paint: { 'fill-color': THEME.grid, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 9, 0.02, 13, 0.06] },
      },
      {
        id: LAYERS.gridsLine,
        type: 'line',
        source: SOURCES.grids,
        paint: { 'line-color': THEME.grid, 'line-opacity': 0.55, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.5, 14, 1.5] },
      },
      {
        id: LAYERS.incidents,
        type: 'circle',
        source: SOURCES.incidents,
        paint: {
          'circle-color': severityColor,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, ['match', ['get', 'severity'], 'red', 4, 'orange', 3.5, 2.5], 14, ['match', ['get', 'severity'], 'red', 9, 'orange', 8, 6]],
          'circle-opacity': ['case', ['==', ['get', 'open'], 1], 0.95, 0.45],
          'circle-stroke-color': '#0b1220',
          'circle-stroke-width': 0.8,
        },
        // Worst on top.
        layout: { 'circle-sort-key': ['match', ['get', 'severity'], 'red', 4, 'orange', 3, 'yellow', 2, 1] },
      },
      {
        id: LAYERS.selected,
        type: 'circle',
        source: SOURCES.incidents,
        filter: ['==', ['get', 'id'], ''],
        paint: {
          'circle-color': 'rgba(0,0,0,0)',
          'circle-radius': 14,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2.5,
        },
      },
    ],
  };
}
