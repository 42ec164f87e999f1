import { categorySystem } from '@shared/domain/categories';
import { CLOCK_STAGES, type StageLimits } from '@shared/domain/case-clock';
import { chinaDay, chinaDayStart, chinaMonthFirstDay, chinaMonthOfDay } from '@shared/domain/china-time';
import { addWorkingMinutes } from '@shared/domain/working-time';
import type { Db } from './sqlite-file';

/**
 * The analysis roll-up (`incident_rollup`, migration 0008): per China day (grain 0) and China
 * month (grain 1) × category × grid × source × severity × status, how many incidents were
 * reported, their rework (returns from feedback to handling) and how many of the closed ones
 * were closed on time. The Analysis view's charts read whole months and days from here and only
 * the partial days at a range's ends from `incidents`: a year over a million incidents is a few
 * thousand roll-up rows.
 *
 * Kept on write in the writer's transaction: new incidents are counted per batch by DailyCounts
 * (as the daily counts are), with the on-time flag the writer gives a new closed one, and triggers move an incident's contribution when its status,
 * category, grid, source, severity, rework or on-time flag changes, or when it is deleted. Each
 * incident carries its own `rework` count and `on_time` flag (NULL unless closed), kept by
 * triggers from its history, its status and the source's own closing time, so a partial day
 * reads them without touching the history.
 */

/** Whether a closed case was closed within its category's stage limits: the SQL function the triggers call. */
export const ON_TIME_FUNCTION = 'cc_on_time';

/**
 * The on-time flag of the incidents row in scope (unqualified columns): 1 or 0 when closed, NULL
 * otherwise. The closing time is the source's own (Open311 `updated_datetime`) when it gave
 * one, else when the history recorded the closure, else the last update.
 */
export const ON_TIME_SQL = `CASE WHEN status = 'closed' THEN ${ON_TIME_FUNCTION}(category, reported_at,
  coalesce(unixepoch(json_extract(raw, '$.updated_datetime')) * 1000,
           (SELECT max(h.at) FROM incident_history h WHERE h.incident_id = incidents.id AND h.to_status = 'closed'),
           updated_at)) END`;

interface OnTimeState {
  limits: StageLimits;
  budget: Map<string, number>;
}
const states = new WeakMap<Db, OnTimeState>();

function load(db: Db, limits: StageLimits): OnTimeState {
  const s = { limits, budget: new Map<string, number>() };
  states.set(db, s);
  return s;
}

/**
 * Whether a case reported at `reportedAt` and closed at `closedAt` was on time: within the sum
 * of its category's stage limits, in working hours on working days (grid governance, city
 * management) or around the clock (emergencies).
 */
export function onTimeFlag(db: Db, category: string, reportedAt: number, closedAt: number | null): number {
  const s = states.get(db)!;
  let minutes = s.budget.get(category);
  if (minutes === undefined) {
    minutes = CLOCK_STAGES.reduce((sum, stage) => sum + s.limits.minutes(category, stage), 0);
    s.budget.set(category, minutes);
  }
  const due = categorySystem(category) === 'em' ? reportedAt + minutes * 60_000 : addWorkingMinutes(reportedAt, minutes);
  return closedAt !== null && closedAt <= due ? 1 : 0;
}

/**
 * Registers the on-time function on a connection with the case clock's limits in force (every
 * writer's connection passes through `migrate`).
 */
export function registerRollupFunctions(db: Db, limits: StageLimits): void {
  load(db, limits);
  db.function(ON_TIME_FUNCTION, { deterministic: false, directOnly: false }, (category: unknown, reportedAt: unknown, closedAt: unknown) =>
    onTimeFlag(db, String(category), Number(reportedAt), closedAt === null ? null : Number(closedAt)),
  );
}

/**
 * The case clock's limits changed: recomputes the on-time flag of every closed case with the new
 * limits (the triggers move the roll-up), in the caller's transaction.
 */
export function limitsChanged(db: Db, limits: StageLimits): void {
  load(db, limits);
  db.prepare(`UPDATE incidents SET on_time = ${ON_TIME_SQL} WHERE status = 'closed'`).run();
}

/** New incidents' roll-up rows, added per batch by the writer's counts (daily-counts.ts) in its transaction. */
export class RollupBatch {
  private add?: import('better-sqlite3').Statement;

  constructor(private readonly db: Db) {}

  /** Adds `n` new incidents (of which `onTime` closed on time) to one roll-up row of a day (grain 0) or month (grain 1). */
  addNew(grain: 0 | 1, period: number, category: string, grid: string, source: string, severity: string, status: string, n: number, onTime: number): void {
    this.add ??= this.db.prepare(
      'INSERT INTO incident_rollup VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n, on_time = on_time + excluded.on_time',
    );
    this.add.run(grain, period, category, grid, source, severity, status, n, onTime);
  }
}

// ── migration text ──

const day = (t: string): string => `((${t}.reported_at + 28800000) / 86400000)`;
const local = (t: string): string => `(${t}.reported_at / 1000 + 28800), 'unixepoch'`;
const month = (t: string): string => `(CAST(strftime('%Y', ${local(t)}) AS INTEGER) * 12 + CAST(strftime('%m', ${local(t)}) AS INTEGER) - 1)`;
const UPSERT = 'ON CONFLICT DO UPDATE SET n = n + excluded.n, rework = rework + excluded.rework, on_time = on_time + excluded.on_time;';
const add = (t: string, sign: string): string =>
  [
    [0, day(t)],
    [1, month(t)],
  ]
    .map(
      ([grain, period]) =>
        `INSERT INTO incident_rollup VALUES (${grain}, ${period}, ${t}.category, coalesce(${t}.grid_id, ''), ${t}.source, ${t}.severity, ${t}.status,
           ${sign}, ${sign} * ${t}.rework, ${sign} * coalesce(${t}.on_time, 0)) ${UPSERT}`,
    )
    .join('\n');

/** Migration 0008's schema, backfill and triggers (run after the on-time function is registered). */
export const ROLLUP_MIGRATION_SQL = `
ALTER TABLE incidents ADD COLUMN rework INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN on_time INTEGER;

UPDATE incidents SET rework = (SELECT count(*) FROM incident_history h
  WHERE h.incident_id = incidents.id AND h.from_status = 'feedback' AND h.to_status = 'handling')
WHERE id IN (SELECT incident_id FROM incident_history WHERE from_status = 'feedback' AND to_status = 'handling');
UPDATE incidents SET on_time = ${ON_TIME_SQL} WHERE status = 'closed';

CREATE TABLE incident_rollup (
  grain     INTEGER NOT NULL,
  period    INTEGER NOT NULL,
  category  TEXT NOT NULL,
  grid      TEXT NOT NULL,
  source    TEXT NOT NULL,
  severity  TEXT NOT NULL,
  status    TEXT NOT NULL,
  n         INTEGER NOT NULL,
  rework    INTEGER NOT NULL,
  on_time   INTEGER NOT NULL,
  PRIMARY KEY (grain, period, category, grid, source, severity, status)
) STRICT, WITHOUT ROWID;

INSERT INTO incident_rollup
SELECT 0, ${day('incidents')}, category, coalesce(grid_id, ''), source, severity, status, count(*), sum(rework), coalesce(sum(on_time), 0)
FROM incidents GROUP BY 2, 3, 4, 5, 6, 7;
INSERT INTO incident_rollup
SELECT 1, ${month('incidents')}, category, coalesce(grid_id, ''), source, severity, status, count(*), sum(rework), coalesce(sum(on_time), 0)
FROM incidents GROUP BY 2, 3, 4, 5, 6, 7;

-- An incident's contribution moves with it.
CREATE TRIGGER incidents_rollup_update AFTER UPDATE OF category, grid_id, source, severity, status, reported_at, rework, on_time ON incidents
WHEN (old.category, old.grid_id, old.source, old.severity, old.status, old.reported_at, old.rework, old.on_time)
  IS NOT (new.category, new.grid_id, new.source, new.severity, new.status, new.reported_at, new.rework, new.on_time)
BEGIN ${add('old', '-1')} ${add('new', '1')}
END;
CREATE TRIGGER incidents_rollup_delete AFTER DELETE ON incidents BEGIN ${add('old', '-1')}
END;

-- The on-time flag follows the status, the category, the report and the source's closing time.
CREATE TRIGGER incidents_on_time AFTER UPDATE OF status, category, reported_at, raw, updated_at ON incidents
WHEN new.status = 'closed' OR old.status = 'closed'
BEGIN UPDATE incidents SET on_time = ${ON_TIME_SQL} WHERE seq = new.seq;
END;

-- A return from feedback to handling is rework; a recorded closure may move the closing time.
-- (A new incident's first entry, from no status, comes with the incident: the writer sets its flag.)
CREATE TRIGGER incident_history_rollup AFTER INSERT ON incident_history
WHEN (new.to_status = 'closed' AND new.from_status IS NOT NULL) OR (new.from_status = 'feedback' AND new.to_status = 'handling')
BEGIN UPDATE incidents SET rework = rework + (new.from_status IS 'feedback' AND new.to_status = 'handling'), on_time = ${ON_TIME_SQL}
  WHERE id = new.incident_id;
END;
`;

// ── read ──

/** Which cases count: any of these categories, grids, sources, severities (empty or absent: all). */
export interface RollupFilter {
  categories?: readonly string[] | undefined;
  grids?: readonly string[] | undefined;
  sources?: readonly string[] | undefined;
  severities?: readonly string[] | undefined;
}

/** Roll-up sums of one key and status. */
export interface RollupSums {
  k: string;
  s: string;
  n: number;
  rework: number;
  onTime: number;
}

export type RollupKey = 'category' | 'grid' | 'none';

/** Instants beyond what a Date can hold are clamped (a range "from 0 to the largest number" means all). */
const LATEST = Date.UTC(9999, 0, 1);

/** The periods a range [from, to) splits into: whole months, whole days, partial days. */
export interface RangeParts {
  months: [number, number][];
  days: [number, number][];
  edges: [number, number][];
}

/** Splits [from, to) into whole China months, whole China days around them and the partial days at its ends. */
export function splitRange(fromMs: number, toMs: number): RangeParts {
  const out: RangeParts = { months: [], days: [], edges: [] };
  const from = Math.max(fromMs, -LATEST);
  const to = Math.min(toMs, LATEST);
  if (!(to > from)) return out;
  const fullFrom = chinaDayStart(chinaDay(from)) === from ? chinaDay(from) : chinaDay(from) + 1;
  const fullTo = chinaDay(to);
  if (fullFrom >= fullTo) {
    out.edges.push([from, to]);
    return out;
  }
  if (chinaDayStart(fullFrom) > from) out.edges.push([from, chinaDayStart(fullFrom)]);
  if (chinaDayStart(fullTo) < to) out.edges.push([chinaDayStart(fullTo), to]);
  const mFrom = chinaMonthFirstDay(chinaMonthOfDay(fullFrom)) === fullFrom ? chinaMonthOfDay(fullFrom) : chinaMonthOfDay(fullFrom) + 1;
  const mTo = chinaMonthOfDay(fullTo);
  if (mFrom < mTo) {
    out.months.push([mFrom, mTo]);
    if (chinaMonthFirstDay(mFrom) > fullFrom) out.days.push([fullFrom, chinaMonthFirstDay(mFrom)]);
    if (chinaMonthFirstDay(mTo) < fullTo) out.days.push([chinaMonthFirstDay(mTo), fullTo]);
  } else {
    out.days.push([fullFrom, fullTo]);
  }
  return out;
}

/** `column IN (?, …)` conditions of a filter, on roll-up (`r`) or incidents (`i`) columns. */
export function filterSql(f: RollupFilter, on: 'rollup' | 'incidents'): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  // `+i.source`: the (source, source_id) key would otherwise be chosen for a source filter and read
  // every row of that source instead of the range's.
  const col = on === 'rollup'
    ? { category: 'category', grid: 'grid', source: 'source', severity: 'severity' }
    : { category: 'i.category', grid: "coalesce(i.grid_id, '')", source: '+i.source', severity: 'i.severity' };
  const any = (column: string, values: readonly string[] | undefined): void => {
    if (!values?.length) return;
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  any(col.category, f.categories);
  any(col.grid, f.grids);
  any(col.source, f.sources);
  any(col.severity, f.severities);
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

const ROLLUP_KEY: Record<RollupKey, string> = { category: 'category', grid: 'grid', none: "''" };
const INCIDENT_KEY: Record<RollupKey, string> = { category: 'i.category', grid: "coalesce(i.grid_id, '')", none: "''" };

/**
 * Sums per (key, status) over [from, to): whole months and days from the roll-up, the partial
 * days at the ends from `incidents` (through its time index). Keys without incidents are left out.
 */
export function rollupSums(db: Db, key: RollupKey, from: number, to: number, filter: RollupFilter): RollupSums[] {
  const parts = splitRange(from, to);
  const acc = new Map<string, RollupSums>();
  const add = (rows: RollupSums[]): void => {
    for (const r of rows) {
      const id = `${r.k}\u0000${r.s}`;
      const x = acc.get(id);
      if (x) {
        x.n += r.n;
        x.rework += r.rework;
        x.onTime += r.onTime;
      } else acc.set(id, { ...r });
    }
  };
  const fr = filterSql(filter, 'rollup');
  const rolled = db.prepare(
    `SELECT ${ROLLUP_KEY[key]} AS k, status AS s, sum(n) AS n, sum(rework) AS rework, sum(on_time) AS onTime
     FROM incident_rollup WHERE grain = ? AND period >= ? AND period < ?${fr.sql} GROUP BY 1, 2`,
  );
  for (const [a, b] of parts.months) add(rolled.all(1, a, b, ...fr.params) as RollupSums[]);
  for (const [a, b] of parts.days) add(rolled.all(0, a, b, ...fr.params) as RollupSums[]);
  if (parts.edges.length) {
    const fi = filterSql(filter, 'incidents');
    const raw = db.prepare(
      `SELECT ${INCIDENT_KEY[key]} AS k, i.status AS s, count(*) AS n, sum(i.rework) AS rework, coalesce(sum(i.on_time), 0) AS onTime
       FROM incidents i WHERE i.reported_at >= ? AND i.reported_at < ?${fi.sql} GROUP BY 1, 2`,
    );
    for (const [a, b] of parts.edges) add(raw.all(a, b, ...fi.params) as RollupSums[]);
  }
  return [...acc.values()].filter((r) => r.n !== 0);
}

/** Incidents per China day and status over [from, to), from the roll-up's days and the partial days. */
/** The daily counts of one dimension (daily-counts.ts), read when a filter names one dimension or none. */
export interface NarrowDailyCounts {
  perDayByStatus(dim: 'c' | 'g' | 's', keys: readonly string[], a: number, b: number): { day: number; s: string; n: number }[];
}

export function dailySums(db: Db, counts: NarrowDailyCounts, from: number, to: number, filter: RollupFilter): { day: number; s: string; n: number }[] {
  const parts = splitRange(from, to);
  const days: [number, number][] = [...parts.days, ...parts.months.map(([a, b]): [number, number] => [chinaMonthFirstDay(a), chinaMonthFirstDay(b)])];
  const out: { day: number; s: string; n: number }[] = [];
  // A filter on one dimension alone (or none) reads the narrower daily counts (migration 0004).
  const only = (['categories', 'grids', 'sources', 'severities'] as const).filter((d) => filter[d]?.length);
  const narrow = only.length === 0 ? 's' : only.length === 1 ? ({ categories: 'c', grids: 'g', severities: 's', sources: undefined } as const)[only[0]!] : undefined;
  if (days.length) {
    if (narrow) {
      const values = only.length ? filter[only[0]!]! : [];
      for (const [a, b] of days) out.push(...counts.perDayByStatus(narrow, values, a, b));
    } else {
      const fr = filterSql(filter, 'rollup');
      const stmt = db.prepare(`SELECT period AS day, status AS s, sum(n) AS n FROM incident_rollup WHERE grain = 0 AND period >= ? AND period < ?${fr.sql} GROUP BY 1, 2`);
      for (const [a, b] of days) out.push(...(stmt.all(a, b, ...fr.params) as { day: number; s: string; n: number }[]));
    }
  }
  if (parts.edges.length) {
    const fi = filterSql(filter, 'incidents');
    const raw = db.prepare(
      `SELECT (i.reported_at + 28800000) / 86400000 AS day, i.status AS s, count(*) AS n FROM incidents i
       WHERE i.reported_at >= ? AND i.reported_at < ?${fi.sql} GROUP BY 1, 2`,
    );
    for (const [a, b] of parts.edges) out.push(...(raw.all(a, b, ...fi.params) as { day: number; s: string; n: number }[]));
  }
  return out.filter((r) => r.n !== 0);
}
