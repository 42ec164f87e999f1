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
 * The charts on screen by name, with a count of finished draws: end-to-end tests and the benchmark
 * read the instances' options and wait for `drawn` to move (a readiness signal, not a sleep).
 */
export interface ChartRegistry {
  charts: Record<string, ECharts>;
  drawn: Record<string, number>;
}
declare global {
  interface Window {
    __ccCharts?: ChartRegistry;
  }
}
const registry = (): ChartRegistry => (window.__ccCharts ??= { charts: {}, drawn: {} });

/** Creates a chart in the console's dark theme, registered under `name`. */
export function createChart(el: HTMLElement, name: string): ECharts {
  const chart = init(el, CHART_THEME_NAME, { renderer: 'canvas' });
  chart.on('finished', () => {
    const r = registry();
    r.drawn[name] = (r.drawn[name] ?? 0) + 1;
  });
  registry().charts[name] = chart;
  return chart;
}

export function disposeChart(name: string, chart: ECharts): void {
  const r = registry();
  if (r.charts[name] === chart) delete r.charts[name];
  chart.dispose();
}
