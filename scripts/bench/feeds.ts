/**
 * Sustained ingest through a connector: the built-in simulator, as its own process, in surge
 * mode at several offered rates; the WebSocket connector stores into a real database (WAL, one
 * transaction per batch, duplicate linking on). Prints messages/s stored and the lag at the end.
 *   npm run bench -- feeds [--seconds 15] [--rates 500,2000,5000]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FeedIngest } from '../../src-main/feeds/feed-ingest';
import { WebSocketFeed } from '../../src-main/feeds/websocket-feed';
import { SimulatorProcess } from '../../src-main/services/simulator-process';
import { openDatabase } from '../../src-main/store/database';
import { IncidentStore } from '../../src-main/store/incident-store';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '15' }, rates: { type: 'string', default: '500,2000,5000' } } });
const seconds = Number(values.seconds);
const rates = values.rates!.split(',').map(Number);
const root = join(import.meta.dirname, '../..');
const entry = join(root, 'out/main/simulator.js');
if (!existsSync(entry)) {
  process.stderr.write('building…\n');
  spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function run(perSecond: number): Promise<{ offered: number; stored: number; lagMs: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-'));
  const db = openDatabase(dir);
  const store = new IncidentStore(db);
  const ingest = new FeedIngest(db, store, { incidents: () => {}, alerts: () => {}, vehicles: () => {}, status: () => {} });
  const sim = new SimulatorProcess({ entry, seed: 1, ratePerMinute: 0, historyHours: 0, surge: true, surgePerSecond: perSecond });
  const url = await sim.start();
  const feed = new WebSocketFeed({ id: 'bench', name: 'bench', url, sink: ingest.sink() });
  feed.start();
  await sleep(3000); // warm-up
  const a = feed.status().accepted;
  const t = performance.now();
  await sleep(seconds * 1000);
  const b = feed.status().accepted;
  const elapsed = (performance.now() - t) / 1000;
  const health = (await (await fetch(url.replace(/^ws/, 'http').replace('/v1/grid-events', '/healthz'))).json()) as { latestSeq: number };
  const lagMs = feed.status().lagMs;
  await feed.stop();
  await sim.stop();
  ingest.dispose();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { offered: health.latestSeq / (elapsed + 3), stored: (b - a) / elapsed, lagMs };
}

process.stdout.write(`feeds bench: ${cpus().length} cores, Node ${process.versions.node}, ${seconds} s per rate\n`);
for (const r of rates) {
  const { offered, stored, lagMs } = await run(r);
  process.stdout.write(
    `surge ${String(r).padStart(5)}/s offered: ${offered.toFixed(0).padStart(6)} msg/s · stored ${stored.toFixed(0).padStart(6)} msg/s · lag at end ${lagMs === null ? '—' : `${(lagMs / 1000).toFixed(1)} s`}\n`,
  );
}
