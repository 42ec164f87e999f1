/**
 * `npm run bench -- analysis [--data DIR] [--count 1000000] [--runs 30] [--browser 0|1] [--clicks 20] [--scan 0|1]`
 *
 * 1. A cache of `--count` incidents over the year before now (the city's category mix over the
 *    39 grids from the simulator's generator, each case at the status its plan reached, so the
 *    last days' cases are still open; 2 % of the closed ones went through rework and 0.5 % were
 *    reopened, through the feed's status changes), written through the console's own writer
 *    (history, case clock, daily counts, roll-up, full-text index). Made once into `--data`
 *    (default: a temp directory named after the count) and reused by later runs.
 * 2. Every query the Analysis view makes after a filter change (the contract's operations:
 *    indicators with 环比/同比, by category, by grid, the time series, the calendar's daily counts,
 *    the funnel), over the view's range presets and a sequence of cross-filters: p50/p95 of each.
 *    `--scan 1` also times the former queries (counting the incidents table) once each.
 * 3. `--browser 1` (needs `out/`, built by `npm run build`): the console host on that cache
 *    (without the simulator), Debian Chromium on the Analysis view; a click on the first category
 *    bar (and again to clear it) until every chart has drawn its new options, timed in the page
 *    from the click to the last chart's redraw.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIMULATOR_GRID_FEED } from '../../src-main/feeds/feed-hub';
import { normalizeGridEvent } from '../../src-main/feeds/grid-governance';
import { GridEventGenerator } from '../../src-main/simulator/grid-events';
import { openDatabase, type Db } from '../../src-main/store/database';
import { IncidentStore, type IncomingIncident } from '../../src-main/store/incident-store';
import { IndicatorQueries, type IndicatorFilter, type IndicatorRange, type TimeBucket } from '../../src-main/store/indicator-queries';
import { WorkerIndexer } from '../../src-main/store/search-index';
import type { Status } from '../../src-shared/domain/incident';
import type { GridEvent } from '../../src-shared/wire/grid-event';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const COUNT = Number(flag('count') ?? 1_000_000);
const RUNS = Number(flag('runs') ?? 30);
const CLICKS = Number(flag('clicks') ?? 20);
const DATA = flag('data') ?? join(tmpdir(), `cc-bench-analysis-${COUNT}`);
const root = join(import.meta.dirname, '../..');
const DAY = 86_400_000;
const BATCH = 2000;

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const fmt = (x: number): string => (x < 10 ? x.toFixed(1) : Math.round(x).toString());

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}, Node ${process.version}, ${new Date().toISOString()}`);

// ── 1. the cache ──

interface Seeded {
  count: number;
  end: number;
  seconds: number;
}

async function seed(): Promise<Seeded> {
  const end = Date.now();
  const db = openDatabase(DATA);
  const indexer = new WorkerIndexer(db, DATA, { file: join(root, 'src-main/programs/search-worker.ts'), typescript: true });
  const store = new IncidentStore(db, indexer);
  const gen = new GridEventGenerator(20260101, 'YEAR');
  const step = (365 * DAY) / COUNT;
  const start = end - 365 * DAY;
  const t = performance.now();
  let batch: IncomingIncident[] = [];
  // Cases that go through rework or are reopened, replayed through the feed after the year's ingest.
  const later: { incident: IncomingIncident; path: Status[] }[] = [];
  for (let n = 0; n < COUNT; n++) {
    const at = Math.round(start + n * step);
    const { event, plan } = gen.next(at);
    const done = plan.filter((p) => p.at <= end);
    const last = done[done.length - 1];
    const e: GridEvent = last ? { ...event, state: last.state, unit: last.unit ?? event.unit } : event;
    const r = normalizeGridEvent(SIMULATOR_GRID_FEED, e, end);
    if (!r.ok) throw new Error(r.reason);
    batch.push(r.value);
    if (r.value.incident.status === 'closed') {
      const u = (n * 2654435761) % 1000;
      if (u < 20) later.push({ incident: r.value, path: ['feedback', 'handling', 'feedback', 'closed'] });
      else if (u < 25) later.push({ incident: r.value, path: ['handling', 'closed'] });
    }
    if (batch.length === BATCH) {
      store.upsertMany(batch);
      batch = [];
    }
    if (n % 100_000 === 0 && n) process.stdout.write(`  ${n.toLocaleString('en')} …\n`);
  }
  store.upsertMany(batch);
  batch = [];
  for (const { incident: { incident: i, raw }, path } of later) {
    let at = i.updatedAt;
    for (const status of path) {
      at += 3_600_000;
      batch.push({ incident: { ...i, status, updatedAt: Math.min(at, end) }, raw });
      if (batch.length === BATCH) {
        store.upsertMany(batch);
        batch = [];
      }
    }
  }
  store.upsertMany(batch);
  await indexer.settled();
  await indexer.close();
  db.close();
  const s: Seeded = { count: COUNT, end, seconds: (performance.now() - t) / 1000 };
  writeFileSync(join(DATA, 'bench-seeded.json'), JSON.stringify(s));
  return s;
}

const marker = join(DATA, 'bench-seeded.json');
const seeded: Seeded = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as Seeded) : await seed();
console.log(
  `\ncache: ${seeded.count.toLocaleString('en')} incidents over the year to ${new Date(seeded.end).toISOString()} in ${DATA}` +
    (existsSync(marker) && seeded.seconds ? ` (made in ${seeded.seconds.toFixed(0)} s, through the console's writer)` : ''),
);

// ── 2. the queries ──

const db: Db = openDatabase(DATA);
const census = db
  .prepare(
    `SELECT count(*) AS n, sum(status = 'closed') AS closed, sum(due_at IS NOT NULL) AS open, count(DISTINCT category) AS categories,
       count(DISTINCT grid_id) AS grids, sum(rework) AS rework FROM incidents`,
  )
  .get() as Record<string, number>;
const rollupRows = db.prepare('SELECT grain, count(*) AS n FROM incident_rollup GROUP BY grain').all() as { grain: number; n: number }[];
console.log(
  `  ${census.n!.toLocaleString('en')} incidents: ${census.closed!.toLocaleString('en')} closed, ${census.open!.toLocaleString('en')} open, ` +
    `${census.categories} categories, ${census.grids} grids, ${census.rework!.toLocaleString('en')} reworks; roll-up rows: ` +
    rollupRows.map((r) => `${r.n.toLocaleString('en')} ${r.grain ? 'monthly' : 'daily'}`).join(', '),
);

// The view's presets at the cache's end, in China time (as the console in Loudi resolves them).
const now = seeded.end;
const cn = (t: number): Date => new Date(t + 8 * 3_600_000);
const cnMidnight = (t: number): number => {
  const d = cn(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - 8 * 3_600_000;
};
const presets: Record<string, IndicatorRange> = {
  'this year': { from: Date.UTC(cn(now).getUTCFullYear(), 0, 1) - 8 * 3_600_000, to: now },
  'this month': { from: Date.UTC(cn(now).getUTCFullYear(), cn(now).getUTCMonth(), 1) - 8 * 3_600_000, to: now },
  '30 days': { from: now - 30 * DAY, to: now },
  '7 days': { from: now - 7 * DAY, to: now },
  today: { from: cnMidnight(now), to: now },
};
const bucketFor = (r: IndicatorRange): TimeBucket => {
  const len = r.to - r.from;
  return len <= 2 * DAY ? 'hour' : len <= 92 * DAY ? 'day' : len <= 366 * DAY ? 'week' : 'month';
};
const calendarFor = (r: IndicatorRange): IndicatorRange => {
  const to = cnMidnight(r.to) + DAY;
  return { from: to - 365 * DAY, to };
};
const cats = (db.prepare('SELECT category AS c, count(*) AS n FROM incidents GROUP BY 1 ORDER BY 2 DESC').all() as { c: string }[]).map((r) => r.c);
const grids = (db.prepare("SELECT grid_id AS g FROM incidents WHERE grid_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC").all() as { g: string }[]).map((r) => r.g);
/** What an analyst clicks in turn: a category bar, a grid bar, both, a severity, cleared. */
const filters: IndicatorFilter[] = [
  {},
  { categories: [cats[0]!] },
  { categories: [cats[0]!], grids: [grids[0]!] },
  { grids: [grids[3]!] },
  { categories: [cats[4]!] },
  { severities: ['red', 'orange'] },
  { categories: [cats[1]!], severities: ['yellow'] },
  { sources: [SIMULATOR_GRID_FEED] },
];

const q = new IndicatorQueries(db);
type Op = 'indicators' | 'byCategory' | 'byGrid' | 'byTime' | 'dailyCounts' | 'funnel';
const OPS: Record<Op, (r: IndicatorRange, f: IndicatorFilter) => unknown> = {
  indicators: (r, f) => q.report(r, f, now),
  byCategory: (r, f) => q.byCategory(r, f, now),
  byGrid: (r, f) => q.byGrid(r, f, now),
  byTime: (r, f) => q.byTime(r, f, bucketFor(r)),
  dailyCounts: (r, f) => q.dailyCounts(calendarFor(r), f),
  funnel: (r, f) => q.funnel(r, f, now),
};

console.log(`\nqueries after a filter change (${RUNS} runs per preset and query, filters in turn), ms p50 / p95 / max:`);
const rows: string[] = [];
const all: Record<Op, number[]> = { indicators: [], byCategory: [], byGrid: [], byTime: [], dailyCounts: [], funnel: [] };
for (const [preset, range] of Object.entries(presets)) {
  const cells: string[] = [];
  for (const [op, fn] of Object.entries(OPS) as [Op, (r: IndicatorRange, f: IndicatorFilter) => unknown][]) {
    fn(range, {});
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = process.hrtime.bigint();
      fn(range, filters[i % filters.length]!);
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    all[op].push(...ms);
    ms.sort((a, b) => a - b);
    cells.push(`${fmt(percentile(ms, 50))} / ${fmt(percentile(ms, 95))}`);
  }
  rows.push(`| ${preset} | ${cells.join(' | ')} |`);
}
console.log(`| range | ${Object.keys(OPS).join(' | ')} |`);
console.log(`|---|${Object.keys(OPS).map(() => '---:').join('|')}|`);
for (const r of rows) console.log(r);
const summary = (Object.entries(all) as [Op, number[]][]).map(([op, ms]) => {
  ms.sort((a, b) => a - b);
  return `${op} ${fmt(percentile(ms, 95))} (max ${fmt(ms[ms.length - 1]!)})`;
});
console.log(`p95 over every preset and filter: ${summary.join(', ')}`);
// One whole redraw's worth of queries (the view sends them at once): the sum per filter change.
const view: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t = process.hrtime.bigint();
  for (const fn of Object.values(OPS)) fn(presets['this year']!, filters[i % filters.length]!);
  view.push(Number(process.hrtime.bigint() - t) / 1e6);
}
view.sort((a, b) => a - b);
console.log(`all six for "this year", one after another: p50 ${fmt(percentile(view, 50))} ms, p95 ${fmt(percentile(view, 95))} ms`);

if (flag('scan') === '1') {
  const { IndicatorScan } = await import('../../tests/unit/store/indicator-scan');
  const scan = new IndicatorScan(db);
  const r = presets['this year']!;
  const once = (label: string, fn: () => unknown): string => {
    const t = process.hrtime.bigint();
    fn();
    return `${label} ${fmt(Number(process.hrtime.bigint() - t) / 1e6)}`;
  };
  console.log(
    `former queries (counting the incidents table), "this year", no filter, ms: ` +
      [
        once('indicators', () => scan.report(r, {}, now)),
        once('byCategory', () => scan.byCategory(r, {}, now)),
        once('byGrid', () => scan.byGrid(r, {}, now)),
        once('byTime', () => scan.byTime(r, {}, bucketFor(r))),
        once('dailyCounts', () => scan.dailyCounts(calendarFor(r), {})),
        once('funnel', () => scan.funnel(r, {}, now)),
      ].join(', '),
  );
}
db.close();

// ── 3. the view in Chromium ──

if (flag('browser') === '1') {
  // The page's side is plain JavaScript (its code runs in the browser, not under this project's Node types).
  const r = spawnSync(process.execPath, [join(import.meta.dirname, '_analysis-view.mjs'), DATA, String(CLICKS)], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) throw new Error(`the browser measurement failed (${r.status})`);
}
console.log(`\nload average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
