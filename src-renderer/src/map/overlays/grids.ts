import { gridInfo } from '@shared/geo/grids';
import { THEME } from '../colors';
import { gridLabel } from '../../format';
import { defineOverlay, type MapHover, type Tooltip, type TooltipContext } from '../overlay';
import { HALO, TEXT } from '../paint';
import { LAYER_GROUPS } from '../layer-groups';

/** The tooltip of a grid (also the grid situation layer's). */
export function gridTooltip(h: MapHover, { t, locale, situation }: TooltipContext): Tooltip {
  const id = String(h.props.id ?? '');
  const g = situation.counters.byGrid.get(id);
  const name = gridInfo(id) ? (gridLabel(id, locale) ?? id) : id;
  const r = g?.closureRate;
  const percent = r === null || r === undefined ? t('sitmap.tooltip.none') : `${Math.round(r * 100)}%`;
  return { title: t('sitmap.tooltip.grid', { grid: name, n: g?.count ?? 0, o: g?.overdue ?? 0, r: percent }), lines: [] };
}

/** Loudi's 39 responsibility grids: outlines, a faint fill and their numbers. */
export default defineOverlay({
  id: 'grids',
  group: { ...LAYER_GROUPS.grids, legend: { kind: 'swatches', items: [{ shape: 'line', color: THEME.grid }] } },
  // Feature ids are the grid indexes: the grid situation layer sets its values as feature state.
  sources: (s) => ({ grids: { type: 'geojson', data: s.grids } }),
  layers: (s) => [
    {
      z: 60,
      layer: { id: 'grids-fill', type: 'fill', source: 'grids', paint: { 'fill-color': THEME.grid, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 9, 0.02, 13, 0.06] } },
    },
    {
      z: 70,
      layer: {
        id: 'grids-line',
        type: 'line',
        source: 'grids',
        paint: { 'line-color': THEME.grid, 'line-opacity': 0.55, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.5, 14, 1.5] },
      },
    },
    {
      z: 240,
      layer: {
        id: 'grids-label',
        type: 'symbol',
        source: 'grids',
        minzoom: 12,
        layout: { ...TEXT, 'text-field': ['get', s.gridLabelField], 'text-size': 11 },
        paint: { 'text-color': '#7fe3da', 'text-opacity': 0.85, ...HALO },
      },
    },
  ],
  relabel: (m, s) => m.map.setLayoutProperty('grids-label', 'text-field', ['get', s.gridLabelField]),
  interactive: [{ layer: 'grids-fill', kind: 'grid', rank: 90, pointer: false }],
  tooltip: gridTooltip,
});
