/**
 * `npm run bench -- briefing [--incidents 10000] [--runs 3]`
 *
 * A duty day with 10,000 incidents (imported with `cli ingest`), the console host on it (no
 * simulator), Chromium on the console: click 简报 → the PDF saved, timed for each run (the first
 * one starts the printing Chromium), with its pages and a check that its text holds the headline
 * figures; then `cli briefing` on the same data directory, end to end. Needs out/ built (it
 * builds when stale). Prints a Markdown table for docs/BENCHMARKS.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumForTests } from '../lib/chromium.mjs';
import { writeDutyDayExport } from '../../src-main/simulator/duty-day-export';
import { consoleUrl } from '../lib/processes.mjs';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const N = flag('incidents', 10_000);
const RUNS = flag('runs', 3);
const root = join(import.meta.dirname, '../..');
const cli = join(root, 'out/main/cli.js');

const freshness = '../build-freshness.mjs';
const { buildNeeded } = (await import(freshness)) as { buildNeeded: (root: string) => string | false };
const stale = buildNeeded(root);
if (stale) {
  console.log(`building first (${stale})`);
  if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}, Node ${process.version}, ${new Date().toISOString()}`);
const work = mkdtempSync(join(tmpdir(), 'cc-bench-briefing-'));
const dataDir = join(work, 'data');
const file = join(work, 'duty-day.json');
const made = writeDutyDayExport(file, N, Date.now());
const ingest = spawnSync(process.execPath, [cli, 'ingest', file, '--format', 'open311', '--data-dir', dataDir, '--json'], { encoding: 'utf8' });
if (ingest.status !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
console.log(`duty day: ${made.records.toLocaleString('en')} incidents from ${new Date(made.from).toISOString()} imported`);

const host = spawn(process.execPath, [join(root, 'out/main/console.js'), '--data-dir', dataDir, '--port', '0', '--no-simulator'], { stdio: ['ignore', 'pipe', 'pipe'] });
const found = chromiumForTests();
const browser = await chromium.launch({ executablePath: found.executablePath, env: found.env, args: found.args, headless: true });
try {
  const url = await consoleUrl(host);
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, acceptDownloads: true });
  await page.goto(url);
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
  const rows: string[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const t0 = performance.now();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('briefing-button').click()]);
    const out = join(work, `run-${run}.pdf`);
    await download.saveAs(out);
    const ms = performance.now() - t0;
    const info = spawnSync('pdfinfo', [out], { encoding: 'utf8' }).stdout;
    const text = spawnSync('pdftotext', [out, '-'], { encoding: 'utf8' }).stdout;
    const pages = /Pages:\s+(\d+)/.exec(info)?.[1] ?? '?';
    const holds = text.includes('值班快报') && text.includes(N.toLocaleString('en-US'));
    rows.push(`| ${run}${run === 1 ? ' (starts the printing Chromium)' : ''} | ${Math.round(ms)} ms | ${pages} | ${holds ? 'yes' : 'NO'} |`);
  }
  console.log(`\nclick 简报 → PDF saved, ${N.toLocaleString('en')} incidents in the duty day:\n\n| run | click → file | pages | text holds 值班快报 and the received count |\n|---|---|---|---|\n${rows.join('\n')}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'briefing', '--out', join(work, 'cli.pdf'), '--data-dir', dataDir, '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cli briefing failed: ${r.stderr}`);
  console.log(`\ncli briefing (console core, host and Chromium started for it): ${Math.round(performance.now() - t0)} ms in all; ${r.stdout.trim().split('\n').at(-1)}`);
} finally {
  await browser.close();
  host.kill('SIGTERM');
  await new Promise((r) => host.once('exit', r));
  rmSync(work, { recursive: true, force: true });
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}
