/**
 * Console benchmark: `npm run bench -- console [--runs N] [--actions N]`.
 *
 * With out/ fresh (built first if it is not, outside the timing), each run starts
 * `npm run console`'s script on a fresh data directory with Chromium already open, and measures:
 * process start → `Console:` URL printed → the first incident on screen. Then, in the last run's
 * page, the latency of the incident actions "最近的视频和车辆" (nearest cameras and vehicles: click
 * → the list of results shown) and "打开附近摄像头" (open nearby cameras: click → the video view
 * with its tiles assigned), each repeated, with their p95, and the switch back to the map. Before
 * the actions, the console is restarted on the last run's data directory (its cache, the everyday
 * start) and the same two start figures are taken.
 * With `--surge S`, then S seconds of 50 incidents a second from the simulator into the same
 * page (situation view, default layers): frames drawn per second (requestAnimationFrame) and the
 * long tasks (> 50 ms) the page saw; and, with the alert level at red, how long after the console
 * host received each red incident (its `updatedAt`; stored within the feed's next 100 ms batch, so
 * this bounds stored → sound from above) the alert sound started (the audio element's `play`
 * event). Each alert is acknowledged once it sounded, so the next one shows on the bar.
 * Prints a Markdown table for docs/BENCHMARKS.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { buildNeeded } from '../build-freshness.mjs';
import { actionTime, armAction } from '../lib/action-timer.mjs';
import { consoleWindowOptions } from '../lib/chromium.mjs';
import { consoleUrl } from '../lib/processes.mjs';

const root = join(import.meta.dirname, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 3);
const ACTIONS = arg('--actions', 20);
/** Seconds of the surge part (50 incidents a second into the last run's page); 0 skips it. */
const SURGE = arg('--surge', 0);

const stale = buildNeeded(root);
if (stale) {
  console.log(`building first (${stale})`);
  const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x) => `${Math.round(x)} ms`;

const profile = mkdtempSync(join(tmpdir(), 'cc-bench-chromium-'));
const context = await chromium.launchPersistentContext(profile, consoleWindowOptions());
const page = context.pages()[0] ?? (await context.newPage());

/** Starts the console the way `npm run console` does; resolves with the URL and the time it took. */
async function startConsole(dataDir) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'scripts/console.mjs'), '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await consoleUrl(child);
  return { child, url, t0, urlMs: performance.now() - t0 };
}

async function stop(child) {
  if (child.exitCode !== null) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

const starts = [];
let last;
for (let r = 0; r < RUNS; r++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-bench-console-'));
  const c = await startConsole(dataDir);
  await page.goto(c.url);
  await page.getByTestId('incident-row').first().waitFor({ state: 'visible', timeout: 60_000 });
  const firstMs = performance.now() - c.t0;
  starts.push({ urlMs: c.urlMs, firstMs });
  console.log(`run ${r + 1}: URL ${ms(c.urlMs)}, first incident on screen ${ms(firstMs)}`);
  if (r < RUNS - 1) {
    await stop(c.child);
    rmSync(dataDir, { recursive: true, force: true });
  } else last = { ...c, dataDir };
}

// A restart on the same data directory: the workstation's cache from the shift before, the
// simulator sending only what the console missed (the everyday start; the runs above are a first
// start on a fresh data directory, with a week of history to catch up).
const restarts = [];
for (let r = 0; r < RUNS; r++) {
  await stop(last.child);
  const c = await startConsole(last.dataDir);
  await page.goto(c.url);
  await page.getByTestId('incident-row').first().waitFor({ state: 'visible', timeout: 60_000 });
  const firstMs = performance.now() - c.t0;
  restarts.push({ urlMs: c.urlMs, firstMs });
  console.log(`restart ${r + 1}: URL ${ms(c.urlMs)}, first incident on screen ${ms(firstMs)}`);
  last = { ...c, dataDir: last.dataDir };
}

// The actions, in the last run's page, on different incidents each time.
const nearest = [];
const nearby = [];
const nearestInPage = [];
const nearbyInPage = [];
const back = [];
const rows = page.getByTestId('incident-row');
for (let k = 0; k < ACTIONS; k++) {
  await rows.nth(k % 8).click();
  const title = await page.getByTestId('detail-title').textContent();
  await armAction(page, '[data-testid="nearest-action"]', '[data-testid="nearest-camera"]');
  let t = performance.now();
  await page.getByTestId('nearest-action').click();
  await page.getByTestId('nearest-camera').first().waitFor({ state: 'visible' });
  nearest.push(performance.now() - t);
  nearestInPage.push(await actionTime(page));
  await armAction(page, '[data-testid="open-nearby-cameras"]', '[data-testid="video-context"]', title ?? '');
  t = performance.now();
  await page.getByTestId('open-nearby-cameras').click();
  await page.locator('[data-testid="video-context"]', { hasText: title ?? '' }).waitFor({ state: 'visible' });
  await page.locator('[data-testid="video-tile"]:not([data-camera=""])').first().waitFor({ state: 'attached' });
  nearby.push(performance.now() - t);
  nearbyInPage.push(await actionTime(page));
  t = performance.now();
  await page.getByTestId('nav-situation').click();
  await page.getByTestId('incident-row').first().waitFor({ state: 'visible' });
  back.push(performance.now() - t);
}

let surge;
if (SURGE > 0) {
  await page.getByTestId('nav-situation').click();
  await page.getByTestId('incident-row').first().waitFor({ state: 'visible' });
  await page.evaluate(() => {
    const w = window;
    w.__surge = { frames: 0, long: [] };
    const tick = () => {
      w.__surge.frames += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__surge.long.push(e.duration))).observe({ type: 'longtask' });
  });
  // Browsers play sound only after a gesture on the page: one click, as an officer would.
  await page.getByTestId('app-title').click();
  await page.getByTestId('nav-situation').click();
  await page.evaluate(() => {
    const w = window;
    w.__sounded = new Map();
    // When the console host received each red incident (a new grid incident's updatedAt; it is
    // stored within the feed's next 100 ms batch): the start of the alert's path.
    w.__received = new Map();
    w.cc.on('incidentsChanged', (d) => {
      for (const i of d.upserted) if (i.severity === 'red' && !w.__received.has(i.id)) w.__received.set(i.id, i.updatedAt);
    });
    const audio = document.querySelector('[data-testid="alert-audio"]');
    // A tone still playing is restarted (a seek, no new play event): that is a sound too.
    const heard = () => {
      const at = Date.now();
      for (const el of document.querySelectorAll('[data-testid="duty-alert"][data-level="red"][data-incident]')) {
        const id = el.getAttribute('data-incident');
        if (w.__sounded.has(id)) continue;
        w.__sounded.set(id, at);
        void w.cc.acknowledgeAlert({ incidentId: id });
      }
    };
    audio.addEventListener('play', heard);
    audio.addEventListener('seeking', () => !audio.paused && heard());
  });
  const set = (patch) =>
    page.evaluate(async (patch) => {
      const r = await window.cc.setSettings(patch);
      if (!r.ok) throw new Error(r.error.message);
    }, patch);
  const before = await page.evaluate(() => window.cc.getSettings().then((r) => r.ok && r.value.alertLevel));
  await set({ simulatorRatePerMinute: 3000, alertLevel: 'red' });
  const t0 = performance.now();
  await page.evaluate(() => ((window.__surge.frames = 0), (window.__surge.long = [])));
  await page.waitForTimeout(SURGE * 1000); // the measured window itself, not a wait for the application
  const r = await page.evaluate(() => window.__surge);
  const seconds = (performance.now() - t0) / 1000;
  await set({ simulatorRatePerMinute: 12, ...(before ? { alertLevel: before } : {}) });
  const sounded = await page.evaluate(() => [...window.__sounded].flatMap(([id, at]) => (window.__received.has(id) ? [at - window.__received.get(id)] : [])));
  surge = {
    sounded, fps: r.frames / seconds, long: r.long.length, longMs: r.long.reduce((a, b) => a + b, 0), worst: Math.max(0, ...r.long), seconds };
}

await stop(last.child);
rmSync(last.dataDir, { recursive: true, force: true });
await context.close();
rmSync(profile, { recursive: true, force: true });

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`\nconsole benchmark, ${new Date().toISOString()}, ${cpus().length} × ${cpu}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('| figure | median of runs / p95 | all |');
console.log('|---|---|---|');
console.log(`| start → URL printed (out/ fresh) | ${ms(median(starts.map((s) => s.urlMs)))} | ${starts.map((s) => ms(s.urlMs)).join(', ')} |`);
console.log(`| start → first incident on screen | ${ms(median(starts.map((s) => s.firstMs)))} | ${starts.map((s) => ms(s.firstMs)).join(', ')} |`);
console.log(`| restart on the same data directory → URL printed | ${ms(median(restarts.map((s) => s.urlMs)))} | ${restarts.map((s) => ms(s.urlMs)).join(', ')} |`);
console.log(`| restart on the same data directory → first incident on screen | ${ms(median(restarts.map((s) => s.firstMs)))} | ${restarts.map((s) => ms(s.firstMs)).join(', ')} |`);
if (ACTIONS > 0) console.log(`| 最近的视频和车辆 (nearest cameras and vehicles), ${ACTIONS}× | p95 ${ms(pct(nearest, 95))}, median ${ms(median(nearest))} | first ${ms(nearest[0])}, max ${ms(Math.max(...nearest))} |`);
if (ACTIONS > 0) console.log(`| 打开附近摄像头 (open nearby cameras → video view), ${ACTIONS}× | p95 ${ms(pct(nearby, 95))}, median ${ms(median(nearby))} | first ${ms(nearby[0])}, max ${ms(Math.max(...nearby))} |`);
if (ACTIONS > 0) console.log(`| 最近的视频和车辆, in the page (pointerdown → the frame that shows the answer) | p95 ${ms(pct(nearestInPage, 95))}, median ${ms(median(nearestInPage))} | first ${ms(nearestInPage[0])}, max ${ms(Math.max(...nearestInPage))} |`);
if (ACTIONS > 0) console.log(`| 打开附近摄像头, in the page (pointerdown → the frame that shows the video view with the incident) | p95 ${ms(pct(nearbyInPage, 95))}, median ${ms(median(nearbyInPage))} | first ${ms(nearbyInPage[0])}, max ${ms(Math.max(...nearbyInPage))} |`);
if (ACTIONS > 0) console.log(`| (in the page, every action, ms, in order) | nearest: ${nearestInPage.map(Math.round).join(', ')} | open nearby: ${nearbyInPage.map(Math.round).join(', ')} |`);
if (ACTIONS > 0) console.log(`| back to the situation view, ${ACTIONS}× | p95 ${ms(pct(back, 95))}, median ${ms(median(back))} | first ${ms(back[0])}, max ${ms(Math.max(...back))} |`);
if (surge) {
  console.log(
    `| 50 incidents/s for ${surge.seconds.toFixed(0)} s: frames per second, long tasks > 50 ms | ${surge.fps.toFixed(1)} fps | ${surge.long} long tasks, ${Math.round(surge.longMs)} ms in all, worst ${Math.round(surge.worst)} ms |`,
  );
  if (surge.sounded.length) {
    console.log(
      `| red incident received by the host → alert sound, ${surge.sounded.length} red incidents | p95 ${ms(pct(surge.sounded, 95))}, median ${ms(median(surge.sounded))} | max ${ms(Math.max(...surge.sounded))} |`,
    );
  } else console.log('| red incident received → alert sound | no red incident sounded | |');
}
