import { CHINA_OFFSET_MS, DAY_MS, chinaDay, chinaDayStart, chinaMonthFirstDay, chinaMonthOfDay } from '@shared/domain/china-time';
import type { Incident } from '@shared/domain/incident';
import type Database from 'better-sqlite3';
import { RollupBatch } from './incident-rollup';
import type { Db } from './sqlite-file';

/** The dimensions counted: category, grid, severity. */
export type CountDim = 'c' | 'g' | 's';

const NO_LOWER = -1e9;
const NO_UPPER = 1e9;
const MONTHLY: Record<CountDim, string> = { c: 'C', g: 'G', s: 'S' };
type EdgeRow = Record<CountDim, string> & { status: string; n: number };
interface PendingCount {
  day: number;
  category: string;
  grid: string;
  source: string;
  severity: string;
  status: string;
  n: number;
  onTime: number;
}

/** (key, status) → count. */
export type CountsByStatus = Map<string, Map<string, number>>;

/**
 * The incident counts per China day and month (`incident_day_counts`, migration 0004), written
 * and read here: one row per (dimension, period, key, status); dimension `c` is the category,
 * `g` the grid ('' outside every grid), `s` the severity, and `C`, `G`, `S` the same by month.
 *
 * New incidents are counted once per batch and key, in the writer's transaction (a per-row
 * trigger measured several times slower on ingest); triggers keep the counts through updates
 * and deletes. Reads add whole months, then whole days, from here, and count the partial days at
 * the ends of a range from `incidents` through its time index: a count over a million rows reads
 * a few thousand count rows, not a million incidents.
 */
export class DailyCounts {
  private countAdd?: Database.Statement;
  private readonly rollup: RollupBatch;
  /** New incidents in the current batch per (day, category, grid, severity, status). */
  private readonly pending = new Map<string, PendingCount>();
  /** China month of a China day, remembered: a batch spans few days. */
  private readonly monthOfDay = new Map<number, number>();
  private edgeCache?: { a: number; b: number; rows: EdgeRow[] };

  constructor(private readonly db: Db) {
    this.rollup = new RollupBatch(db);
  }

  // ── written ──

  /** Counts a newly inserted incident, closed on time or not (kept until `flush`, in the same transaction). */
  countNew(i: Incident, onTime: number | null = null): void {
    const day = chinaDay(i.reportedAt);
    const grid = i.gridId ?? '';
    const key = `${day}\u0000${i.category}\u0000${grid}\u0000${i.source}\u0000${i.severity}\u0000${i.status}`;
    const pending = this.pending.get(key);
    if (pending) {
      pending.n++;
      pending.onTime += onTime ?? 0;
    } else this.pending.set(key, { day, category: i.category, grid, source: i.source, severity: i.severity, status: i.status, n: 1, onTime: onTime ?? 0 });
  }

  /** Forgets what `countNew` collected (a batch starts, or its transaction failed). */
  discard(): void {
    this.pending.clear();
  }

  /**
   * Adds the batch's new incidents to the daily and monthly counts and to the analysis roll-up
   * (incident-rollup.ts; a new incident has no rework yet), one upsert per key.
   */
  flush(): void {
    const sums = new Map<string, { dim: string; period: number; key: string; status: string; n: number }>();
    const add = (dim: string, period: number, key: string, status: string, n: number): void => {
      const k = `${dim}\u0000${period}\u0000${key}\u0000${status}`;
      const row = sums.get(k);
      if (row) row.n += n;
      else sums.set(k, { dim, period, key, status, n });
    };
    const rolled = new Map<string, { period: number; c: PendingCount; n: number; onTime: number }>();
    for (const c of this.pending.values()) {
      let month = this.monthOfDay.get(c.day);
      if (month === undefined) {
        month = chinaMonthOfDay(c.day);
        this.monthOfDay.set(c.day, month);
      }
      this.rollup.addNew(0, c.day, c.category, c.grid, c.source, c.severity, c.status, c.n, c.onTime);
      const mk = `${month}\u0000${c.category}\u0000${c.grid}\u0000${c.source}\u0000${c.severity}\u0000${c.status}`;
      const m = rolled.get(mk);
      if (m) {
        m.n += c.n;
        m.onTime += c.onTime;
      } else rolled.set(mk, { period: month, c, n: c.n, onTime: c.onTime });
      add('c', c.day, c.category, c.status, c.n);
      add('g', c.day, c.grid, c.status, c.n);
      add('s', c.day, c.severity, c.status, c.n);
      add('C', month, c.category, c.status, c.n);
      add('G', month, c.grid, c.status, c.n);
      add('S', month, c.severity, c.status, c.n);
    }
    this.countAdd ??= this.db.prepare('INSERT INTO incident_day_counts VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n');
    for (const r of sums.values()) this.countAdd.run(r.dim, r.period, r.key, r.status, r.n);
    for (const { period, c, n, onTime } of rolled.values()) this.rollup.addNew(1, period, c.category, c.grid, c.source, c.severity, c.status, n, onTime);
    this.pending.clear();
  }

  // ── read ──

  /**
   * Starts a new aggregation: the partial days read from `incidents` are remembered within one
   * aggregation only (the incidents may have changed since the last one).
   */
  beginRead(): void {
    this.edgeCache = undefined;
  }

  /** Splits [from, to) into whole China days [fullFrom, fullTo) and the partial edges. */
  split(from: number | undefined, to: number | undefined): { fullFrom: number; fullTo: number; edges: [number, number][] } {
    const fullFrom = from === undefined ? NO_LOWER : chinaDayStart(chinaDay(from)) === from ? chinaDay(from) : chinaDay(from) + 1;
    const fullTo = to === undefined ? NO_UPPER : chinaDay(to);
    if (from !== undefined && to !== undefined && fullFrom >= fullTo) return { fullFrom: 0, fullTo: 0, edges: [[from, to]] };
    const edges: [number, number][] = [];
    if (from !== undefined && chinaDayStart(fullFrom) > from) edges.push([from, chinaDayStart(fullFrom)]);
    if (to !== undefined && chinaDayStart(fullTo) < to) edges.push([chinaDayStart(fullTo), to]);
    return { fullFrom, fullTo, edges };
  }

  /** (key, status) → count for one dimension over [from, to). */
  counts(dim: CountDim, from?: number, to?: number): CountsByStatus {
    const out: CountsByStatus = new Map();
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
      const mFrom =
        fullFrom === NO_LOWER ? NO_LOWER : chinaMonthFirstDay(chinaMonthOfDay(fullFrom)) === fullFrom ? chinaMonthOfDay(fullFrom) : chinaMonthOfDay(fullFrom) + 1;
      const mTo = fullTo === NO_UPPER ? NO_UPPER : chinaMonthOfDay(fullTo);
      if (mFrom < mTo) {
        read(MONTHLY[dim], mFrom, mTo);
        if (mFrom !== NO_LOWER) read(dim, fullFrom, chinaMonthFirstDay(mFrom));
        if (mTo !== NO_UPPER) read(dim, chinaMonthFirstDay(mTo), fullTo);
      } else {
        read(dim, fullFrom, fullTo);
      }
    }
    for (const [a, b] of edges) {
      for (const r of this.edgeRows(a, b)) add(r[dim], r.status, r.n);
    }
    return out;
  }

  /** Incidents per China day and status over whole days [a, b) of one dimension, any of `keys` (none: all). */
  perDayByStatus(dim: CountDim, keys: readonly string[], a: number, b: number): { day: number; s: string; n: number }[] {
    return this.db
      .prepare(
        `SELECT day, status AS s, sum(n) AS n FROM incident_day_counts WHERE dim = ? AND day >= ? AND day < ?
         ${keys.length ? `AND key IN (${keys.map(() => '?').join(', ')})` : ''} GROUP BY 1, 2`,
      )
      .all(dim, a, b, ...keys) as { day: number; s: string; n: number }[];
  }

  /** Incidents per China day over [from, to) (days without any are left out). */
  perDay(from?: number, to?: number): Map<number, number> {
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
        .all(CHINA_OFFSET_MS, DAY_MS, a, b) as { day: number; n: number }[];
      for (const r of rows) perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.n);
    }
    return perDay;
  }

  /**
   * Counts of a partial day straight from `incidents`, by every dimension at once: the three
   * dimensions of one aggregation share one read of the rows (the last one is remembered).
   */
  private edgeRows(a: number, b: number): EdgeRow[] {
    if (this.edgeCache?.a === a && this.edgeCache.b === b) return this.edgeCache.rows;
    const rows = this.db
      .prepare(
        `SELECT category AS c, coalesce(grid_id, '') AS g, severity AS s, status, count(*) AS n
         FROM incidents WHERE reported_at >= ? AND reported_at < ? GROUP BY 1, 2, 3, 4`,
      )
      .all(a, b) as EdgeRow[];
    this.edgeCache = { a, b, rows };
    return rows;
  }
}
