/**
 * Video benchmark: `npm run bench -- video [--seconds N]` (after `npm run build`).
 *
 * Starts the console host (demo catalog, demo media server) and drives the video view in Chromium:
 * at 4, 9 and 16 tiles it measures dropped / decoded frames (getVideoPlaybackQuality) and the CPU
 * used by Chromium and the console host over N seconds; then it switches layouts 400 times and,
 * after 100, 200 and 400 switches (back at 16 playing tiles, garbage collected through the
 * DevTools protocol), reports the JS heap, the DOM nodes and listeners, the live players and the
 * media elements: a leak grows with the switches, warm-up does not.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumForTests } from '../lib/chromium.mjs';
import { consoleUrl, cpuSeconds } from '../lib/processes.mjs';

const root = join(import.meta.dirname, '../..');
const secondsArg = process.argv.indexOf('--seconds');
/** `--heap-only`: skip the frame and CPU measurements, only the layout switches and the heap. */
const HEAP_ONLY = process.argv.includes('--heap-only');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 10;
const snapshotsArg = process.argv.indexOf('--snapshots');
/** `--snapshots DIR`: also write a heap snapshot at the start and after 100, 200 and 400 switches (compare them with `heap-diff.mjs`). */
const SNAPSHOT_DIR = snapshotsArg > 0 ? process.argv[snapshotsArg + 1] : undefined;

if (!existsSync(join(root, 'out/main/console.js'))) {
  console.error('run `npm run build` first');
  process.exit(2);
}

const dataDir = mkdtempSync(join(tmpdir(), 'cc-bench-video-'));
const profile = mkdtempSync(join(tmpdir(), 'cc-bench-chromium-'));
const host = spawn(process.execPath, [join(root, 'out/main/console.js'), '--data-dir', dataDir, '--port', '0', '--history-days', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
const url = await consoleUrl(host);

const browser = chromiumForTests();
const context = await chromium.launchPersistentContext(profile, {
  executablePath: browser.executablePath,
  ...(browser.env ? { env: browser.env } : {}),
  headless: true,
  viewport: { width: 1600, height: 900 },
  locale: 'zh-CN',
  args: browser.args,
});
const page = context.pages()[0] ?? (await context.newPage());
const cdp = await context.newCDPSession(page);

const tileStates = () => page.evaluate(() => [...document.querySelectorAll('[data-testid="video-tile"]')].map((t) => t.getAttribute('data-state')));
const quality = () =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="video-grid"] video')].map((v) => {
      const q = v.getVideoPlaybackQuality();
      return { total: q.totalVideoFrames, dropped: q.droppedVideoFrames };
    }),
  );
/** Switches the layout and waits for the grid to show it (the grid's own data-kind). */
async function switchTo(kind) {
  const shown = () => page.evaluate(() => document.querySelector('[data-testid="video-grid"]')?.getAttribute('data-kind'));
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.getByTestId(`layout-${kind}`).click();
    try {
      await page.waitForFunction((k) => document.querySelector('[data-testid="video-grid"]')?.getAttribute('data-kind') === k, kind, { timeout: 20_000 });
      return;
    } catch {
      console.error(`layout ${kind}: the grid still shows ${await shown()}, clicking again`);
    }
  }
  throw new Error(`layout ${kind} never showed (grid: ${await shown()})`);
}

/** After a full garbage collection (twice: weak references and finalizers free more on the second). */
async function memory() {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const counts = await page.evaluate(() => ({
    players: Number(document.querySelector('[data-testid="video-grid"]')?.getAttribute('data-players')),
    media: document.querySelectorAll('video, [data-testid="video-tile"] img').length,
  }));
  return { heapMiB: heap.usedSize / 1024 / 1024, nodes: dom.nodes, listeners: dom.jsEventListeners, ...counts };
}

/** Writes a heap snapshot of the page (taken after the collections of `memory()`) to `SNAPSHOT_DIR/<name>.heapsnapshot`. */
async function snapshot(name) {
  if (!SNAPSHOT_DIR) return;
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  const out = createWriteStream(join(SNAPSHOT_DIR, `${name}.heapsnapshot`));
  const onChunk = ({ chunk }) => out.write(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await new Promise((resolve) => out.end(resolve));
}

async function waitPlayers(n, timeoutMs = 120_000) {
  await page.waitForSelector(`[data-testid="video-grid"][data-players="${n}"]`, { timeout: timeoutMs });
}

/** Waits on the tiles' own state: every one of `n` tiles reports playing (generous on a busy machine). */
async function waitPlaying(n, timeoutMs = 180_000) {
  try {
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="video-tile"][data-state="playing"]').length >= n, n, { timeout: timeoutMs, polling: 250 });
  } catch {
    throw new Error(`${n} tiles did not all start playing within ${timeoutMs / 1000} s: ${JSON.stringify(await tileStates())}`);
  }
}

try {
  await page.goto(url);
  await page.getByTestId('nav-video').click();
  await page.waitForSelector('[data-testid="video-view"][data-loaded="true"]');
  console.log(`video benchmark, ${cpus().length} cores, ${SECONDS} s per step, ${new Date().toISOString()}`);
  console.log('tiles | decoded frames | dropped | dropped % | CPU Chromium (% of one core) | CPU console host');
  for (const [n, kind] of HEAP_ONLY
    ? [[16, '16']]
    : [
        [4, '4'],
        [9, '9'],
        [16, '16'],
      ]) {
    await page.getByTestId(`layout-${kind}`).click();
    const node = page.locator('.n-tree-node', { hasText: /^城管/ }).first();
    await node.hover();
    await node.getByTestId('open-all').click();
    await waitPlaying(n);
    await page.waitForTimeout(2000);
    const q0 = await quality();
    const c0 = cpuSeconds(profile);
    const h0 = cpuSeconds(dataDir);
    const t0 = Date.now();
    await page.waitForTimeout(SECONDS * 1000);
    const q1 = await quality();
    const wall = (Date.now() - t0) / 1000;
    const c1 = cpuSeconds(profile);
    const h1 = cpuSeconds(dataDir);
    const decoded = q1.reduce((s, q, i) => s + q.total - (q0[i]?.total ?? 0), 0);
    const dropped = q1.reduce((s, q, i) => s + q.dropped - (q0[i]?.dropped ?? 0), 0);
    console.log(
      `${String(n).padStart(5)} | ${String(decoded).padStart(14)} | ${String(dropped).padStart(7)} | ${((100 * dropped) / Math.max(1, decoded)).toFixed(1).padStart(9)} | ${((100 * (c1 - c0)) / wall).toFixed(0).padStart(28)} | ${((100 * (h1 - h0)) / wall).toFixed(0).padStart(16)}`,
    );
  }

  // 400 layout switches, measured after 100, 200 and 400, each time back at 16 playing tiles.
  await waitPlaying(16);
  const kinds = ['1', '9', '1+5', '4', '1+7', '16'];
  console.log(`            | JS heap MiB | DOM nodes | listeners | players | media elements | switches took`);
  const row = (label, m, ms) =>
    console.log(
      `${label.padEnd(11)} | ${m.heapMiB.toFixed(1).padStart(11)} | ${String(m.nodes).padStart(9)} | ${String(m.listeners).padStart(9)} | ${String(m.players).padStart(7)} | ${String(m.media).padStart(14)} | ${ms ? `${(ms / 1000).toFixed(1)} s` : ''}`,
    );
  row('start', await memory());
  await snapshot('start');
  let done = 0;
  for (const upTo of [100, 200, 400]) {
    const t0 = Date.now();
    for (; done < upTo; done++) {
      const kind = kinds[done % kinds.length];
      await switchTo(kind);
    }
    const switchMs = Date.now() - t0;
    await switchTo('16');
    await waitPlayers(16);
    await waitPlaying(16);
    row(`after ${upTo}`, await memory(), switchMs);
    await snapshot(`after-${upTo}`);
  }
} finally {
  await context.close();
  host.kill('SIGTERM');
  await new Promise((r) => host.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
