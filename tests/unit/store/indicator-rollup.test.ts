import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, Severity, Status } from '@shared/domain/incident';
import { chinaTime } from '@shared/domain/china-time';
import { mulberry32, pick } from '@shared/prng';
import { archiveEnded } from '../../../src-main/store/archive';
import { CaseStore } from '../../../src-main/store/case-store';
import { DATABASE_FILE, migrate, openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { IndicatorQueries, type IndicatorFilter, type IndicatorRange, type TimeBucket } from '../../../src-main/store/indicator-queries';
import { IndicatorScan } from './indicator-scan';
import { T0, incident } from './fixtures';

/*
 * The Analysis view's queries read the roll-up (migration 0008, incident-rollup.ts); their answers
 * must equal counting the incidents and their history directly (IndicatorScan, the queries as
 * they were), through new cases, status changes, reopened and reworked cases, category and grid
 * changes, the source's own closing times, changed case-clock limits and archived cases.
 */

const DAY = 86_400_000;
const CATEGORIES = ['gg.epidemic', 'gg.neighbour', 'gg.labour', 'cm.manhole', 'cm.street-light', 'em.flood', 'em.fire'];
const GRIDS = ['431302-20', '431302-21', '431381-03', null];
const SOURCES = ['grid', 'open311', 'test'];
const SEVERITIES: Severity[] = ['blue', 'yellow', 'orange', 'red'];
const START_STATUSES: Status[] = ['reported', 'registered', 'dispatched', 'handling', 'feedback', 'closed', 'rejected', 'duplicate', 'cancelled'];
const NOW = T0 + 62 * DAY;

let dir: string;
let db: Db;
let store: IncidentStore;
let cases: CaseStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-rollup-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  cases = new CaseStore(db, store);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A case of the generated cache: reported over a year and two months before NOW, some far back for 同比. */
function generated(n: number, rnd: () => number): { incident: Incident; raw: unknown } {
  const back = rnd() < 0.2 ? 365 * DAY + rnd() * 62 * DAY : rnd() * 62 * DAY;
  const reportedAt = Math.round(NOW - back);
  const status = pick(rnd, START_STATUSES);
  const updatedAt = reportedAt + Math.round(rnd() * 20 * DAY);
  const source = pick(rnd, SOURCES);
  const i = incident(n, {
    id: `gen:${n}`,
    source,
    sourceId: String(n),
    category: pick(rnd, CATEGORIES),
    gridId: pick(rnd, GRIDS),
    severity: pick(rnd, SEVERITIES),
    status,
    reportedAt,
    updatedAt,
  });
  // Open311 gives its own closing time, sometimes unparseable.
  const raw = source === 'open311' ? { updated_datetime: rnd() < 0.9 ? chinaTime(reportedAt + Math.round(rnd() * 6 * DAY)) : 'not a date' } : { n };
  return { incident: i, raw };
}

function buildCache(seed: number, count: number): { rnd: () => number; live: Map<string, Incident> } {
  const rnd = mulberry32(seed);
  const live = new Map<string, Incident>();
  let batch: { incident: Incident; raw: unknown }[] = [];
  for (let n = 0; n < count; n++) {
    const g = generated(n, rnd);
    live.set(g.incident.id, { ...g.incident });
    batch.push(g);
    if (batch.length === 97) {
      store.upsertMany(batch);
      batch = [];
    }
  }
  store.upsertMany(batch);
  return { rnd, live };
}

/** Feed updates: status paths with rework (feedback → handling) and reopened cases, category, grid and severity changes. */
function churn(rnd: () => number, live: Map<string, Incident>): void {
  const ids = [...live.keys()];
  const paths: Status[][] = [
    ['handling', 'feedback', 'handling', 'feedback', 'closed'],
    ['feedback', 'handling'],
    ['closed', 'handling', 'feedback', 'closed'],
    ['dispatched', 'handling'],
    ['closed'],
  ];
  for (let k = 0; k < 160; k++) {
    const id = pick(rnd, ids);
    const cur = live.get(id)!;
    let at = cur.updatedAt;
    for (const status of pick(rnd, paths)) {
      at += Math.round(rnd() * 3 * DAY);
      const next: Incident = { ...cur, status, updatedAt: at };
      if (rnd() < 0.15) next.category = pick(rnd, CATEGORIES);
      if (rnd() < 0.15) next.gridId = pick(rnd, GRIDS);
      if (rnd() < 0.1) next.severity = pick(rnd, SEVERITIES);
      const raw = cur.source === 'open311' ? { updated_datetime: chinaTime(at) } : { k };
      store.upsertMany([{ incident: next, raw }]);
      Object.assign(cur, next);
    }
  }
}

const RANGES: IndicatorRange[] = [
  { from: 0, to: Number.MAX_SAFE_INTEGER },
  // Two whole China months.
  { from: Date.parse('2026-07-01T00:00:00+08:00'), to: Date.parse('2026-09-01T00:00:00+08:00') },
  // Whole days across a month's end, partial days at both ends.
  { from: Date.parse('2026-07-20T13:17:00+08:00'), to: Date.parse('2026-08-11T09:05:00+08:00') },
  // Within one day.
  { from: Date.parse('2026-07-15T08:00:00+08:00'), to: Date.parse('2026-07-15T20:00:00+08:00') },
  // A year and a bit, partial at the start.
  { from: Date.parse('2025-06-03T10:00:00+08:00'), to: Date.parse('2026-09-01T00:00:00+08:00') },
];
const FILTERS: IndicatorFilter[] = [
  {},
  { categories: ['gg.epidemic', 'cm.manhole'] },
  { grids: ['431302-20', ''] },
  { sources: ['open311'] },
  { severities: ['red', 'orange'] },
  { categories: ['em.flood', 'gg.labour'], grids: ['431381-03'], severities: ['blue', 'yellow', 'orange'] },
];
const BUCKETS: TimeBucket[] = ['hour', 'day', 'week', 'month'];

/** Every answer of the view's queries, from the roll-up and from the scan, over every range and filter. */
function expectSameAsScan(): void {
  const rolled = new IndicatorQueries(db);
  const scan = new IndicatorScan(db);
  // The cache has something of every figure, not zeros compared with zeros.
  const all = scan.indicators(RANGES[0]!, {}, NOW);
  expect(all.closed).toBeGreaterThan(all.onTimeClosed);
  expect(all.onTimeClosed).toBeGreaterThan(0);
  expect(all.overdue).toBeGreaterThan(0);
  for (const range of RANGES) {
    for (const filter of FILTERS) {
      const at = `${range.from}–${range.to} ${JSON.stringify(filter)}`;
      expect(rolled.report(range, filter, NOW, RANGES[2]), at).toEqual(scan.report(range, filter, NOW, RANGES[2]));
      expect(rolled.byCategory(range, filter, NOW), at).toEqual(scan.byCategory(range, filter, NOW));
      expect(rolled.byGrid(range, filter, NOW), at).toEqual(scan.byGrid(range, filter, NOW));
      expect(rolled.funnel(range, filter, NOW), at).toEqual(scan.funnel(range, filter, NOW));
      expect(rolled.dailyCounts(range, filter), at).toEqual(scan.dailyCounts(range, filter));
      for (const bucket of BUCKETS) {
        if (bucket === 'hour' && range.to - range.from > 40 * DAY) continue;
        expect(rolled.byTime(range, filter, bucket), `${at} ${bucket}`).toEqual(scan.byTime(range, filter, bucket));
      }
    }
  }
}

describe('the analysis roll-up', () => {
  it('answers as counting the incidents does, for new cases of every status, source and grid', () => {
    buildCache(13, 700);
    expectSameAsScan();
  });

  it('follows status changes, rework, reopened cases, category and grid changes, and the source’s closing time', () => {
    const { rnd, live } = buildCache(17, 700);
    churn(rnd, live);
    const rework = db.prepare("SELECT count(*) AS n FROM incident_history WHERE from_status = 'feedback' AND to_status = 'handling'").get() as { n: number };
    expect(rework.n).toBeGreaterThan(20);
    expect(new IndicatorQueries(db).indicators(RANGES[0]!, {}, NOW).rework).toBe(rework.n);
    expectSameAsScan();
  });

  it('follows case actions in the console and backend status changes', () => {
    buildCache(19, 400);
    const ids = (db.prepare("SELECT id FROM incidents WHERE status IN ('feedback', 'handling', 'reported') ORDER BY seq LIMIT 60").all() as { id: string }[]).map((r) => r.id);
    const op = { name: '张值班', role: 'duty' as const };
    ids.forEach((id, k) => {
      const to: Status[] = ['closed', 'handling', 'feedback', 'cancelled'];
      cases.adoptBackendStatus(id, to[k % to.length]!, op, '后台状态', NOW - DAY + k * 60_000);
    });
    expectSameAsScan();
  });

  it('moves on-time closures when the case clock’s limits change', () => {
    buildCache(23, 500);
    store.setLimits([
      { category: 'gg.epidemic', stage: 'handling', minutes: 60 },
      { category: 'em.*', stage: 'reported', minutes: 10 },
    ]);
    expectSameAsScan();
  });

  it('forgets archived cases', () => {
    buildCache(29, 600);
    const archived = archiveEnded(db, Date.parse('2026-07-25T00:00:00+08:00'), join(dir, 'a.jsonl.gz'), NOW);
    expect(archived.incidents).toBeGreaterThan(50);
    expectSameAsScan();
  });

  it('is backfilled for a cache made before it existed', () => {
    const { rnd, live } = buildCache(31, 500);
    churn(rnd, live);
    // The cache as it was before migration 0008.
    db.exec(`
      DROP TRIGGER incidents_rollup_update; DROP TRIGGER incidents_rollup_delete;
      DROP TRIGGER incidents_on_time; DROP TRIGGER incident_history_rollup;
      DROP TABLE incident_rollup;
      ALTER TABLE incidents DROP COLUMN rework; ALTER TABLE incidents DROP COLUMN on_time;
      DELETE FROM schema_migrations WHERE version = 8;`);
    db.close();
    db = openDatabase(dir);
    expect(db.prepare('SELECT 1 FROM schema_migrations WHERE version = 8').get()).toBeDefined();
    expectSameAsScan();
  });

  it('needs its on-time function on every writing connection, and migrate registers it', () => {
    buildCache(37, 50);
    db.close();
    const plain = new Database(join(dir, DATABASE_FILE));
    migrate(plain);
    plain.prepare("UPDATE incidents SET status = 'closed' WHERE seq = 1").run();
    plain.close();
    db = openDatabase(dir);
    expectSameAsScan();
  });
});
