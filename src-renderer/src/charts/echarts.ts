import { BarChart, FunnelChart, HeatmapChart, LineChart } from 'echarts/charts';
import { CalendarComponent, DataZoomComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { init, registerTheme, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { CHART_THEME, CHART_THEME_NAME } from './theme';

// Only the charts and components the Analysis view draws: tree-shaken, in the view's own chunk.
use([BarChart, LineChart, HeatmapChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, CalendarComponent, VisualMapComponent, DataZoomComponent, CanvasRenderer]);
registerTheme(CHART_THEME_NAME, CHART_THEME);

export type { ECharts, EChartsCoreOption };

/**
 * The charts on screen by name, with a count of finished draws and whether options given through
 * `drawChart` are still being drawn: end-to-end tests and the benchmark read the instances' options
 * and wait for `drawn` to move and `pending` to clear (readiness signals, not sleeps).
 */
export interface ChartRegistry {
  charts: Record<string, ECharts>;
  drawn: Record<string, number>;
  /** True from `drawChart` until ECharts reports that frame (and any animation) finished. */
  pending: Record<string, boolean>;
}
declare global {
  interface Window {
    __ccCharts?: ChartRegistry;
  }
}
const registry = (): ChartRegistry => (window.__ccCharts ??= { charts: {}, drawn: {}, pending: {} });

/** Creates a chart in the console's dark theme, registered under `name`. */
export function createChart(el: HTMLElement, name: string): ECharts {
  const chart = init(el, CHART_THEME_NAME, { renderer: 'canvas' });
  chart.on('finished', () => {
    const r = registry();
    r.drawn[name] = (r.drawn[name] ?? 0) + 1;
    r.pending[name] = false;
  });
  registry().charts[name] = chart;
  return chart;
}

/** Replaces a chart's options; the chart is `pending` until they are drawn. */
export function drawChart(name: string, chart: ECharts, option: EChartsCoreOption): void {
  registry().pending[name] = true;
  chart.setOption(option, { notMerge: true });
}

export function disposeChart(name: string, chart: ECharts): void {
  const r = registry();
  if (r.charts[name] === chart) {
    delete r.charts[name];
    delete r.pending[name];
  }
  chart.dispose();
}
