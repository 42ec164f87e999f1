/**
 * `npm run bench -- store [--sizes 100000,1000000] [--keep 1] [--reuse DIR]`
 *
 * `--keep 1` leaves the databases in the temp directory; `--reuse DIR` measures the queries on
 * such a database again without ingesting.
 *
 * 1. Ingest: the console's path (validate with zod, normalize, grid assignment, upsert with
 *    history, full-text index and daily counts, one transaction per 1,000) beside a raw
 *    better-sqlite3 batched insert of the same rows into a table with the same columns and
 *    primary key, in the same run; the ratio is what the floor (≥ 50%) is about.
 * 2. At each size: aggregation and search latency, p50/p95 over repeated runs.
 * Rows look like Loudi's: the simulator's generator, 791 a day, cases at their final status.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { normalizeGridEvent } from '../../src-main/feeds/grid-governance';
import { GridEventGenerator } from '../../src-main/simulator/grid-events';
import { openDatabase } from '../../src-main/store/database';
import { IncidentStore, type IncomingIncident } from '../../src-main/store/incident-store';
import { CaseStore } from '../../src-main/store/case-store';
import { StatsStore } from '../../src-main/store/stats-store';
import type { GridEvent } from '../../src-shared/wire/grid-event';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const sizes = (flag('sizes') ?? '100000,1000000').split(',').map(Number);
const BATCH = 1000;
const PER_DAY = 791;
const END = Date.parse('2026-07-31T23:00:00+08:00');

function* events(count: number, seed = 20210731): Generator<GridEvent> {
  const gen = new GridEventGenerator(seed, 'BENCH');
  const step = 86_400_000 / PER_DAY;
  const start = END - count * step;
  for (let n = 0; n < count; n++) {
    const at = Math.round(start + n * step);
    const { event, plan } = gen.next(at);
    // The case as it stands at END: its last planned state that has happened by then.
    const done = plan.filter((p) => p.at <= END);
    const last = done[done.length - 1];
    yield last ? { ...event, state: last.state, unit: last.unit ?? event.unit } : event;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function time(label: string, runs: number, fn: (i: number) => unknown): { label: string; p50: number; p95: number } {
  fn(0); // warm the page cache and the statement cache
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn(i);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { label, p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

function ingestPipeline(dir: string, count: number): { seconds: number; rows: IncomingIncident[] | undefined } {
  const db = openDatabase(dir);
  const store = new IncidentStore(db);
  const keep = count <= 200_000 ? ([] as IncomingIncident[]) : undefined;
  const t = process.hrtime.bigint();
  let batch: IncomingIncident[] = [];
  for (const e of events(count)) {
    const r = normalizeGridEvent('sim.grid', e, END);
    if (!r.ok) throw new Error(r.reason);
    batch.push(r.value);
    if (batch.length === BATCH) {
      store.upsertMany(batch, { feedId: 'sim.grid', value: `BENCH:${e.eventId}` });
      keep?.push(...batch);
      batch = [];
    }
  }
  if (batch.length) store.upsertMany(batch);
  keep?.push(...batch);
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  db.close();
  return { seconds, rows: keep };
}

/** The same rows, already normalized, straight into a table with the same columns: the floor's yardstick. */
function ingestRaw(dir: string, rows: IncomingIncident[]): number {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE incidents (id TEXT PRIMARY KEY, source TEXT, source_id TEXT, category TEXT, severity TEXT, status TEXT,
    title TEXT, description TEXT, lon REAL, lat REAL, orig_lon REAL, orig_lat REAL, orig_datum TEXT, grid_id TEXT, address TEXT,
    reported_at INTEGER, updated_at INTEGER, unit TEXT, raw TEXT)`);
  const insert = db.prepare('INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const many = db.transaction((slice: IncomingIncident[]) => {
    for (const { incident: i, raw } of slice) {
      insert.run(i.id, i.source, i.sourceId, i.category, i.severity, i.status, i.title, i.description, i.lon, i.lat,
        i.original.lon, i.original.lat, i.original.datum, i.gridId, i.address, i.reportedAt, i.updatedAt, i.unit, JSON.stringify(raw));
    }
  });
  const t = process.hrtime.bigint();
  for (let k = 0; k < rows.length; k += BATCH) many(rows.slice(k, k + BATCH));
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  db.close();
  return seconds;
}

const SEARCHES = ['井盖', '纠纷', '乐坪大道', '疫情', '讨薪', '志愿服务', '噪音', '月塘社区', '防溺水', '长青中街12号', '盖', 'nothing-like-this'];

console.log(`store benchmark · ${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · Node ${process.version}`);
const reuse = flag('reuse');
for (const size of reuse ? [0] : sizes) {
  const dir = reuse ?? mkdtempSync(join(tmpdir(), `cc-bench-${size}-`));
  try {
    if (reuse) console.log(`\n## queries on ${reuse}`);
    else measureIngest(dir, size);
    const db = openDatabase(dir);
    const stats = new StatsStore(db);
    const store = new IncidentStore(db);
    const cases = new CaseStore(db, store);
    const now = END;
    const DAY = 86_400_000;
    const results = [
      time('stats, whole cache (all counts, closure, overdue, stage times)', 30, () => stats.stats({}, now)),
      time('stats, a 30-day range with partial days', 30, (i) => stats.stats({ from: END - (40 + i) * DAY + 3_600_000 * 5, to: END - (10 + i) * DAY + 3_600_000 * 7 }, now)),
      time('counts by day, whole cache', 30, () => stats.series('day')),
      time('counts by week, whole cache', 30, () => stats.series('week')),
      time('counts by hour, one day', 30, (i) => stats.series('hour', END - (i + 2) * DAY, END - (i + 1) * DAY)),
      time('grid league table, whole cache', 30, () => stats.league({}, now)),
      time('overdue count', 30, () => stats.overdueCount(now)),
      time('overdue list (first 200)', 30, () => cases.overdue(now, 200)),
      time('average time per stage', 30, () => stats.avgStageMinutes()),
      time('search as the console runs it (count up to 10,000 + newest 20), 12 queries', SEARCHES.length * 5, (i) =>
        store.search(SEARCHES[i % SEARCHES.length]!, 20, 0, 10_000),
      ),
      time('search with an exact count (the CLI), 12 queries', SEARCHES.length * 5, (i) => store.search(SEARCHES[i % SEARCHES.length]!, 20)),
    ];
    for (const r of results) console.log(`${r.label}: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms`);
    const sample = store.search('乐坪大道', 1);
    console.log(`(search "乐坪大道": ${sample.total} hits; whole-cache stats total ${stats.stats({}, now).total})`);
    db.close();
  } finally {
    if (!flag('keep') && !reuse) rmSync(dir, { recursive: true, force: true });
  }
}

function measureIngest(dir: string, size: number): void {
  const pipe = ingestPipeline(dir, size);
  const line = [`\n## ${size.toLocaleString('en')} incidents`, `ingest (pipeline): ${(size / pipe.seconds).toFixed(0)} rows/s (${pipe.seconds.toFixed(1)} s)`];
  if (pipe.rows) {
    const raw = ingestRaw(dir, pipe.rows);
    line.push(`raw batched insert: ${(size / raw).toFixed(0)} rows/s (${raw.toFixed(2)} s)`, `ratio pipeline/raw: ${((raw / pipe.seconds) * 100).toFixed(1)}%`);
  }
  console.log(line.join('\n'));
}
