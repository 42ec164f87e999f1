/**
 * `npm run bench -- map`: the situation map with 100,000 incidents and the heatmap.
 *
 *  1. data → map idle: our map module (the real console page, points handed to its situation
 *     store) beside a bare maplibre page with the same features in one GeoJSON source with a
 *     heatmap and a circle layer, in the same browser, alternating, median of the runs;
 *  2. a batch of 500 live updates (250 changed, 250 new) on top of the 100,000: time until it is
 *     sent to the worker, and until the map is idle again.
 *
 * Needs a bundle built for it, `VITE_BENCH=1 npm run build` (the shipped one has no benchmark
 * probe); the Chromium is chosen by scripts/lib/chromium.mjs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { chromiumForTests } from '../lib/chromium.mjs';
import { consoleUrl } from '../lib/processes.mjs';
import { LOUDI_GRIDS, assignGrid } from '../../src-shared/geo/grids';
import { SEVERITIES, type Incident } from '../../src-shared/domain/incident';
import { HEAT_WEIGHT } from '../../src-shared/map/situation';
import type { IncidentPoint } from '../../src-shared/map/points';

const root = join(import.meta.dirname, '../..');
const N = Number(process.env.BENCH_N ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BATCH = 500;

if (!existsSync(join(root, 'out/main/console.js'))) {
  process.stderr.write('run `npm run build` first\n');
  process.exit(2);
}
const chrome = chromiumForTests();

/** Deterministic incidents over the grids and the last week. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const now = Date.now();
const rnd = rng(42);
const points: IncidentPoint[] = [];
for (let i = 0; i < N; i++) {
  const g = LOUDI_GRIDS[Math.floor(rnd() * LOUDI_GRIDS.length)]!;
  const lon = g.bbox.west + (g.bbox.east - g.bbox.west) * rnd();
  const lat = g.bbox.south + (g.bbox.north - g.bbox.south) * rnd();
  const r = rnd();
  const severity = r < 0.005 ? 'red' : r < 0.04 ? 'orange' : r < 0.16 ? 'yellow' : 'blue';
  const reportedAt = now - Math.floor(rnd() * 7 * 86_400_000);
  points.push({ id: `bench:${i}`, title: `事件${i}`, lon, lat, severity, status: rnd() < 0.9 ? 'closed' : 'handling', category: 'gg.other', gridId: g.id, reportedAt, updatedAt: reportedAt + 3_600_000 });
}
points.sort((a, b) => b.reportedAt - a.reportedAt || (a.id < b.id ? 1 : -1));
const rank = (s: string): number => 4 - SEVERITIES.indexOf(s as never);
const fc = {
  type: 'FeatureCollection',
  features: points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { id: p.id, sev: rank(p.severity), w: HEAT_WEIGHT[p.severity] } })),
};
const batch: Incident[] = Array.from({ length: BATCH }, (_, k) => {
  const base = k < BATCH / 2 ? points[k * 37]! : { ...points[k]!, id: `bench:new${k}`, reportedAt: now - k * 1000 };
  return {
    id: base.id, source: 'bench', sourceId: base.id, category: base.category, severity: k < BATCH / 2 ? 'red' : base.severity, status: 'handling',
    title: base.title, description: '', lon: base.lon, lat: base.lat, original: { lon: base.lon, lat: base.lat, datum: 'WGS84' },
    gridId: assignGrid(base.lon, base.lat), address: '', reportedAt: base.reportedAt, updatedAt: now, unit: null,
  };
});

// The bare page: maplibre's own files, one source, a heatmap and a circle layer.
const dist = join(root, 'node_modules/maplibre-gl/dist');
const bareHtml = `<!doctype html><html><head><link rel="stylesheet" href="/maplibre-gl.css"><style>html,body,#m{margin:0;height:100%}</style></head>
<body><div id="m"></div><script type="module">
import { Map, setWorkerUrl } from '/maplibre-gl.mjs';
setWorkerUrl('/maplibre-gl-worker.mjs');
const map = new Map({ container: 'm', center: [112.0019, 27.7299], zoom: 12.2, attributionControl: false, style: { version: 8,
  sources: { p: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } },
  layers: [ { id: 'bg', type: 'background', paint: { 'background-color': '#0b1220' } },
    { id: 'heat', type: 'heatmap', source: 'p', paint: { 'heatmap-weight': ['get', 'w'], 'heatmap-radius': 22, 'heatmap-opacity': 0.85 } },
    { id: 'pts', type: 'circle', source: 'p', paint: { 'circle-radius': 4, 'circle-color': ['match', ['get', 'sev'], 4, '#ff3b3b', 3, '#ff8c1a', 2, '#ffd426', '#2f8cff'] } } ] } });
window.ready = new Promise((r) => map.once('idle', r));
window.run = async (fc) => { const t0 = performance.now(); const idle = new Promise((r) => map.once('idle', r)); map.getSource('p').setData(fc); await idle; return performance.now() - t0; };
</script></body></html>`;
const bare = createServer((req, res) => {
  const file = (req.url ?? '/').split('?')[0]!;
  if (file === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(bareHtml);
  } else if (['/maplibre-gl.mjs', '/maplibre-gl-worker.mjs', '/maplibre-gl-shared.mjs', '/maplibre-gl.css'].includes(file)) {
    res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(readFileSync(join(dist, file)));
  } else res.writeHead(404).end();
});
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}/`;

// Our page: the console host with no feed (a dead one), so only the benchmark's data is drawn.
const dataDir = mkdtempSync(join(tmpdir(), 'cc-bench-'));
writeFileSync(join(dataDir, 'feeds.json'), JSON.stringify({ feeds: [{ id: 'none', name: 'none', kind: 'websocket', url: 'ws://127.0.0.1:9/' }] }));
const host = spawn(process.execPath, [join(root, 'out/main/console.js'), '--data-dir', dataDir, '--port', '0', '--history-days', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
const hostUrl = await consoleUrl(host);

const browser = await chromium.launch({ executablePath: chrome.executablePath, args: chrome.args, ...(chrome.env ? { env: chrome.env } : {}) });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const ours: number[] = [];
  const oursSent: number[] = [];
  const plain: number[] = [];
  const sent: number[] = [];
  const settled: number[] = [];
  const kinds: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    const bp = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await bp.goto(bareUrl);
    await bp.evaluate(() => (globalThis as unknown as { ready: Promise<void> }).ready);
    plain.push(await bp.evaluate((data) => (globalThis as unknown as { run(d: unknown): Promise<number> }).run(data), fc));
    await bp.close();

    const op = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await op.goto(hostUrl);
    await op.waitForFunction(
      () => (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector('[data-testid="situation-map"]')?.getAttribute('data-map-state') === 'idle',
      null,
      { timeout: 60_000 },
    );
    const probed = await op.waitForFunction(() => '__ccMapBench' in globalThis, null, { timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (!probed) {
      process.stderr.write('this bundle has no benchmark probe: build it with `VITE_BENCH=1 npm run build`\n');
      process.exit(2);
    }
    type Probe = { benchLoad(r: unknown): Promise<{ sent: number; idle: number }>; benchUpsert(b: unknown): Promise<{ sent: number; idle: number; kind: string }> };
    const load = await op.evaluate((rows) => (globalThis as unknown as { __ccMapBench: Probe }).__ccMapBench.benchLoad(rows), points);
    ours.push(load.idle);
    oursSent.push(load.sent);
    const b = await op.evaluate((changes) => (globalThis as unknown as { __ccMapBench: Probe }).__ccMapBench.benchUpsert(changes), batch);
    sent.push(b.sent);
    settled.push(b.idle);
    kinds.push(b.kind);
    await op.close();
    process.stdout.write(`run ${run + 1}: bare ${plain.at(-1)!.toFixed(0)} ms, ours ${ours.at(-1)!.toFixed(0)} ms (main thread ${oursSent.at(-1)!.toFixed(0)} ms), batch sent ${b.sent.toFixed(0)} ms / idle ${b.idle.toFixed(0)} ms (${b.kind})\n`);
  }
  const ratio = median(ours) / median(plain);
  const summary = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} cores, Node ${process.versions.node}`,
    incidents: N,
    runs: RUNS,
    bareIdleMs: Math.round(median(plain)),
    oursIdleMs: Math.round(median(ours)),
    oursMainThreadMs: Math.round(median(oursSent)),
    ratio: Math.round(ratio * 100) / 100,
    batch: BATCH,
    batchSentMs: Math.round(median(sent)),
    batchIdleMs: Math.round(median(settled)),
    batchUpload: kinds[0],
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.stdout.write(ratio <= 1.2 ? `ratio ${summary.ratio} ≤ 1.2: within the floor\n` : `ratio ${summary.ratio} > 1.2: ABOVE the floor\n`);
} finally {
  await browser.close();
  host.kill('SIGTERM');
  bare.close();
  rmSync(dataDir, { recursive: true, force: true });
}
