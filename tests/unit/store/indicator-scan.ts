import { CaseClockLimits } from '../../../src-main/store/case-clock-limits';
import { StageDurations } from '../../../src-main/store/stage-durations';
import { categoryInfo, categorySystem } from '@shared/domain/categories';
import { CLOCK_STAGES, StageLimits } from '@shared/domain/case-clock';
import {
  comparisonRanges,
  computeIndicators,
  indicatorChange,
  type IndicatorChange,
  type IndicatorValues,
} from '@shared/domain/indicators';
import { addWorkingMinutes } from '@shared/domain/working-time';
import type { Severity } from '@shared/domain/incident';
import type { Db } from '../../../src-main/store/database';

/**
 * The indicator queries as they were before the roll-up (migration 0008): every figure counted
 * from the incidents table and its history, on-time closure computed per closed case. Kept as the
 * reference the roll-up's answers are compared with (indicator-rollup.test.ts).
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

const FLOW = ['reported', 'registered', 'dispatched', 'handling', 'feedback', 'closed'] as const;

type Dim = 'category' | 'grid' | 'none';
const DIM_SQL: Record<Dim, string> = { category: 'i.category', grid: "coalesce(i.grid_id, '')", none: "''" };

export class IndicatorScan {
  private readonly limits: StageLimits;

  constructor(private readonly db: Db) {
    this.limits = new CaseClockLimits(db).current;
  }

  private where(range: IndicatorRange, f: IndicatorFilter): { sql: string; params: unknown[] } {
    const parts = ['i.reported_at >= ?', 'i.reported_at < ?'];
    const params: unknown[] = [range.from, range.to];
    const any = (column: string, values: readonly string[] | undefined): void => {
      if (!values?.length) return;
      parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    any('i.category', f.categories);
    any("coalesce(i.grid_id, '')", f.grids);
    any('i.source', f.sources);
    any('i.severity', f.severities);
    return { sql: parts.join(' AND '), params };
  }

  /** Indicators per key of one dimension (`none`: one row with key ''). */
  private valuesBy(dim: Dim, range: IndicatorRange, filter: IndicatorFilter, now: number): Map<string, IndicatorValues> {
    const w = this.where(range, filter);
    const key = DIM_SQL[dim];
    const statusRows = this.db
      .prepare(`SELECT ${key} AS k, i.status AS s, count(*) AS n, sum(i.due_at IS NOT NULL AND i.due_at < ?) AS overdue FROM incidents i WHERE ${w.sql} GROUP BY 1, 2`)
      .all(now, ...w.params) as { k: string; s: string; n: number; overdue: number }[];
    const rework = new Map(
      (
        this.db
          .prepare(
            `SELECT ${key} AS k, count(*) AS n FROM incident_history h JOIN incidents i ON i.id = h.incident_id
             WHERE h.from_status = 'feedback' AND h.to_status = 'handling' AND ${w.sql} GROUP BY 1`,
          )
          .all(...w.params) as { k: string; n: number }[]
      ).map((r) => [r.k, r.n]),
    );
    const onTime = this.onTimeClosed(key, w);
    const stageTimes = this.avgStageMinutes(range, filter);
    const inputs = new Map<string, { byStatus: Record<string, number>; overdue: number }>();
    for (const r of statusRows) {
      const x = inputs.get(r.k) ?? { byStatus: {}, overdue: 0 };
      x.byStatus[r.s] = (x.byStatus[r.s] ?? 0) + r.n;
      x.overdue += r.overdue;
      inputs.set(r.k, x);
    }
    if (dim === 'none' && !inputs.has('')) inputs.set('', { byStatus: {}, overdue: 0 });
    const out = new Map<string, IndicatorValues>();
    for (const [k, x] of inputs) {
      out.set(
        k,
        computeIndicators({
          byStatus: x.byStatus,
          overdue: x.overdue,
          rework: rework.get(k) ?? 0,
          onTimeClosed: onTime.get(k) ?? 0,
          // Stage times are kept per category and day: a breakdown by category gets its own.
          avgStageMinutes: dim === 'category' ? this.avgStageMinutes(range, { ...filter, categories: [k] }) : stageTimes,
        }),
      );
    }
    return out;
  }

  /**
   * Closed cases closed within their limit: the sum of their category's stage limits, in working
   * hours on working days (grid governance, city management) or around the clock (emergencies).
   * The closing time is the source's own (Open311 `updated_datetime`) when it gave one, else when
   * the case history recorded the closure.
   */
  private onTimeClosed(key: string, w: { sql: string; params: unknown[] }): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT ${key} AS k, i.category AS c, i.reported_at AS r,
           coalesce(unixepoch(json_extract(i.raw, '$.updated_datetime')) * 1000,
                    (SELECT max(h.at) FROM incident_history h WHERE h.incident_id = i.id AND h.to_status = 'closed'),
                    i.updated_at) AS closedAt
         FROM incidents i WHERE i.status = 'closed' AND ${w.sql}`,
      )
      .iterate(...w.params) as Iterable<{ k: string; c: string; r: number; closedAt: number }>;
    const out = new Map<string, number>();
    const budget = new Map<string, number>();
    for (const row of rows) {
      let minutes = budget.get(row.c);
      if (minutes === undefined) {
        minutes = CLOCK_STAGES.reduce((s, stage) => s + this.limits.minutes(row.c, stage), 0);
        budget.set(row.c, minutes);
      }
      const due = categorySystem(row.c) === 'em' ? row.r + minutes * 60_000 : addWorkingMinutes(row.r, minutes);
      if (row.closedAt <= due) out.set(row.k, (out.get(row.k) ?? 0) + 1);
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

  /** Received and closed per hour, day, week (from Monday) or month, China time; empty buckets left out. */
  byTime(range: IndicatorRange, filter: IndicatorFilter, bucket: TimeBucket): { t: number; received: number; closed: number }[] {
    const w = this.where(range, filter);
    const local = '(i.reported_at + 28800000)';
    const keySql: Record<TimeBucket, string> = {
      hour: `(${local} / 3600000) * 3600000 - 28800000`,
      day: `(${local} / 86400000) * 86400000 - 28800000`,
      // 1970-01-05 was a Monday.
      week: `((${local} - 345600000) / 604800000) * 604800000 + 345600000 - 28800000`,
      month: `(unixepoch(strftime('%Y-%m-01', ${local} / 1000, 'unixepoch')) * 1000 - 28800000)`,
    };
    return this.db
      .prepare(
        `SELECT ${keySql[bucket]} AS t, sum(i.status NOT IN ('rejected', 'duplicate')) AS received, sum(i.status = 'closed') AS closed
         FROM incidents i WHERE ${w.sql} GROUP BY 1 ORDER BY 1`,
      )
      .all(...w.params) as { t: number; received: number; closed: number }[];
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
    const w = this.where(range, filter);
    const rows = this.db
      .prepare(`SELECT i.status AS s, count(*) AS n, sum(i.due_at IS NOT NULL AND i.due_at < ?) AS overdue FROM incidents i WHERE ${w.sql} GROUP BY 1`)
      .all(now, ...w.params) as { s: string; n: number; overdue: number }[];
    const at = new Map(rows.map((r) => [r.s, r]));
    return FLOW.map((stage, idx) => {
      let reached = 0;
      for (const later of FLOW.slice(idx)) reached += at.get(later)?.n ?? 0;
      if (idx === 0) reached += at.get('cancelled')?.n ?? 0;
      return { stage, reached, waiting: stage === 'closed' ? 0 : (at.get(stage)?.n ?? 0), overdue: stage === 'closed' ? 0 : (at.get(stage)?.overdue ?? 0) };
    });
  }
}
