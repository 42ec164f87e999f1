import type { FilterSpecification } from 'maplibre-gl';
import { PALETTE } from '../../theme/tokens';
import { defineOverlay } from '../overlay';

const grids = (ids: readonly string[]): FilterSpecification => ['in', ['get', 'id'], ['literal', [...ids]]];

/**
 * The grids the one filter picked (a bar of the Analysis view's grid ranking, the grid chooser)
 * outlined and lightly filled, and the grid under the pointer in that ranking outlined dashed:
 * the chart and the map point at the same grid. Drawn over the grids' own source.
 */
export default defineOverlay({
  id: 'grid-focus',
  layers: () => [
    { z: 95, layer: { id: 'grid-focus-fill', type: 'fill', source: 'grids', filter: grids([]), paint: { 'fill-color': PALETTE.accent.light, 'fill-opacity': 0.14 } } },
    { z: 96, layer: { id: 'grid-focus-line', type: 'line', source: 'grids', filter: grids([]), paint: { 'line-color': PALETTE.accent.light, 'line-width': 3.5 } } },
    {
      z: 97,
      layer: {
        id: 'grid-focus-hover',
        type: 'line',
        source: 'grids',
        filter: grids([]),
        paint: { 'line-color': PALETTE.accent.light, 'line-width': 2.5, 'line-dasharray': [2, 1.5] },
      },
    },
  ],
  data: ({ filter }) => ({ selected: [...filter.gridIds], hover: filter.hoverGridId }),
  apply: ({ selected, hover }, m) => {
    m.map.setFilter('grid-focus-fill', grids(selected));
    m.map.setFilter('grid-focus-line', grids(selected));
    m.map.setFilter('grid-focus-hover', grids(hover ? [hover] : []));
  },
});
