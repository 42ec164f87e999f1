import type { FeatureCollection } from 'geojson';
import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import { HEAT_WEIGHT, type GridMeasure } from '@shared/map/situation';
import { MAP_FONT, MAP_FONT_FACES } from '../styles/fonts';
import { GRID_RAMPS, HEAT_RAMP, SEVERITY_COLORS, THEME, VEHICLE_COLORS } from './colors';

/**
 * The situation map as one declarative style: every source and layer the map owns is declared
 * here, grouped into the layer groups a person can switch on and off in the legend. Nothing is
 * fetched from the network: geometry ships with the app, and labels are drawn from the console's
 * own font (no `glyphs` URL: maplibre rasterises every glyph, Chinese and Latin, from the bundled
 * Noto Sans SC files declared in `font-faces`, then the font stack below).
 */

export const SOURCES = {
  world: 'world',
  prefectures: 'hunan-prefectures',
  counties: 'loudi-counties',
  countyLabels: 'county-labels',
  grids: 'grids',
  incidents: 'incidents',
  selected: 'incident-selected',
  alerts: 'alert-areas',
  sensors: 'sensor-stations',
  cameras: 'cameras',
  vehicles: 'vehicles',
  trails: 'vehicle-trails',
  draw: 'draw',
  nearest: 'nearest',
} as const;

export const LAYERS = {
  incidents: 'incidents-circle',
  incidentMarks: 'incidents-mark',
  clusters: 'incident-clusters',
  clusterCount: 'incident-cluster-count',
  selected: 'incidents-selected',
  heat: 'incidents-heat',
  gridsLine: 'grids-line',
  gridsLabel: 'grids-label',
  gridSituation: 'grid-situation-fill',
  countiesLabel: 'counties-label',
  alertsFill: 'alerts-fill',
  alertsLine: 'alerts-line',
  sensors: 'sensors-circle',
  cameras: 'cameras-point',
  cameraClusters: 'camera-clusters',
  vehicles: 'vehicles-circle',
  trails: 'vehicle-trails',
} as const;

/** Layer groups: one legend entry and one toggle each. */
export const LAYER_GROUPS = {
  admin: ['world-fill', 'world-line', 'prefectures-line', 'counties-fill', 'counties-line', LAYERS.countiesLabel],
  grids: ['grids-fill', LAYERS.gridsLine, LAYERS.gridsLabel],
  gridSituation: [LAYERS.gridSituation],
  heatmap: [LAYERS.heat],
  incidents: [LAYERS.clusters, LAYERS.clusterCount, LAYERS.incidents, LAYERS.incidentMarks],
  alerts: [LAYERS.alertsFill, LAYERS.alertsLine],
  cameras: [LAYERS.cameraClusters, 'camera-cluster-count', LAYERS.cameras],
  vehicles: [LAYERS.trails, LAYERS.vehicles],
  sensors: [LAYERS.sensors],
} as const;
export type LayerGroup = keyof typeof LAYER_GROUPS;
export const LAYER_GROUP_IDS = Object.keys(LAYER_GROUPS) as LayerGroup[];

/** What a person sees first: the live picture without the heavier analysis layers. */
export const DEFAULT_VISIBLE: Record<LayerGroup, boolean> = {
  admin: true,
  grids: true,
  gridSituation: false,
  heatmap: false,
  incidents: true,
  alerts: true,
  cameras: false,
  vehicles: true,
  sensors: true,
};

/** The bundled font (drawn from its `font-faces` files), then workstation fonts; maplibre appends a generic fallback. */
export const FONT_STACK = [MAP_FONT, 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC'];


/**
 * A point's heat weight from its severity rank (red 4 … blue 1), computed by maplibre rather than
 * carried as a property: one property fewer to serialise and tile per incident.
 */
const HEAT_WEIGHT_OF_RANK = ['match', ['get', 'sev'], 4, HEAT_WEIGHT.red, 3, HEAT_WEIGHT.orange, 2, HEAT_WEIGHT.yellow, HEAT_WEIGHT.blue] as unknown as ExpressionSpecification;
/** Incidents zoomed out further than this are clustered. */
export const CLUSTER_MAX_ZOOM = 11;

const severityByRank = (rank: ExpressionSpecification): ExpressionSpecification => [
  'match',
  rank,
  4,
  SEVERITY_COLORS.red,
  3,
  SEVERITY_COLORS.orange,
  2,
  SEVERITY_COLORS.yellow,
  SEVERITY_COLORS.blue,
];

const levelColor = (prop: string, fallback: string): ExpressionSpecification => [
  'match',
  ['get', prop],
  'red',
  SEVERITY_COLORS.red,
  'orange',
  SEVERITY_COLORS.orange,
  'yellow',
  SEVERITY_COLORS.yellow,
  'blue',
  SEVERITY_COLORS.blue,
  fallback,
];

/** Fill colour of the grid situation layer for a measure: feature-state `v` is the 0..1 value. */
export function gridSituationColor(measure: GridMeasure): DataDrivenPropertyValueSpecification<string> {
  const ramp = GRID_RAMPS[measure];
  const stops: (number | string)[] = [];
  ramp.forEach((c, i) => stops.push(i / (ramp.length - 1), c));
  return ['case', ['==', ['typeof', ['feature-state', 'v']], 'number'], ['interpolate', ['linear'], ['feature-state', 'v'], ...stops], 'rgba(0,0,0,0)'] as never;
}

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

/** Category marks drawn inside incident points when zoomed in, as a `match` over category codes. */
export function categoryMarkExpression(marks: Record<string, string>): ExpressionSpecification {
  const pairs = Object.entries(marks).flat();
  return (pairs.length ? ['match', ['get', 'cat'], ...pairs, '·'] : ['literal', '·']) as unknown as ExpressionSpecification;
}

export interface StyleInputs {
  geoBase: string;
  grids: FeatureCollection;
  visible: Record<LayerGroup, boolean>;
  gridMeasure: GridMeasure;
  marks: Record<string, string>;
  gridLabelField: 'zh' | 'en';
  /** County geometry already shifted to the display datum (otherwise the bundled file is used as is). */
  countiesData?: FeatureCollection | undefined;
  /** Sources and layers of a configured basemap, drawn under everything else; none for the bundled one. */
  basemap?: { sources: Record<string, SourceSpecification>; layers: LayerSpecification[]; sprite?: string | undefined };
}

export function situationStyle(i: StyleInputs): StyleSpecification {
  const offline = !i.basemap;
  const vis = (g: LayerGroup): 'visible' | 'none' => (i.visible[g] ? 'visible' : 'none');
  const text = { 'text-font': FONT_STACK, 'text-allow-overlap': false } as const;
  const halo = { 'text-halo-color': THEME.background, 'text-halo-width': 1.5 } as const;
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': THEME.background } },
    ...(i.basemap?.layers ?? []),
    { id: 'world-fill', type: 'fill', source: SOURCES.world, layout: { visibility: offline ? vis('admin') : 'none' }, paint: { 'fill-color': THEME.land } },
    { id: 'world-line', type: 'line', source: SOURCES.world, layout: { visibility: vis('admin') }, paint: { 'line-color': THEME.landOutline, 'line-width': 0.8 } },
    {
      id: 'prefectures-line',
      type: 'line',
      source: SOURCES.prefectures,
      layout: { visibility: vis('admin') },
      paint: { 'line-color': THEME.prefecture, 'line-width': 1, 'line-dasharray': [3, 2] },
    },
    {
      id: 'counties-fill',
      type: 'fill',
      source: SOURCES.counties,
      layout: { visibility: vis('admin') },
      paint: { 'fill-color': THEME.county, 'fill-opacity': offline ? 0.9 : 0 },
    },
    {
      id: LAYERS.gridSituation,
      type: 'fill',
      source: SOURCES.grids,
      layout: { visibility: vis('gridSituation') },
      paint: { 'fill-color': gridSituationColor(i.gridMeasure), 'fill-opacity': 0.78 },
    },
    {
      id: 'grids-fill',
      type: 'fill',
      source: SOURCES.grids,
      layout: { visibility: vis('grids') },
      paint: { 'fill-color': THEME.grid, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 9, 0.02, 13, 0.06] },
    },
    {
      id: LAYERS.gridsLine,
      type: 'line',
      source: SOURCES.grids,
      layout: { visibility: vis('grids') },
      paint: { 'line-color': THEME.grid, 'line-opacity': 0.55, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.5, 14, 1.5] },
    },
    {
      id: LAYERS.alertsFill,
      type: 'fill',
      source: SOURCES.alerts,
      layout: { visibility: vis('alerts') },
      paint: { 'fill-color': levelColor('severity', SEVERITY_COLORS.yellow), 'fill-opacity': 0.22 },
    },
    {
      id: LAYERS.alertsLine,
      type: 'line',
      source: SOURCES.alerts,
      layout: { visibility: vis('alerts') },
      paint: { 'line-color': levelColor('severity', SEVERITY_COLORS.yellow), 'line-width': 2.5, 'line-dasharray': [4, 2] },
    },
    {
      id: LAYERS.heat,
      type: 'heatmap',
      source: SOURCES.incidents,
      layout: { visibility: vis('heatmap') },
      paint: {
        // Zoomed out, a cluster stands for its incidents with their summed weight.
        'heatmap-weight': ['case', ['has', 'point_count'], ['get', 'sumW'], HEAT_WEIGHT_OF_RANK],
        'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 15, 2],
        'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 8, 8, 12, 22, 16, 40],
        'heatmap-opacity': 0.85,
        'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'], 0, HEAT_RAMP[0], 0.15, HEAT_RAMP[1], 0.35, HEAT_RAMP[2], 0.55, HEAT_RAMP[3], 0.75, HEAT_RAMP[4], 1, HEAT_RAMP[5]],
      },
    },
    {
      id: 'counties-line',
      type: 'line',
      source: SOURCES.counties,
      layout: { visibility: vis('admin') },
      paint: { 'line-color': THEME.countyOutline, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 1, 12, 2.5] },
    },
    {
      id: LAYERS.trails,
      type: 'line',
      source: SOURCES.trails,
      layout: { visibility: vis('vehicles'), 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': ['match', ['get', 'kind'], ...Object.entries(VEHICLE_COLORS).flat(), '#ffffff'] as never, 'line-width': 2, 'line-opacity': 0.6 },
    },
    {
      id: LAYERS.cameraClusters,
      type: 'circle',
      source: SOURCES.cameras,
      filter: ['has', 'point_count'],
      layout: { visibility: vis('cameras') },
      paint: {
        'circle-color': THEME.camera,
        'circle-opacity': 0.35,
        'circle-stroke-color': THEME.camera,
        'circle-stroke-width': 1,
        'circle-radius': ['step', ['get', 'point_count'], 9, 50, 13, 500, 18],
      },
    },
    {
      id: 'camera-cluster-count',
      type: 'symbol',
      source: SOURCES.cameras,
      filter: ['has', 'point_count'],
      layout: { visibility: vis('cameras'), ...text, 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 10 },
      paint: { 'text-color': '#efe6ff' },
    },
    {
      id: LAYERS.cameras,
      type: 'circle',
      source: SOURCES.cameras,
      filter: ['!', ['has', 'point_count']],
      layout: { visibility: vis('cameras') },
      paint: {
        'circle-color': ['match', ['get', 'status'], 'online', THEME.camera, '#6b6b7b'],
        'circle-radius': 4,
        'circle-stroke-color': THEME.background,
        'circle-stroke-width': 1,
      },
    },
    {
      id: LAYERS.sensors,
      type: 'circle',
      source: SOURCES.sensors,
      layout: { visibility: vis('sensors') },
      paint: {
        'circle-color': levelColor('level', THEME.sensor),
        'circle-radius': 5,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: LAYERS.clusters,
      type: 'circle',
      source: SOURCES.incidents,
      filter: ['has', 'point_count'],
      layout: { visibility: vis('incidents') },
      paint: {
        'circle-color': severityByRank(['get', 'maxSev']),
        'circle-opacity': 0.8,
        'circle-stroke-color': '#0b1220',
        'circle-stroke-width': 1.5,
        'circle-radius': ['step', ['get', 'point_count'], 11, 20, 15, 100, 20, 1000, 26],
      },
    },
    {
      id: LAYERS.clusterCount,
      type: 'symbol',
      source: SOURCES.incidents,
      filter: ['has', 'point_count'],
      layout: { visibility: vis('incidents'), ...text, 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 12, 'text-allow-overlap': true },
      paint: { 'text-color': '#0b1220' },
    },
    {
      id: LAYERS.incidents,
      type: 'circle',
      source: SOURCES.incidents,
      filter: ['!', ['has', 'point_count']],
      // Worst on top: the map module orders features by severity (a sort key would cost a sort per tile).
      layout: { visibility: vis('incidents') },
      paint: {
        'circle-color': severityByRank(['get', 'sev']),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, ['match', ['get', 'sev'], 4, 4, 3, 3.5, 2.5], 14, ['match', ['get', 'sev'], 4, 9, 3, 8, 6], 16, 11],
        'circle-opacity': ['case', ['==', ['get', 'open'], 1], 0.95, 0.45],
        'circle-stroke-color': '#0b1220',
        'circle-stroke-width': 0.8,
      },
    },
    {
      id: LAYERS.incidentMarks,
      type: 'symbol',
      source: SOURCES.incidents,
      minzoom: 14.5,
      filter: ['!', ['has', 'point_count']],
      layout: { visibility: vis('incidents'), ...text, 'text-field': categoryMarkExpression(i.marks), 'text-size': 11, 'text-allow-overlap': true },
      paint: { 'text-color': '#0b1220' },
    },
    {
      id: LAYERS.vehicles,
      type: 'circle',
      source: SOURCES.vehicles,
      layout: { visibility: vis('vehicles') },
      paint: {
        'circle-color': ['match', ['get', 'kind'], ...Object.entries(VEHICLE_COLORS).flat(), '#ffffff'] as never,
        'circle-radius': 6,
        'circle-stroke-color': '#0b1220',
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'nearest-line',
      type: 'line',
      source: SOURCES.nearest,
      paint: { 'line-color': THEME.nearest, 'line-width': 1.2, 'line-dasharray': [2, 2], 'line-opacity': 0.8 },
    },
    {
      id: LAYERS.countiesLabel,
      type: 'symbol',
      source: SOURCES.countyLabels,
      layout: { visibility: vis('admin'), ...text, 'text-field': ['get', 'name'], 'text-size': 15, 'text-letter-spacing': 0.15 },
      paint: { 'text-color': '#9fc3ef', ...halo },
    },
    {
      id: LAYERS.gridsLabel,
      type: 'symbol',
      source: SOURCES.grids,
      minzoom: 12,
      layout: { visibility: vis('grids'), ...text, 'text-field': ['get', i.gridLabelField], 'text-size': 11 },
      paint: { 'text-color': '#7fe3da', 'text-opacity': 0.85, ...halo },
    },
    {
      id: LAYERS.selected,
      type: 'circle',
      source: SOURCES.selected,
      paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 14, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 },
    },
    {
      id: 'draw-fill',
      type: 'fill',
      source: SOURCES.draw,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': THEME.draw, 'fill-opacity': 0.12 },
    },
    {
      id: 'draw-line',
      type: 'line',
      source: SOURCES.draw,
      paint: { 'line-color': THEME.draw, 'line-width': 2, 'line-dasharray': [3, 1.5] },
    },
    {
      id: 'draw-point',
      type: 'circle',
      source: SOURCES.draw,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-color': THEME.draw, 'circle-radius': 4 },
    },
  ];
  return {
    version: 8,
    'font-faces': MAP_FONT_FACES,
    ...(i.basemap?.sprite ? { sprite: i.basemap.sprite } : {}),
    sources: {
      ...(i.basemap?.sources ?? {}),
      [SOURCES.world]: { type: 'geojson', data: `${i.geoBase}world.json` },
      [SOURCES.prefectures]: { type: 'geojson', data: `${i.geoBase}hunan-prefectures.json` },
      [SOURCES.counties]: { type: 'geojson', data: i.countiesData ?? `${i.geoBase}loudi-counties.json` },
      [SOURCES.countyLabels]: { type: 'geojson', data: empty() },
      [SOURCES.grids]: { type: 'geojson', data: i.grids },
      [SOURCES.incidents]: {
        type: 'geojson',
        data: empty(),
        promoteId: 'id',
        cluster: true,
        clusterMaxZoom: CLUSTER_MAX_ZOOM,
        clusterRadius: 42,
        clusterProperties: { maxSev: ['max', ['get', 'sev']], sumW: ['+', HEAT_WEIGHT_OF_RANK] },
      },
      [SOURCES.selected]: { type: 'geojson', data: empty() },
      [SOURCES.alerts]: { type: 'geojson', data: empty() },
      [SOURCES.sensors]: { type: 'geojson', data: empty(), promoteId: 'id' },
      // No promoteId: camera ids are 20-digit GB/T 28181 codes, too large for a vector-tile feature id.
      [SOURCES.cameras]: { type: 'geojson', data: empty(), cluster: true, clusterMaxZoom: 14, clusterRadius: 36 },
      [SOURCES.vehicles]: { type: 'geojson', data: empty(), promoteId: 'id' },
      [SOURCES.trails]: { type: 'geojson', data: empty() },
      [SOURCES.draw]: { type: 'geojson', data: empty() },
      [SOURCES.nearest]: { type: 'geojson', data: empty() },
    },
    layers,
  };
}
