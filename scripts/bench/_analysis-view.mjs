/**
 * The browser half of `npm run bench -- analysis --browser 1`: `node _analysis-view.mjs DATA CLICKS`.
 * Starts the built console host (`out/`) on the benchmark's cache without the simulator, opens
 * the Analysis view in Debian Chromium at 1920×1080 and times, in the page, a click on the first
 * category bar (filtering, then clearing, in turn) until the view's load counter has moved and
 * every chart has drawn its new options.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const [DATA, clicksArg] = process.argv.slice(2);
const CLICKS = Number(clicksArg ?? 20);
const root = join(import.meta.dirname, '../..');
const CHARTS = ['category', 'grid', 'time', 'funnel', 'calendar'];
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const fmt = (x) => (x < 10 ? x.toFixed(1) : String(Math.round(x)));

if (!existsSync(join(root, 'out/main/console.js'))) throw new Error('out/ is missing: npm run build first');
const child = spawn(process.execPath, [join(root, 'out/main/console.js'), '--data-dir', DATA, '--port', '0', '--no-simulator'], { stdio: ['ignore', 'pipe', 'pipe'] });
let err = '';
child.stderr.on('data', (d) => (err += d));
const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /^Console: (\S+)$/m.exec(out);
    if (m) resolve(m[1]);
  });
  child.once('exit', (code) => reject(new Error(`console exited with ${code}\n${err}`)));
});
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
  await page.waitForFunction(
    (names) => {
      const v = document.querySelector('[data-testid="analysis-view"]');
      const r = window.__ccCharts;
      return v?.getAttribute('data-loading') === 'no' && Number(v.getAttribute('data-loaded')) > 0 && !!r && names.every((n) => (r.drawn[n] ?? 0) > 0);
    },
    CHARTS,
    { timeout: 120_000 },
  );
  console.log(`\nthe view in Chromium: opened with every chart drawn in ${Math.round(performance.now() - opened)} ms`);
  const redraw = [];
  for (let k = 0; k < CLICKS; k++) {
    // Arms a watcher in the page: from the click (capture phase) to the frame in which the load
    // counter has moved and every chart has drawn since.
    const target = await page.evaluate((names) => {
      const view = document.querySelector('[data-testid="analysis-view"]');
      const loaded = Number(view.getAttribute('data-loaded'));
      const drawn = Object.fromEntries(names.map((n) => [n, window.__ccCharts.drawn[n] ?? 0]));
      let clickedAt = 0;
      document.addEventListener('pointerdown', () => (clickedAt = performance.now()), { capture: true, once: true });
      window.__benchDone = new Promise((resolve) => {
        const check = () => {
          const done =
            clickedAt > 0 &&
            Number(view.getAttribute('data-loaded')) > loaded &&
            view.getAttribute('data-loading') === 'no' &&
            names.every((n) => (window.__ccCharts.drawn[n] ?? 0) > drawn[n]);
          if (done) resolve(performance.now() - clickedAt);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
      const chart = window.__ccCharts.charts.category;
      const s = chart.getOption().series[0].data;
      const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [0, s[0].value / 2]);
      const box = chart.getDom().getBoundingClientRect();
      return { x: box.left + x - 6, y: box.top + y };
    }, CHARTS);
    await page.mouse.click(target.x, target.y);
    redraw.push(await page.evaluate(() => window.__benchDone));
  }
  const sorted = [...redraw].sort((a, b) => a - b);
  console.log(
    `  ${CLICKS} clicks on the first category bar (filtering and clearing in turn), the view's own range (30 days) at 1920×1080:\n` +
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
