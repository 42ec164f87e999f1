import { HEAT_RAMP } from '../colors';
import { defineOverlay } from '../overlay';
import { HEAT_WEIGHT_OF_RANK } from '../paint';
import { INCIDENTS_SOURCE } from './incidents';
import { LAYER_GROUPS } from '../layer-groups';

/** Incident density weighted by severity, drawn from the incidents' own (clustered) source. */
export default defineOverlay({
  id: 'heatmap',
  group: { ...LAYER_GROUPS.heatmap, legend: { kind: 'ramp', colors: HEAT_RAMP.slice(1) } },
  layers: () => [
    {
      z: 100,
      layer: {
        id: 'incidents-heat',
        type: 'heatmap',
        source: INCIDENTS_SOURCE,
        paint: {
          // Zoomed out, a cluster stands for its incidents with their summed weight.
          'heatmap-weight': ['case', ['has', 'point_count'], ['get', 'sumW'], HEAT_WEIGHT_OF_RANK],
          'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 15, 2],
          'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 8, 8, 12, 22, 16, 40],
          'heatmap-opacity': 0.85,
          'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'], 0, HEAT_RAMP[0], 0.15, HEAT_RAMP[1], 0.35, HEAT_RAMP[2], 0.55, HEAT_RAMP[3], 0.75, HEAT_RAMP[4], 1, HEAT_RAMP[5]],
        },
      },
    },
  ],
});
