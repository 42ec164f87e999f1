import { FONT_FAMILY, PALETTE } from '../theme/tokens';

/** The one ECharts theme, derived from the design tokens: dark surfaces, the console's text and accents. */
export const CHART_THEME_NAME = 'cc-dark';

/** Series colours: the accent first, then the warning colours, then the softer text tones. */
export const SERIES_COLORS = [PALETTE.accent.primary, PALETTE.severity.orange, PALETTE.accent.ok, PALETTE.severity.yellow, PALETTE.accent.light, PALETTE.severity.red, PALETTE.text.place];

const axis = {
  axisLine: { lineStyle: { color: PALETTE.border.strong } },
  axisTick: { lineStyle: { color: PALETTE.border.strong } },
  axisLabel: { color: PALETTE.text.dim },
  splitLine: { lineStyle: { color: PALETTE.surface.rowLine } },
  nameTextStyle: { color: PALETTE.text.muted },
};

export const CHART_THEME = {
  color: SERIES_COLORS,
  backgroundColor: PALETTE.surface.panel,
  textStyle: { color: PALETTE.text.normal, fontFamily: FONT_FAMILY },
  title: { textStyle: { color: PALETTE.text.strong, fontSize: 14, fontWeight: 600 }, subtextStyle: { color: PALETTE.text.muted } },
  legend: { textStyle: { color: PALETTE.text.label } },
  tooltip: { backgroundColor: PALETTE.surface.raised, borderColor: PALETTE.border.normal, textStyle: { color: PALETTE.text.strong } },
  categoryAxis: axis,
  valueAxis: axis,
  timeAxis: axis,
  calendar: {
    itemStyle: { color: PALETTE.surface.base, borderColor: PALETTE.surface.rowLine },
    splitLine: { lineStyle: { color: PALETTE.border.normal } },
    dayLabel: { color: PALETTE.text.dim },
    monthLabel: { color: PALETTE.text.dim },
    yearLabel: { color: PALETTE.text.muted },
  },
  visualMap: { textStyle: { color: PALETTE.text.dim } },
  funnel: { label: { color: PALETTE.text.strong } },
};

/** The heat scale of the calendar: from the panel colour to the strongest warning colour. */
export const HEAT_SCALE = [PALETTE.surface.selected, PALETTE.accent.primary, PALETTE.severity.yellow, PALETTE.severity.orange, PALETTE.severity.red];
