import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only what the printed briefing draws: bars and a line, drawn as SVG so they print as vectors.
use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

export type { ECharts, EChartsCoreOption };

/** A chart for paper: SVG, no animation (the page is printed as soon as it says it is drawn). */
export function createPrintChart(el: HTMLElement, width: number, height: number): ECharts {
  return init(el, undefined, { renderer: 'svg', width, height });
}
