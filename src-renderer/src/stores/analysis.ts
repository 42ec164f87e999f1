import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { z } from 'zod';
import type { AnalysisFilter, BreakdownRowSchema, FunnelStageSchema, IndicatorReportSchema, SeriesPointSchema } from '@shared/analysis';
import type { Status } from '@shared/domain/incident';
import { ALL_CATEGORIES, CATEGORY_SYSTEMS, type CategorySystem } from '@shared/domain/categories';
import { api } from '../api/client';
import { bucketFor, calendarRange, compareRange, presetRange, type CompareChoice, type Range, type RangePreset } from '../analysis/ranges';
import { useSituationFilterStore } from './situation-filter';

export type IndicatorReport = z.infer<typeof IndicatorReportSchema>;
export type BreakdownRow = z.infer<typeof BreakdownRowSchema>;
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;
export type FunnelStage = z.infer<typeof FunnelStageSchema>;

/** Category codes of a system (城市管理 = every `cm.` code). */
export const systemCodes = (s: CategorySystem): string[] => ALL_CATEGORIES.filter((c) => c.code.startsWith(`${s}.`)).map((c) => c.code);

/** The system a category selection stands for, when it is exactly one system's codes. */
export function selectedSystem(codes: readonly string[]): CategorySystem | undefined {
  return CATEGORY_SYSTEMS.find((s) => {
    const all = systemCodes(s);
    return all.length === codes.length && all.every((c) => codes.includes(c));
  });
}

/**
 * The Analysis view's data: the range (a preset or custom) and the compare-with range, and each
 * chart's figures. The cross-filter is the situation filter itself (categories, grids, statuses,
 * and a day as its custom window), so a click here filters the map and the incident list too.
 */
export const useAnalysisStore = defineStore('analysis', () => {
  const filterStore = useSituationFilterStore();
  const preset = ref<RangePreset>('30d');
  const custom = ref<Range>({ from: Date.now() - 7 * 86_400_000, to: Date.now() });
  const compareChoice = ref<CompareChoice>('previous');
  const compareCustom = ref<Range>({ from: Date.now() - 14 * 86_400_000, to: Date.now() - 7 * 86_400_000 });
  /** "Now" for the presets, moved on each refresh. */
  const now = ref(Date.now());
  /** A day picked on the calendar or the line (drill-down): it narrows the range. */
  const day = ref<Range | null>(null);

  const baseRange = computed(() => presetRange(preset.value, now.value, custom.value));
  const range = computed<Range>(() => day.value ?? baseRange.value);
  const compare = computed(() => compareRange(compareChoice.value, range.value, compareCustom.value));
  const filter = computed<AnalysisFilter>(() => {
    const f: AnalysisFilter = {};
    if (filterStore.categories.length) f.categories = [...filterStore.categories];
    if (filterStore.gridIds.length) f.grids = [...filterStore.gridIds];
    if (filterStore.severities.length) f.severities = [...filterStore.severities];
    return f;
  });

  const report = shallowRef<IndicatorReport | null>(null);
  const byCategory = shallowRef<BreakdownRow[]>([]);
  const byGrid = shallowRef<BreakdownRow[]>([]);
  const series = shallowRef<SeriesPoint[]>([]);
  const bucket = ref<'hour' | 'day' | 'week' | 'month'>('day');
  const calendar = shallowRef<SeriesPoint[]>([]);
  const calendarSpan = ref<Range>(calendarRange(range.value));
  const funnel = shallowRef<FunnelStage[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** Increments when a load has landed: the view's readiness signal. */
  const loaded = ref(0);
  /** Milliseconds the last load's queries took (all charts, in parallel). */
  const lastQueryMs = ref(0);
  let seq = 0;

  async function load(): Promise<void> {
    const my = ++seq;
    loading.value = true;
    const r = range.value;
    const f = filter.value;
    const cmp = compare.value;
    const b = bucketFor(r);
    const cal = calendarRange(r);
    const started = performance.now();
    try {
      const [rep, cats, grids, ser, calSeries, fun] = await Promise.all([
        api.analysisIndicators({ range: r, filter: f, ...(cmp && cmp.to > cmp.from ? { compare: cmp } : {}) }),
        api.analysisBreakdown({ range: r, filter: f, by: 'category' }),
        api.analysisBreakdown({ range: r, filter: f, by: 'grid' }),
        api.analysisSeries({ range: r, filter: f, bucket: b }),
        api.analysisSeries({ range: cal, filter: f, bucket: 'day' }),
        api.analysisFunnel({ range: r, filter: f }),
      ]);
      if (my !== seq) return;
      report.value = rep;
      byCategory.value = cats;
      byGrid.value = grids;
      series.value = ser;
      bucket.value = b;
      calendar.value = calSeries;
      calendarSpan.value = cal;
      funnel.value = fun;
      error.value = null;
      lastQueryMs.value = performance.now() - started;
      loaded.value++;
    } catch (e) {
      if (my === seq) error.value = (e as Error).message;
    } finally {
      if (my === seq) loading.value = false;
    }
  }

  /** The China month the range ends in (`YYYY-MM`): the monthly report's month. */
  const reportMonth = computed(() => {
    const d = new Date(range.value.to - 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  });
  /** The monthly analysis report (月度分析) of `reportMonth` with the current filter, made by the services as `cli report` makes it. */
  async function monthlyReport(): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer> }> {
    const r = await api.analysisReport({ month: reportMonth.value, filter: filter.value });
    return { fileName: r.fileName, bytes: Uint8Array.from(atob(r.base64), (c) => c.charCodeAt(0)) };
  }

  function refresh(): Promise<void> {
    now.value = Date.now();
    return load();
  }

  watch([range, compare, filter], () => void load(), { deep: true });

  /** Cross-filter actions: each replaces that dimension's selection (a second click clears it). */
  function pickCategory(code: string): void {
    filterStore.categories = filterStore.categories.length === 1 && filterStore.categories[0] === code ? [] : [code];
  }
  function pickGrid(id: string): void {
    filterStore.gridIds = filterStore.gridIds.length === 1 && filterStore.gridIds[0] === id ? [] : [id];
  }
  function pickSystem(s: CategorySystem | null): void {
    filterStore.categories = s ? systemCodes(s) : [];
  }
  /** A day (or a bucket) of the time charts: the range, and the map's and list's window. */
  function pickDay(from: number, to: number): void {
    day.value = { from, to };
    filterStore.custom = [from, to];
    filterStore.window = 'custom';
  }
  /** A funnel stage: the cases at that stage (the map and the list; the analysis queries have no status filter). */
  function pickStage(stage: Status): void {
    filterStore.statuses = filterStore.statuses.length === 1 && filterStore.statuses[0] === stage ? [] : [stage];
  }
  function clearDay(): void {
    day.value = null;
    filterStore.window = '24h';
  }

  return {
    reportMonth,
    monthlyReport,
    preset,
    custom,
    compareChoice,
    compareCustom,
    day,
    range,
    baseRange,
    compare,
    filter,
    report,
    byCategory,
    byGrid,
    series,
    bucket,
    calendar,
    calendarSpan,
    funnel,
    loading,
    error,
    loaded,
    lastQueryMs,
    load,
    refresh,
    pickCategory,
    pickGrid,
    pickSystem,
    pickDay,
    pickStage,
    clearDay,
  };
});
