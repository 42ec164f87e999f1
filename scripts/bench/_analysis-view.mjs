/**
 * The browser half of `npm run bench -- analysis --browser 1`: `node _analysis-view.mjs DATA CLICKS`.
 * Starts the built console host (`out/`) on the benchmark's cache without the simulator, opens
 * the Analysis view in Debian Chromium at 1920×1080 and times, in the page, a click on the first
 * category bar (filtering, then clearing, in turn) until the view's load counter has moved and
 * every chart has drawn its new options (`__ccCharts.pending` cleared).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { consoleUrl } from '../lib/processes.mjs';

const [DATA, clicksArg] = process.argv.slice(2);
const CLICKS = Number(clicksArg ?? 20);
const root = join(import.meta.dirname, '../..');
const CHARTS = ['category', 'grid', 'time', 'funnel', 'calendar'];
/** A click whose redraw takes longer than this fails the run (with what the page saw). */
const CLICK_LIMIT = 60_000;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const fmt = (x) => (x < 10 ? x.toFixed(1) : String(Math.round(x)));

if (!existsSync(join(root, 'out/main/console.js'))) throw new Error('out/ is missing: npm run build first');
const child = spawn(process.execPath, [join(root, 'out/main/console.js'), '--data-dir', DATA, '--port', '0', '--no-simulator'], { stdio: ['ignore', 'pipe', 'pipe'] });
const url = await consoleUrl(child);
const profile = mkdtempSync(join(tmpdir(), 'cc-bench-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1920, height: 1080 },
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  ],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.getByRole('link', { name: '统计分析' }).or(page.getByRole('tab', { name: '统计分析' })).or(page.getByText('统计分析', { exact: true })).first().click();
  const opened = performance.now();
  // Ready: the first load has landed and every chart has finished drawing the options it was last
  // given (a chart first draws empty, before the figures arrive: a draw count alone says too little,
  // and a click on a bar still growing in lands beside it).
  await page.waitForFunction(
    (names) => {
      const v = document.querySelector('[data-testid="analysis-view"]');
      const r = window.__ccCharts;
      return (
        v?.getAttribute('data-loading') === 'no' &&
        Number(v.getAttribute('data-loaded')) > 0 &&
        !!r &&
        names.every((n) => (r.drawn[n] ?? 0) > 0 && r.pending[n] === false)
      );
    },
    CHARTS,
    { timeout: 120_000 },
  );
  console.log(`\nthe view in Chromium: opened with every chart drawn in ${Math.round(performance.now() - opened)} ms`);
  const redraw = [];
  const landed = [];
  for (let k = 0; k < CLICKS; k++) {
    // Arms a watcher in the page: from the click (capture phase) to the frame in which the load
    // counter has moved and every chart has drawn the new options; gives up (with what it saw)
    // after CLICK_LIMIT ms instead of waiting for ever.
    const target = await page.evaluate(
      ({ names, limit }) => {
        const view = document.querySelector('[data-testid="analysis-view"]');
        const loaded = Number(view.getAttribute('data-loaded'));
        const r = window.__ccCharts;
        const drawn = Object.fromEntries(names.map((n) => [n, r.drawn[n] ?? 0]));
        let clickedAt = 0;
        let landedAt = 0;
        document.addEventListener('pointerdown', () => (clickedAt = performance.now()), { capture: true, once: true });
        window.__benchDone = new Promise((resolve, reject) => {
          const check = () => {
            const now = performance.now();
            const moved = Number(view.getAttribute('data-loaded')) > loaded;
            if (moved && !landedAt) landedAt = now;
            const done =
              clickedAt > 0 && moved && view.getAttribute('data-loading') === 'no' && names.every((n) => (r.drawn[n] ?? 0) > drawn[n] && r.pending[n] === false);
            if (done) resolve({ redraw: now - clickedAt, landed: landedAt - clickedAt });
            else if (clickedAt > 0 && now - clickedAt > limit) {
              const state = names.map((n) => `${n} drawn ${r.drawn[n]} (was ${drawn[n]}) pending ${r.pending[n]}`).join(', ');
              reject(new Error(`no redraw ${limit} ms after the click: loaded ${view.getAttribute('data-loaded')} (was ${loaded}), loading ${view.getAttribute('data-loading')}; ${state}`));
            } else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        });
        // The middle of the first "received" bar as drawn (bars widen when one category is left:
        // a fixed offset from the band's centre would land in the gap between its two bars).
        const chart = r.charts.category;
        const bar = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(0);
        const box = chart.getDom().getBoundingClientRect();
        return { x: box.left + bar.x + bar.width / 2, y: box.top + bar.y + bar.height / 2 };
      },
      { names: CHARTS, limit: CLICK_LIMIT },
    );
    await page.mouse.click(target.x, target.y);
    const t = await page.evaluate(() => window.__benchDone);
    redraw.push(t.redraw);
    landed.push(t.landed);
  }
  const sorted = [...redraw].sort((a, b) => a - b);
  const sortedLanded = [...landed].sort((a, b) => a - b);
  console.log(
    `  ${CLICKS} clicks on the first category bar (filtering and clearing in turn), the view's own range (30 days) at 1920×1080:\n` +
      `  click → figures landed (six queries over the WebSocket): p50 ${fmt(percentile(sortedLanded, 50))} ms, p95 ${fmt(percentile(sortedLanded, 95))} ms\n` +
      `  click → every chart redrawn: p50 ${fmt(percentile(sorted, 50))} ms, p95 ${fmt(percentile(sorted, 95))} ms, max ${fmt(sorted[sorted.length - 1])} ms` +
      `\n  each: ${redraw.map((x) => Math.round(x)).join(', ')}`,
  );
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  await new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}
