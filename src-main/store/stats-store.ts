import type { CaseStats, GridLeagueRow } from '@shared/domain/case';
import { CLOCK_STAGES } from '@shared/domain/case-clock';
import type { Db } from './database';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** China Standard Time is UTC+8 all year: day and week buckets start at local midnight. */
const OFFSET = 8 * HOUR;
const dayOf = (t: number): number => Math.floor((t + OFFSET) / DAY);
const dayStart = (d: number): number => d * DAY - OFFSET;
/** Month number (year × 12 + month − 1) of a China day, and the first day of a month. */
const monthOfDay = (d: number): number => {
  const dt = new Date(d * DAY);
  return dt.getUTCFullYear() * 12 + dt.getUTCMonth();
};
const monthFirstDay = (m: number): number => Date.UTC(Math.floor(m / 12), m % 12, 1) / DAY;
const NO_LOWER = -1e9;
const NO_UPPER = 1e9;

/**
 * Statuses that do not count as accepted (received, 受理) cases: the city counts a case its system
 * lists as received (Open311 `open`, a report not yet registered) as received, so closure rate =
 * closed ÷ received (src-shared/domain/indicators.ts).
 */
const NOT_ACCEPTED = new Set(['rejected', 'duplicate']);

export interface StatsRange {
  from?: number | undefined;
  to?: number | undefined;
  bucket?: 'hour' | 'day' | 'week' | undefined;
}

type Dim = 'c' | 'g' | 's';
const COLUMN: Record<Dim, string> = { c: 'category', g: "coalesce(grid_id, '')", s: 'severity' };
const MONTHLY: Record<Dim, string> = { c: 'C', g: 'G', s: 'S' };
type EdgeRow = Record<Dim, string> & { status: string; n: number };

/**
 * Aggregations served from SQL: whole days from the trigger-maintained daily counts (0004), the
 * partial days at the ends of a range from `incidents` through its time index. So a count over a
 * million rows reads a few thousand count rows, not a million incidents.
 */
export class StatsStore {
  constructor(private readonly db: Db) {}

  /** Splits [from, to) into whole days [fullFrom, fullTo) and the partial edges. */
  private split(from: number | undefined, to: number | undefined): { fullFrom: number; fullTo: number; edges: [number, number][] } {
    const fullFrom = from === undefined ? NO_LOWER : dayStart(dayOf(from)) === from ? dayOf(from) : dayOf(from) + 1;
    const fullTo = to === undefined ? NO_UPPER : dayOf(to);
    if (from !== undefined && to !== undefined && fullFrom >= fullTo) return { fullFrom: 0, fullTo: 0, edges: [[from, to]] };
    const edges: [number, number][] = [];
    if (from !== undefined && dayStart(fullFrom) > from) edges.push([from, dayStart(fullFrom)]);
    if (to !== undefined && dayStart(fullTo) < to) edges.push([dayStart(fullTo), to]);
    return { fullFrom, fullTo, edges };
  }

  /** (key, status) → count for one dimension over [from, to). */
  private counts(dim: Dim, from?: number, to?: number): Map<string, Map<string, number>> {
    const out = new Map<string, Map<string, number>>();
    const add = (key: string, status: string, n: number): void => {
      const m = out.get(key) ?? new Map<string, number>();
      m.set(status, (m.get(status) ?? 0) + n);
      out.set(key, m);
    };
    const { fullFrom, fullTo, edges } = this.split(from, to);
    const sum = this.db.prepare('SELECT key, status, sum(n) AS n FROM incident_day_counts WHERE dim = ? AND day >= ? AND day < ? GROUP BY key, status');
    const read = (d: string, a: number, b: number): void => {
      if (a >= b) return;
      for (const r of sum.all(d, a, b) as { key: string; status: string; n: number }[]) add(r.key, r.status, r.n);
    };
    if (fullFrom < fullTo) {
      // Whole months from the monthly rows, the days around them from the daily rows.
      const mFrom = fullFrom === NO_LOWER ? NO_LOWER : monthFirstDay(monthOfDay(fullFrom)) === fullFrom ? monthOfDay(fullFrom) : monthOfDay(fullFrom) + 1;
      const mTo = fullTo === NO_UPPER ? NO_UPPER : monthOfDay(fullTo);
      if (mFrom < mTo) {
        read(MONTHLY[dim], mFrom, mTo);
        if (mFrom !== NO_LOWER) read(dim, fullFrom, monthFirstDay(mFrom));
        if (mTo !== NO_UPPER) read(dim, monthFirstDay(mTo), fullTo);
      } else {
        read(dim, fullFrom, fullTo);
      }
    }
    for (const [a, b] of edges) {
      for (const r of this.edgeRows(a, b)) add(r[dim], r.status, r.n);
    }
    return out;
  }

  private edgeCache?: { a: number; b: number; rows: EdgeRow[] };

  /**
   * Counts of a partial day straight from `incidents`, by every dimension at once: the three
   * dimensions of one aggregation share one read of the rows (the last one is remembered).
   */
  private edgeRows(a: number, b: number): EdgeRow[] {
    if (this.edgeCache?.a === a && this.edgeCache.b === b) return this.edgeCache.rows;
    const rows = this.db
      .prepare(
        `SELECT category AS c, ${COLUMN.g} AS g, severity AS s, status, count(*) AS n
         FROM incidents WHERE reported_at >= ? AND reported_at < ? GROUP BY 1, 2, 3, 4`,
      )
      .all(a, b) as EdgeRow[];
    this.edgeCache = { a, b, rows };
    return rows;
  }

  stats(range: StatsRange, now: number): CaseStats {
    this.edgeCache = undefined; // the incidents may have changed since the last aggregation
    const byCategoryStatus = this.counts('c', range.from, range.to);
    const byCategory: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    let total = 0;
    for (const [key, m] of byCategoryStatus) {
      for (const [status, n] of m) {
        if (n === 0) continue;
        byCategory[key] = (byCategory[key] ?? 0) + n;
        byStatus[status] = (byStatus[status] ?? 0) + n;
        total += n;
      }
    }
    const flatten = (m: Map<string, Map<string, number>>): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const [key, s] of m) {
        const n = [...s.values()].reduce((a, b) => a + b, 0);
        if (n) out[key] = n;
      }
      return out;
    };
    const accepted = Object.entries(byStatus).reduce((a, [s, n]) => a + (NOT_ACCEPTED.has(s) ? 0 : n), 0);
    const closed = byStatus.closed ?? 0;
    return {
      from: range.from ?? null,
      to: range.to ?? null,
      total,
      byCategory,
      byStatus,
      bySeverity: flatten(this.counts('s', range.from, range.to)),
      byGrid: flatten(this.counts('g', range.from, range.to)),
      accepted,
      closed,
      closureRate: accepted ? Math.round((closed / accepted) * 10_000) / 10_000 : 0,
      overdue: this.overdueCount(now),
      avgStageMinutes: this.avgStageMinutes(range.from, range.to),
      series: range.bucket ? this.series(range.bucket, range.from, range.to) : [],
    };
  }

  overdueCount(now: number): number {
    return this.db.prepare('SELECT count(*) FROM incidents WHERE due_at IS NOT NULL AND due_at < ?').pluck().get(now) as number;
  }

  /** Mean minutes per stage over the stages that ended on the (China time) days of the range. */
  avgStageMinutes(from?: number, to?: number): Record<string, number> {
    const rows = this.db
      .prepare('SELECT stage, sum(n) AS n, sum(total_ms) AS ms FROM stage_durations WHERE day >= ? AND day <= ? GROUP BY stage')
      .all(from === undefined ? -1e9 : dayOf(from), to === undefined ? 1e9 : dayOf(to - 1)) as { stage: string; n: number; ms: number }[];
    const out: Record<string, number> = {};
    for (const stage of CLOCK_STAGES) {
      const r = rows.find((x) => x.stage === stage);
      if (r && r.n > 0) out[stage] = Math.round((r.ms / r.n / 60_000) * 10) / 10;
    }
    return out;
  }

  /** Incident counts per hour, day or week. Hours come from the incidents (ranges up to 31 days). */
  series(bucket: 'hour' | 'day' | 'week', from?: number, to?: number): { t: number; n: number }[] {
    if (bucket === 'hour') {
      if (from === undefined || to === undefined || to - from > 31 * DAY) throw new RangeError('hourly series need a range of at most 31 days');
      return this.db
        .prepare('SELECT (reported_at / 3600000) * 3600000 AS t, count(*) AS n FROM incidents WHERE reported_at >= ? AND reported_at < ? GROUP BY 1 ORDER BY 1')
        .all(from, to) as { t: number; n: number }[];
    }
    const perDay = new Map<number, number>();
    const { fullFrom, fullTo, edges } = this.split(from, to);
    if (fullFrom < fullTo) {
      const rows = this.db
        .prepare("SELECT day, sum(n) AS n FROM incident_day_counts WHERE dim = 's' AND day >= ? AND day < ? GROUP BY day")
        .all(fullFrom, fullTo) as { day: number; n: number }[];
      for (const r of rows) perDay.set(r.day, r.n);
    }
    for (const [a, b] of edges) {
      const rows = this.db
        .prepare('SELECT (reported_at + ?) / ? AS day, count(*) AS n FROM incidents WHERE reported_at >= ? AND reported_at < ? GROUP BY 1')
        .all(OFFSET, DAY, a, b) as { day: number; n: number }[];
      for (const r of rows) perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.n);
    }
    const out = new Map<number, number>();
    for (const [day, n] of perDay) {
      if (!n) continue;
      // Weeks start on Monday; 1970-01-01 was a Thursday.
      const key = bucket === 'day' ? day : day - ((day + 3) % 7);
      out.set(key, (out.get(key) ?? 0) + n);
    }
    return [...out].sort((a, b) => a[0] - b[0]).map(([d, n]) => ({ t: dayStart(d), n }));
  }

  /** Per-grid league table over the range: closure rate first, then fewest overdue. */
  league(range: StatsRange, now: number): GridLeagueRow[] {
    this.edgeCache = undefined;
    const counts = this.counts('g', range.from, range.to);
    const open = new Map<string, { open: number; overdue: number }>();
    const rows = this.db
      .prepare(
        `SELECT coalesce(grid_id, '') AS g, count(*) AS open, sum(due_at < ?) AS overdue
         FROM incidents WHERE due_at IS NOT NULL GROUP BY 1`,
      )
      .all(now) as { g: string; open: number; overdue: number }[];
    for (const r of rows) open.set(r.g, { open: r.open, overdue: r.overdue });
    const keys = new Set([...counts.keys(), ...open.keys()]);
    keys.delete('');
    const league: GridLeagueRow[] = [];
    for (const gridId of keys) {
      const m = counts.get(gridId) ?? new Map<string, number>();
      let total = 0;
      let accepted = 0;
      for (const [s, n] of m) {
        total += n;
        if (!NOT_ACCEPTED.has(s)) accepted += n;
      }
      const closed = m.get('closed') ?? 0;
      const o = open.get(gridId) ?? { open: 0, overdue: 0 };
      league.push({
        gridId,
        total,
        accepted,
        closed,
        closureRate: accepted ? Math.round((closed / accepted) * 10_000) / 10_000 : 0,
        open: o.open,
        overdue: o.overdue,
      });
    }
    return league.sort((a, b) => b.closureRate - a.closureRate || a.overdue - b.overdue || a.gridId.localeCompare(b.gridId));
  }
}
