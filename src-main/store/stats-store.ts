import type { CaseStats, GridLeagueRow } from '@shared/domain/case';
import { DAY_MS, chinaDayStart } from '@shared/domain/china-time';
import { DailyCounts } from './daily-counts';
import type { Db } from './sqlite-file';
import { StageDurations } from './stage-durations';

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

/**
 * Aggregations served from SQL: whole days from the trigger-maintained daily counts (0004), the
 * partial days at the ends of a range from `incidents` through its time index. So a count over a
 * million rows reads a few thousand count rows, not a million incidents.
 */
export class StatsStore {
  private readonly daily: DailyCounts;
  private readonly durations: StageDurations;

  constructor(private readonly db: Db) {
    this.daily = new DailyCounts(db);
    this.durations = new StageDurations(db);
  }

  stats(range: StatsRange, now: number): CaseStats {
    this.daily.beginRead();
    const byCategoryStatus = this.daily.counts('c', range.from, range.to);
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
      bySeverity: flatten(this.daily.counts('s', range.from, range.to)),
      byGrid: flatten(this.daily.counts('g', range.from, range.to)),
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
    return this.durations.averageMinutes(from, to);
  }

  /** Incident counts per hour, day or week. Hours come from the incidents (ranges up to 31 days). */
  series(bucket: 'hour' | 'day' | 'week', from?: number, to?: number): { t: number; n: number }[] {
    if (bucket === 'hour') {
      if (from === undefined || to === undefined || to - from > 31 * DAY_MS) throw new RangeError('hourly series need a range of at most 31 days');
      return this.db
        .prepare('SELECT (reported_at / 3600000) * 3600000 AS t, count(*) AS n FROM incidents WHERE reported_at >= ? AND reported_at < ? GROUP BY 1 ORDER BY 1')
        .all(from, to) as { t: number; n: number }[];
    }
    const perDay = this.daily.perDay(from, to);
    const out = new Map<number, number>();
    for (const [day, n] of perDay) {
      if (!n) continue;
      // Weeks start on Monday; 1970-01-01 was a Thursday.
      const key = bucket === 'day' ? day : day - ((day + 3) % 7);
      out.set(key, (out.get(key) ?? 0) + n);
    }
    return [...out].sort((a, b) => a[0] - b[0]).map(([d, n]) => ({ t: chinaDayStart(d), n }));
  }

  /** Per-grid league table over the range: closure rate first, then fewest overdue. */
  league(range: StatsRange, now: number): GridLeagueRow[] {
    this.daily.beginRead();
    const counts = this.daily.counts('g', range.from, range.to);
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
