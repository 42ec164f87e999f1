import type { ExpressionSpecification } from 'maplibre-gl';
import { SEVERITIES } from '@shared/domain/severity';
import { SEVERITY_COLORS } from '../colors';
import { categoryLabel, gridLabel, shortTime } from '../../format';
import { defineOverlay } from '../overlay';
import { empty, HEAT_WEIGHT_OF_RANK, severityByRank, TEXT } from '../paint';
import { LAYER_GROUPS } from '../layer-groups';

/** Incidents zoomed out further than this are clustered. */
const CLUSTER_MAX_ZOOM = 11;
export const INCIDENTS_SOURCE = 'incidents';

/** Category marks drawn inside incident points when zoomed in, as a `match` over category codes. */
export function categoryMarkExpression(marks: Record<string, string>): ExpressionSpecification {
  const pairs = Object.entries(marks).flat();
  return (pairs.length ? ['match', ['get', 'cat'], ...pairs, '·'] : ['literal', '·']) as unknown as ExpressionSpecification;
}

/**
 * Incidents by severity, clustered when zoomed out. The points are uploaded by the map module as
 * diffs (see SituationMap.setIncidents); the heatmap draws from the same source.
 */
export default defineOverlay({
  id: 'incidents',
  group: {
    ...LAYER_GROUPS.incidents,
    legend: { kind: 'swatches', items: SEVERITIES.map((s) => ({ shape: 'round' as const, color: SEVERITY_COLORS[s], labelKey: `severityShort.${s}` })) },
  },
  sources: () => ({
    [INCIDENTS_SOURCE]: {
      type: 'geojson',
      data: empty(),
      promoteId: 'id',
      cluster: true,
      clusterMaxZoom: CLUSTER_MAX_ZOOM,
      clusterRadius: 42,
      clusterProperties: { maxSev: ['max', ['get', 'sev']], sumW: ['+', HEAT_WEIGHT_OF_RANK] },
    },
  }),
  layers: (s) => [
    {
      z: 170,
      layer: {
        id: 'incident-clusters',
        type: 'circle',
        source: INCIDENTS_SOURCE,
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': severityByRank(['get', 'maxSev']),
          'circle-opacity': 0.8,
          'circle-stroke-color': '#0b1220',
          'circle-stroke-width': 1.5,
          'circle-radius': ['step', ['get', 'point_count'], 11, 20, 15, 100, 20, 1000, 26],
        },
      },
    },
    {
      z: 180,
      layer: {
        id: 'incident-cluster-count',
        type: 'symbol',
        source: INCIDENTS_SOURCE,
        filter: ['has', 'point_count'],
        layout: { ...TEXT, 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 12, 'text-allow-overlap': true },
        paint: { 'text-color': '#0b1220' },
      },
    },
    {
      z: 190,
      layer: {
        id: 'incidents-circle',
        type: 'circle',
        source: INCIDENTS_SOURCE,
        filter: ['!', ['has', 'point_count']],
        // Worst on top: the map module orders features by severity (a sort key would cost a sort per tile).
        paint: {
          'circle-color': severityByRank(['get', 'sev']),
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, ['match', ['get', 'sev'], 4, 4, 3, 3.5, 2.5], 14, ['match', ['get', 'sev'], 4, 9, 3, 8, 6], 16, 11],
          'circle-opacity': ['case', ['==', ['get', 'open'], 1], 0.95, 0.45],
          'circle-stroke-color': '#0b1220',
          'circle-stroke-width': 0.8,
        },
      },
    },
    {
      z: 200,
      layer: {
        id: 'incidents-mark',
        type: 'symbol',
        source: INCIDENTS_SOURCE,
        minzoom: 14.5,
        filter: ['!', ['has', 'point_count']],
        layout: { ...TEXT, 'text-field': categoryMarkExpression(s.marks), 'text-size': 11, 'text-allow-overlap': true },
        paint: { 'text-color': '#0b1220' },
      },
    },
  ],
  data: ({ situation }) => ({ points: situation.visible, clock: situation.clock }),
  apply: ({ points, clock }, m) => m.setIncidents(points, clock),
  relabel: (m, s) => m.map.setLayoutProperty('incidents-mark', 'text-field', categoryMarkExpression(s.marks)),
  interactive: [
    { layer: 'incidents-circle', kind: 'incident', rank: 20, pointer: true, click: (f, m) => typeof f.properties.id === 'string' && m.selectIncident(f.properties.id) },
    { layer: 'incident-clusters', kind: 'cluster', rank: 30, pointer: true, click: (f, m) => m.expandCluster(INCIDENTS_SOURCE, f) },
  ],
  tooltip: (h, { t, locale, situation }) => {
    if (h.kind === 'cluster') return { title: t('sitmap.tooltip.cluster', { n: h.props.point_count }), lines: [] };
    const i = situation.visible.find((x) => x.id === h.id);
    if (!i) return null;
    return {
      title: i.title,
      lines: [
        `${t(`severity.${i.severity}`)} · ${categoryLabel(i.category, locale)}`,
        `${gridLabel(i.gridId, locale) ?? t('detail.outsideGrids')} · ${t(`status.${situation.statusOf(i)}`)} · ${shortTime(i.reportedAt)}`,
      ],
      color: SEVERITY_COLORS[i.severity],
    };
  },
});
