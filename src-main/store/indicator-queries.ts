import { DailyCounts } from './daily-counts';
import { dailySums, filterSql, rollupSums, type RollupKey } from './incident-rollup';
import { StageDurations } from './stage-durations';
import { categoryInfo } from '@shared/domain/categories';
import { chinaDayStart } from '@shared/domain/china-time';
import {
  comparisonRanges,
  computeIndicators,
  indicatorChange,
  type IndicatorChange,
  type IndicatorValues,
} from '@shared/domain/indicators';
import type { Severity } from '@shared/domain/incident';
import type { Db } from './database';

/**
 * The catalogue's indicators (src-shared/domain/indicators.ts) from SQL, for a time range and a
 * filter, as a whole, with 同比 and 环比, and broken down by category, grid, time bucket and
 * stage of the case flow — each chart of an analysis one call. Cases belong to a range by when
 * they were reported; all SQL is parameterized. Counts, rework and on-time closures come from the
 * analysis roll-up (incident-rollup.ts), kept on write; only overdue (which depends on now) and
 * the partial days at a range's ends read the incidents table.
 */

const OFFSET = 8 * 3_600_000;

export interface IndicatorRange {
  from: number;
  to: number;
}

/** Which cases count: any of these categories, grids, sources, severities (empty or absent: all). */
export interface IndicatorFilter {
  categories?: string[] | undefined;
  grids?: string[] | undefined;
  sources?: string[] | undefined;
  severities?: Severity[] | undefined;
}

export interface IndicatorReport {
  range: IndicatorRange;
  filter: IndicatorFilter;
  current: IndicatorValues;
  /** 环比: the period just before, of the same length (the previous month for a calendar month). */
  previous: IndicatorValues;
  previousRange: IndicatorRange;
  /** 同比: the same period a year earlier. */
  lastYear: IndicatorValues;
  lastYearRange: IndicatorRange;
  mom: IndicatorChange;
  yoy: IndicatorChange;
  /** A chosen compare-with range, when one was given. */
  compare?: { range: IndicatorRange; values: IndicatorValues; change: IndicatorChange };
}

export interface IndicatorBreakdownRow {
  key: string;
  zh: string;
  en: string;
  values: IndicatorValues;
}

export type TimeBucket = 'hour' | 'day' | 'week' | 'month';

export interface FunnelStage {
  stage: 'reported' | 'registered' | 'dispatched' | 'handling' | 'feedback' | 'closed';
  /** Cases that reached this stage or went past it. */
  reached: number;
  /** Cases in this stage now. */
  waiting: number;
  /** Of those, past the stage's limit now. */
  overdue: number;
}

/** The first instant of the day, week (from Monday) or month a China day falls in. */
function bucketStart(day: number, bucket: Exclude<TimeBucket, 'hour'>): number {
  if (bucket === 'day') return chinaDayStart(day);
  // 1970-01-05 was a Monday.
  if (bucket === 'week') return chinaDayStart(day - ((((day - 4) % 7) + 7) % 7));
  const d = new Date(day * 86_400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - OFFSET;
}

const FLOW = ['reported', 'registered', 'dispatched', 'handling', 'feedback', 'closed'] as const;

type Dim = RollupKey;
const DIM_SQL: Record<Dim, string> = { category: 'i.category', grid: "coalesce(i.grid_id, '')", none: "''" };

export class IndicatorQueries {
  private readonly counts: DailyCounts;

  constructor(private readonly db: Db) {
    this.counts = new DailyCounts(db);
  }

  /**
   * Open cases past their deadline now, per key and status, through the open cases' due index
   * (closed and cancelled cases have no deadline).
   */
  private overdue(dim: Dim, range: IndicatorRange, filter: IndicatorFilter, now: number): { k: string; s: string; n: number }[] {
    const f = filterSql(filter, 'incidents');
    return this.db
      .prepare(
        `SELECT ${DIM_SQL[dim]} AS k, i.status AS s, count(*) AS n FROM incidents i INDEXED BY incidents_open_due
         WHERE i.due_at IS NOT NULL AND i.due_at < ? AND i.reported_at >= ? AND i.reported_at < ?${f.sql} GROUP BY 1, 2`,
      )
      .all(now, range.from, range.to, ...f.params) as { k: string; s: string; n: number }[];
  }

  /**
   * Indicators per key of one dimension (`none`: one row with key ''): counts, rework and on-time
   * closures from the roll-up (incident-rollup.ts), overdue from the open cases now.
   */
  private valuesBy(dim: Dim, range: IndicatorRange, filter: IndicatorFilter, now: number): Map<string, IndicatorValues> {
    const stageTimes = this.avgStageMinutes(range, filter);
    const inputs = new Map<string, { byStatus: Record<string, number>; overdue: number; rework: number; onTime: number }>();
    const entry = (k: string): { byStatus: Record<string, number>; overdue: number; rework: number; onTime: number } => {
      let x = inputs.get(k);
      if (!x) {
        x = { byStatus: {}, overdue: 0, rework: 0, onTime: 0 };
        inputs.set(k, x);
      }
      return x;
    };
    for (const r of rollupSums(this.db, dim, range.from, range.to, filter)) {
      const x = entry(r.k);
      x.byStatus[r.s] = (x.byStatus[r.s] ?? 0) + r.n;
      x.rework += r.rework;
      x.onTime += r.onTime;
    }
    for (const r of this.overdue(dim, range, filter, now)) {
      const x = inputs.get(r.k);
      if (x) x.overdue += r.n;
    }
    if (dim === 'none') entry('');
    const out = new Map<string, IndicatorValues>();
    for (const [k, x] of inputs) {
      out.set(
        k,
        computeIndicators({
          byStatus: x.byStatus,
          overdue: x.overdue,
          rework: x.rework,
          onTimeClosed: x.onTime,
          // Stage times are kept per category and day: a breakdown by category gets its own.
          avgStageMinutes: dim === 'category' ? this.avgStageMinutes(range, { ...filter, categories: [k] }) : stageTimes,
        }),
      );
    }
    return out;
  }

  /** Mean minutes per stage over the stages that ended on the range's days (by category; grids are not kept). */
  private avgStageMinutes(range: IndicatorRange, filter: IndicatorFilter): Record<string, number> {
    return new StageDurations(this.db).averageMinutes(range.from, range.to, filter.categories);
  }


  /** The headline indicators for a range and filter. */
  indicators(range: IndicatorRange, filter: IndicatorFilter, now: number): IndicatorValues {
    return this.valuesBy('none', range, filter, now).get('')!;
  }

  /** Headline indicators with 环比 (previous period) and 同比 (same period last year), and an optional compare-with range. */
  report(range: IndicatorRange, filter: IndicatorFilter, now: number, compare?: IndicatorRange): IndicatorReport {
    const current = this.indicators(range, filter, now);
    const { previous: previousRange, lastYear: lastYearRange } = comparisonRanges(range.from, range.to);
    const previous = this.indicators(previousRange, filter, now);
    const lastYear = this.indicators(lastYearRange, filter, now);
    const out: IndicatorReport = {
      range,
      filter,
      current,
      previous,
      previousRange,
      lastYear,
      lastYearRange,
      mom: indicatorChange(current, previous),
      yoy: indicatorChange(current, lastYear),
    };
    if (compare) {
      const values = this.indicators(compare, filter, now);
      out.compare = { range: compare, values, change: indicatorChange(current, values) };
    }
    return out;
  }

  /** Indicators per category (every category with cases in the range), most received first. */
  byCategory(range: IndicatorRange, filter: IndicatorFilter, now: number): IndicatorBreakdownRow[] {
    return this.rows('category', range, filter, now, (k) => categoryInfo(k) ?? { zh: k, en: k });
  }

  /** Indicators per grid ('' outside every grid), most received first. */
  byGrid(range: IndicatorRange, filter: IndicatorFilter, now: number): IndicatorBreakdownRow[] {
    return this.rows('grid', range, filter, now, (k) => ({ zh: k || '网格外', en: k || 'outside the grids' }));
  }

  private rows(dim: Dim, range: IndicatorRange, filter: IndicatorFilter, now: number, name: (k: string) => { zh: string; en: string }): IndicatorBreakdownRow[] {
    return [...this.valuesBy(dim, range, filter, now)]
      .map(([key, values]) => ({ key, zh: name(key).zh, en: name(key).en, values }))
      .sort((a, b) => b.values.received - a.values.received || a.key.localeCompare(b.key));
  }

  /**
   * Received and closed per hour, day, week (from Monday) or month, China time; empty buckets
   * left out. Days, weeks and months add whole days from the daily counts; hours count incidents.
   */
  byTime(range: IndicatorRange, filter: IndicatorFilter, bucket: TimeBucket): { t: number; received: number; closed: number }[] {
    if (bucket === 'hour') return this.byHour(range, filter);
    const at = new Map<number, { t: number; received: number; closed: number }>();
    for (const r of dailySums(this.db, this.counts, range.from, range.to, filter)) {
      const t = bucketStart(r.day, bucket);
      let x = at.get(t);
      if (!x) {
        x = { t, received: 0, closed: 0 };
        at.set(t, x);
      }
      if (r.s !== 'rejected' && r.s !== 'duplicate') x.received += r.n;
      if (r.s === 'closed') x.closed += r.n;
    }
    return [...at.values()].sort((a, b) => a.t - b.t);
  }

  private byHour(range: IndicatorRange, filter: IndicatorFilter): { t: number; received: number; closed: number }[] {
    const f = filterSql(filter, 'incidents');
    return this.db
      .prepare(
        `SELECT ((i.reported_at + 28800000) / 3600000) * 3600000 - 28800000 AS t, sum(i.status NOT IN ('rejected', 'duplicate')) AS received,
           sum(i.status = 'closed') AS closed
         FROM incidents i WHERE i.reported_at >= ? AND i.reported_at < ?${f.sql} GROUP BY 1 ORDER BY 1`,
      )
      .all(range.from, range.to, ...f.params) as { t: number; received: number; closed: number }[];
  }

  /** Daily received counts over a range (the calendar heatmap): `day` is the China date (YYYY-MM-DD). */
  dailyCounts(range: IndicatorRange, filter: IndicatorFilter): { day: string; n: number }[] {
    return this.byTime(range, filter, 'day').map((r) => ({ day: new Date(r.t + OFFSET).toISOString().slice(0, 10), n: r.received }));
  }

  /**
   * The case flow as a funnel: discover → register → dispatch → handle → feedback → close, how
   * many cases reached each stage, how many wait there now and how many of those are overdue.
   * Cancelled cases count as having been received only.
   */
  funnel(range: IndicatorRange, filter: IndicatorFilter, now: number): FunnelStage[] {
    const overdue = new Map(this.overdue('none', range, filter, now).map((r) => [r.s, r.n]));
    const rows = rollupSums(this.db, 'none', range.from, range.to, filter).map((r) => ({ s: r.s, n: r.n, overdue: overdue.get(r.s) ?? 0 }));
    const at = new Map(rows.map((r) => [r.s, r]));
    return FLOW.map((stage, idx) => {
      let reached = 0;
      for (const later of FLOW.slice(idx)) reached += at.get(later)?.n ?? 0;
      if (idx === 0) reached += at.get('cancelled')?.n ?? 0;
      return { stage, reached, waiting: stage === 'closed' ? 0 : (at.get(stage)?.n ?? 0), overdue: stage === 'closed' ? 0 : (at.get(stage)?.overdue ?? 0) };
    });
  }
}
