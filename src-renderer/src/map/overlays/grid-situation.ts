import type { DataDrivenPropertyValueSpecification } from 'maplibre-gl';
import { LOUDI_GRIDS } from '@shared/geo/grids';
import type { GridMeasure } from '@shared/map/situation';
import { GRID_RAMPS } from '../colors';
import { defineOverlay } from '../overlay';
import { gridTooltip } from './grids';
import { LAYER_GROUPS } from '../layer-groups';

/** Fill colour of the grid situation layer for a measure: feature-state `v` is the 0..1 value. */
export function gridSituationColor(measure: GridMeasure): DataDrivenPropertyValueSpecification<string> {
  const ramp = GRID_RAMPS[measure];
  const stops: (number | string)[] = [];
  ramp.forEach((c, i) => stops.push(i / (ramp.length - 1), c));
  return ['case', ['==', ['typeof', ['feature-state', 'v']], 'number'], ['interpolate', ['linear'], ['feature-state', 'v'], ...stops], 'rgba(0,0,0,0)'] as never;
}

/** The grids coloured by a measure (count, overdue, closure rate) of the situation at the clock. */
export default defineOverlay({
  id: 'grid-situation',
  group: { ...LAYER_GROUPS.gridSituation, legend: { kind: 'gridMeasure' } },
  layers: (s) => [
    {
      z: 50,
      layer: { id: 'grid-situation-fill', type: 'fill', source: 'grids', paint: { 'fill-color': gridSituationColor(s.gridMeasure), 'fill-opacity': 0.78 } },
    },
  ],
  data: ({ situation, layers }) => ({ values: situation.gridValues.values, measure: layers.gridMeasure }),
  apply: ({ values, measure }, m) => {
    for (const g of LOUDI_GRIDS) m.map.setFeatureState({ source: 'grids', id: g.index }, { v: values.get(g.id) ?? null });
    m.map.setPaintProperty('grid-situation-fill', 'fill-color', gridSituationColor(measure));
  },
  interactive: [{ layer: 'grid-situation-fill', kind: 'grid', rank: 80, pointer: false }],
  tooltip: gridTooltip,
});
