import type { EChartsCoreOption } from 'echarts/core';
import { PALETTE } from '../theme/tokens';
import { HEAT_SCALE } from '../charts/theme';

/**
 * Each chart's ECharts option from the store's figures: pure functions (no ECharts import), so
 * the view stays thin and the shapes are testable. Selected keys are drawn brighter.
 */
export interface Labelled {
  key: string;
  label: string;
  received: number;
  closed: number;
}

const selectedColor = PALETTE.severity.yellow;

/**
 * No animation: after a click every chart shows the new figures in the next frame instead of
 * morphing for 300 ms (the analyst clicks again and again, and the whole view must be redrawn
 * within 300 ms of a click). ECharts treats each `notMerge` draw as a first draw, so turning off
 * only the update animation would not do.
 */
const MOTION = { animation: false } as const;

/** Bars per category: received and closed; the picked category in the highlight colour. */
export function categoryBarOption(rows: Labelled[], selected: readonly string[], names: { received: string; closed: string }): EChartsCoreOption {
  return {
    ...MOTION,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, right: 8, data: [names.received, names.closed] },
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0, fontSize: 11, width: 110, overflow: 'truncate' } },
    yAxis: { type: 'value' },
    series: [
      {
        name: names.received,
        type: 'bar',
        barMaxWidth: 48,
        data: rows.map((r) => ({ value: r.received, key: r.key, itemStyle: selected.includes(r.key) ? { color: selectedColor } : undefined })),
      },
      { name: names.closed, type: 'bar', barMaxWidth: 48, data: rows.map((r) => ({ value: r.closed, key: r.key })) },
    ],
  };
}

/** Grids ranked by received, horizontal bars, the first at the top. */
export function gridRankOption(rows: Labelled[], selected: readonly string[], name: string): EChartsCoreOption {
  const ranked = [...rows].sort((a, b) => a.received - b.received);
  return {
    ...MOTION,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: ranked.map((r) => r.label), axisLabel: { fontSize: 11 } },
    dataZoom: ranked.length > 15 ? [{ type: 'inside', yAxisIndex: 0, startValue: ranked.length - 15, endValue: ranked.length - 1 }] : [],
    series: [
      {
        name,
        type: 'bar',
        data: ranked.map((r) => ({ value: r.received, key: r.key, itemStyle: selected.includes(r.key) ? { color: selectedColor } : undefined })),
      },
    ],
  };
}

/** Received and closed over time. */
export function timeLineOption(points: { t: number; received: number; closed: number }[], names: { received: string; closed: string }): EChartsCoreOption {
  return {
    ...MOTION,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, right: 8, data: [names.received, names.closed] },
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'time' },
    yAxis: { type: 'value' },
    series: [
      { name: names.received, type: 'line', showSymbol: points.length < 60, sampling: 'lttb', data: points.map((p) => [p.t, p.received]) },
      { name: names.closed, type: 'line', showSymbol: points.length < 60, sampling: 'lttb', data: points.map((p) => [p.t, p.closed]) },
    ],
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');
/** A local date as `YYYY-MM-DD` (the calendar's key). */
export const dayKey = (t: number): string => {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** Daily counts over a year as a calendar heatmap. */
export function calendarOption(points: { t: number; received: number }[], span: { from: number; to: number }, locale: string): EChartsCoreOption {
  const max = points.reduce((m, p) => Math.max(m, p.received), 0);
  return {
    ...MOTION,
    tooltip: { formatter: (p: { value: [string, number] }) => `${p.value[0]}: ${p.value[1]}` },
    visualMap: { min: 0, max: Math.max(1, max), calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 80, inRange: { color: HEAT_SCALE } },
    calendar: {
      top: 24,
      left: 28,
      yearLabel: { show: false },
      right: 12,
      bottom: 36,
      cellSize: ['auto', 'auto'],
      range: [dayKey(span.from), dayKey(span.to - 1)],
      dayLabel: { nameMap: locale === 'en' ? 'EN' : 'ZH', firstDay: 1 },
      monthLabel: { nameMap: locale === 'en' ? 'EN' : 'ZH' },
    },
    series: [{ type: 'heatmap', coordinateSystem: 'calendar', data: points.map((p) => [dayKey(p.t), p.received]) }],
  };
}

/** The case flow as a funnel; each stage's label says how many wait there (and how many are overdue). */
export function funnelOption(stages: { key: string; label: string; reached: number; waiting: number; overdue: number }[], waitingLabel: (w: number, o: number) => string, selected: readonly string[]): EChartsCoreOption {
  return {
    ...MOTION,
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: 8,
        width: '55%',
        top: 8,
        bottom: 8,
        minSize: '12%',
        label: { position: 'right', formatter: (p: { name: string; value: number; dataIndex: number }) => `${p.name} ${p.value}\n${waitingLabel(stages[p.dataIndex]!.waiting, stages[p.dataIndex]!.overdue)}` },
        data: stages.map((s) => ({ name: s.label, value: s.reached, key: s.key, itemStyle: selected.includes(s.key) ? { color: selectedColor } : undefined })),
      },
    ],
  };
}
