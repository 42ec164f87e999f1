/**
 * `npm run bench -- store [--sizes 100000,1000000] [--keep 1] [--reuse DIR]`
 *
 * `--keep 1` leaves the databases in the temp directory; `--reuse DIR` measures the queries on
 * such a database again without ingesting.
 *
 * 1. Ingest: the console's path (validate with zod, normalize, grid assignment, upsert with
 *    history and daily counts, one transaction per 1,000; the full-text index on its own thread,
 *    timed until the last row is indexed) beside a raw
 *    better-sqlite3 batched insert of the same rows, in the same run: into the console's own
 *    incidents table (same columns and indexes; the ratio the floor of ≥ 50% is read against) and
 *    into a bare table with only a primary key (the ratio shown beside it).
 * 2. At each size: aggregation and search latency, p50/p95 over repeated runs.
 * Rows look like Loudi's: the simulator's generator, 791 a day, cases at their final status.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SIMULATOR_GRID_FEED } from '../../src-main/feeds/feed-hub';
import { normalizeGridEvent } from '../../src-main/feeds/grid-governance';
import { GridEventGenerator } from '../../src-main/simulator/grid-events';
import { openDatabase } from '../../src-main/store/database';
import { IncidentStore, type IncomingIncident } from '../../src-main/store/incident-store';
import { CaseStore } from '../../src-main/store/case-store';
import { WorkerIndexer } from '../../src-main/store/search-index';
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

/**
 * The events the feed would deliver, made before the clock starts: generating them is the
 * simulator's work, not the ingest's (it costs about as much as a third of the pipeline).
 */
function generate(count: number): GridEvent[] {
  return [...events(count)];
}

/** The full-text indexer thread, run from its source as the console runs its build. */
const SEARCH_WORKER = { file: join(import.meta.dirname, '../../src-main/programs/search-worker.ts'), typescript: true };

async function ingestPipeline(dir: string, input: readonly GridEvent[]): Promise<{ seconds: number; rows: IncomingIncident[]; indexLagSeconds: number }> {
  const db = openDatabase(dir);
  const indexer = new WorkerIndexer(db, dir, SEARCH_WORKER);
  const store = new IncidentStore(db, indexer);
  const rows: IncomingIncident[] = [];
  const t = process.hrtime.bigint();
  let batch: IncomingIncident[] = [];
  for (const e of input) {
    const r = normalizeGridEvent(SIMULATOR_GRID_FEED, e, END);
    if (!r.ok) throw new Error(r.reason);
    batch.push(r.value);
    if (batch.length === BATCH) {
      store.upsertMany(batch, { feedId: SIMULATOR_GRID_FEED, value: `BENCH:${e.eventId}` });
      rows.push(...batch);
      batch = [];
    }
  }
  if (batch.length) store.upsertMany(batch);
  const stored = Number(process.hrtime.bigint() - t) / 1e9;
  // End to end: until the last incident is also in the full-text index.
  await indexer.settled();
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  rows.push(...batch);
  await indexer.close();
  db.close();
  return { seconds, rows, indexLagSeconds: seconds - stored };
}

const RAW_COLUMNS = `id, source, source_id, category, severity, status, title, description, lon, lat, orig_lon, orig_lat, orig_datum,
  grid_id, address, reported_at, updated_at, unit, raw, stage_entered_at, due_at`;

/**
 * The same rows, already normalized, stored with a prepared positional INSERT, 1,000 per
 * transaction — nothing else: no validation, no grid, no history, no counts, no full-text index.
 * Into `schema`: the console's own `incidents` table (a fresh database at the latest migration,
 * same columns, same indexes): what SQLite needs to hold these rows as the console keeps them.
 * Into `bare`: a table with the same columns and only a text primary key (no other index).
 */
function ingestRaw(dir: string, rows: readonly IncomingIncident[], into: 'schema' | 'bare'): number {
  let db: Database.Database;
  if (into === 'schema') db = openDatabase(join(dir, 'raw-schema'));
  else {
    db = new Database(join(dir, 'raw-bare.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE incidents (id TEXT PRIMARY KEY, source TEXT, source_id TEXT, category TEXT, severity TEXT, status TEXT,
      title TEXT, description TEXT, lon REAL, lat REAL, orig_lon REAL, orig_lat REAL, orig_datum TEXT, grid_id TEXT, address TEXT,
      reported_at INTEGER, updated_at INTEGER, unit TEXT, raw TEXT, stage_entered_at INTEGER, due_at INTEGER)`);
  }
  const insert = db.prepare(`INSERT INTO incidents (${RAW_COLUMNS}) VALUES (${RAW_COLUMNS.split(',').map(() => '?').join(', ')})`);
  const many = db.transaction((slice: readonly IncomingIncident[]) => {
    for (const { incident: i, raw } of slice) {
      insert.run(i.id, i.source, i.sourceId, i.category, i.severity, i.status, i.title, i.description, i.lon, i.lat,
        i.original.lon, i.original.lat, i.original.datum, i.gridId, i.address, i.reportedAt, i.updatedAt, i.unit, JSON.stringify(raw),
        i.reportedAt, null);
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
    else await measureIngest(dir, size);
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

async function measureIngest(dir: string, size: number): Promise<void> {
  const input = generate(size);
  const pipe = await ingestPipeline(dir, input);
  const schema = ingestRaw(dir, pipe.rows, 'schema');
  const bare = ingestRaw(dir, pipe.rows, 'bare');
  const rate = (s: number): string => `${(size / s).toFixed(0)} rows/s (${s.toFixed(2)} s)`;
  console.log(
    [
      `\n## ${size.toLocaleString('en')} incidents`,
      `ingest (pipeline, until the last row is searchable): ${rate(pipe.seconds)}; the index finished ${pipe.indexLagSeconds.toFixed(2)} s after the cache`,
      `raw batched insert into the console's incidents table: ${rate(schema)}`,
      `raw batched insert into a bare keyed table: ${rate(bare)}`,
      `ratio pipeline/raw (console's table): ${((schema / pipe.seconds) * 100).toFixed(1)}%`,
      `ratio pipeline/raw (bare table): ${((bare / pipe.seconds) * 100).toFixed(1)}%`,
    ].join('\n'),
  );
}
