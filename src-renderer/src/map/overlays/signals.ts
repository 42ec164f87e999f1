import type { FilterSpecification } from 'maplibre-gl';
import { PALETTE } from '../../theme/tokens';
import { defineOverlay } from '../overlay';
import { LAYER_GROUPS } from '../layer-groups';

const NONE: FilterSpecification = ['in', ['get', 'id'], ['literal', []]];

function gridFilter(ids: readonly string[]): FilterSpecification {
  return ['in', ['get', 'id'], ['literal', [...ids]]];
}

/**
 * 研判信号: the grids of the current detection signals outlined in the signal colour (thicker for
 * the selected signal's), drawn over the grids' own source.
 */
export default defineOverlay({
  id: 'signals',
  group: {
    ...LAYER_GROUPS.signals,
    legend: { kind: 'swatches', items: [{ shape: 'line', color: PALETTE.accent.signal }] },
  },
  layers: () => [
    { z: 92, layer: { id: 'signals-fill', type: 'fill', source: 'grids', filter: NONE, paint: { 'fill-color': PALETTE.accent.signal, 'fill-opacity': 0.12 } } },
    { z: 93, layer: { id: 'signals-line', type: 'line', source: 'grids', filter: NONE, paint: { 'line-color': PALETTE.accent.signal, 'line-width': 3 } } },
    { z: 94, layer: { id: 'signals-selected', type: 'line', source: 'grids', filter: NONE, paint: { 'line-color': PALETTE.accent.signal, 'line-width': 6, 'line-blur': 1 } } },
  ],
  shown: ({ signals }) => void signals.load(),
  data: ({ signals }) => signals.outlined,
  apply: (outlined, m) => {
    const all = [...outlined.keys()];
    const selected = all.filter((g) => outlined.get(g)!.selected);
    m.map.setFilter('signals-fill', gridFilter(all));
    m.map.setFilter('signals-line', gridFilter(all));
    m.map.setFilter('signals-selected', gridFilter(selected));
  },
  interactive: [{ layer: 'signals-fill', kind: 'signal', rank: 80, pointer: false }],
  tooltip: (h, { t, signals }) => {
    const id = String(h.props.id ?? '');
    const here = signals.signals.filter((s) => s.grids.includes(id));
    return { title: t('sitmap.tooltip.signals', { n: here.length }), lines: here.slice(0, 4).map((s) => `${t(`signals.method.${s.method}`)} · ${s.observed}/${s.expected.toFixed(1)}`), color: PALETTE.accent.signal };
  },
});
