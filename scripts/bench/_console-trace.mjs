#!/usr/bin/env node
/**
 * `node scripts/bench/_console-trace.mjs [--actions 10] [--restart] [--out DIR]` — where the
 * incident actions' time goes, in the page. Starts the built console host (out/ must be fresh) on a
 * fresh data directory with Chromium as the console benchmark opens it (with `--restart`, restarts
 * it on the same directory first, as the benchmark does), then for each action on a different
 * incident records a Chromium trace (`devtools.timeline`, `v8`, `gpu`, `cc`, `blink.user_timing`)
 * and a CPU profile from just before the click to the frame that shows the answer, and prints: the
 * in-page time (pointerdown → that frame, as `npm run bench -- console` times it), each
 * main-thread task over 16 ms in that window with what filled it (self time by trace event name),
 * the action's marks, and for "open nearby cameras" the JavaScript functions with the most self
 * time (names are minified in a production build). With `--out`, the traces are kept (open them
 * in Chrome's performance panel). `CC_TRACE_GPU_COMPOSITING=1` leaves out `--disable-gpu`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { actionTime, armAction } from '../lib/action-timer.mjs';
import { consoleWindowOptions } from '../lib/chromium.mjs';
import { consoleUrl } from '../lib/processes.mjs';

const root = join(import.meta.dirname, '../..');
const opt = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ACTIONS = Number(opt('--actions', 10));
const OUT = opt('--out', '');
if (OUT) mkdirSync(OUT, { recursive: true });

const dataDir = mkdtempSync(join(tmpdir(), 'cc-trace-console-'));
const profile = mkdtempSync(join(tmpdir(), 'cc-trace-chromium-'));
const host = () => spawn(process.execPath, [join(root, 'out/main/console.js'), '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
let child = host();
let url = await consoleUrl(child);
// CC_TRACE_GPU_COMPOSITING=1: the page composited in the GPU process, as the Electron shell on a GPU-less machine.
const context = await chromium.launchPersistentContext(profile, consoleWindowOptions({ gpuCompositing: process.env.CC_TRACE_GPU_COMPOSITING === '1' }));
const page = context.pages()[0] ?? (await context.newPage());
const cdp = await context.newCDPSession(page);
await page.goto(url);
await page.getByTestId('incident-row').first().waitFor({ state: 'visible', timeout: 60_000 });
// --restart: as the console benchmark does, the actions follow a restart on the same data directory.
if (process.argv.includes('--restart')) {
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  child = host();
  url = await consoleUrl(child);
  await page.goto(url);
  await page.getByTestId('incident-row').first().waitFor({ state: 'visible', timeout: 60_000 });
}

async function traced(name, act) {
  const events = [];
  const onData = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', onData);
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing', 'gpu', 'cc', 'blink', 'loading', 'disabled-by-default-v8.gc'],
    },
  });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  await act();
  const inPage = await actionTime(page);
  const { profile: cpu } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', onData);
  if (OUT) writeFileSync(join(OUT, `${name}.json`), JSON.stringify({ traceEvents: events }));
  return { inPage, events, cpu };
}

/** JavaScript self time by function (the CPU profile of the same window), the largest first. */
function jsSelf(cpu, top = 12) {
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = cpu.timeDeltas;
  cpu.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i + 1] ?? 0) / 1000);
  });
  return [...self].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `    ${v.toFixed(1)} ms ${k}`).join('\n');
}

/** Main-thread tasks over 16 ms and what filled them; the renderer's user-timing marks. */
function analyse(events) {
  const threads = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const mainKey = [...threads].find(([, n]) => n === 'CrRendererMain')?.[0];
  const main = events.filter((e) => `${e.pid}:${e.tid}` === mainKey && (e.ph === 'X' || e.ph === 'B' || e.ph === 'E' || e.ph === 'R' || e.ph === 'I' || e.ph === 'n'));
  // B/E pairs → complete events.
  const stack = [];
  const complete = [];
  for (const e of main.sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'X') complete.push(e);
    else if (e.ph === 'B') stack.push(e);
    else if (e.ph === 'E') {
      const b = stack.pop();
      if (b) complete.push({ ...b, ph: 'X', dur: e.ts - b.ts });
    }
  }
  complete.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const tasks = complete.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const marks = events.filter((e) => e.cat?.includes('blink.user_timing') && e.name.startsWith('action:') || e.cat?.includes('blink.user_timing') && e.name.startsWith('cc:'));
  const t0 = marks.find((m) => m.name === 'action:pointerdown')?.ts ?? tasks[0]?.ts ?? 0;
  const out = [];
  for (const task of tasks.filter((t) => t.dur > 16_000)) {
    const inside = complete.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + task.dur);
    // Self time per name: an event's duration minus its direct children's (nesting by a stack).
    const self = new Map();
    const open = [];
    const label = (e) => (e.name === 'FunctionCall' && e.args?.data?.functionName ? `FunctionCall ${e.args.data.functionName}` : e.name);
    const add = (e) => self.set(label(e), (self.get(label(e)) ?? 0) + Math.max(0, e.self));
    for (const e of inside) {
      while (open.length && open.at(-1).ts + open.at(-1).dur <= e.ts) add(open.pop());
      const x = { ...e, self: e.dur };
      if (open.length) open.at(-1).self -= e.dur;
      open.push(x);
    }
    while (open.length) add(open.pop());
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, s]) => `${n} ${(s / 1000).toFixed(0)}`);
    out.push(`  task at +${((task.ts - t0) / 1000).toFixed(0)} ms, ${(task.dur / 1000).toFixed(0)} ms: ${top.join(', ')}`);
  }
  const seen = new Set();
  for (const m of marks.sort((a, b) => a.ts - b.ts)) {
    const key = `${m.name}@${m.ts}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(`  mark ${m.name} +${((m.ts - t0) / 1000).toFixed(0)} ms`);
  }
  return out.join('\n');
}

const rows = page.getByTestId('incident-row');
for (let k = 0; k < ACTIONS; k++) {
  await rows.nth(k % 8).click();
  const title = (await page.getByTestId('detail-title').textContent()) ?? '';
  const n = await traced(`nearest-${k}`, async () => {
    await armAction(page, '[data-testid="nearest-action"]', '[data-testid="nearest-camera"]');
    await page.getByTestId('nearest-action').click();
  });
  console.log(`nearest ${k}: ${n.inPage.toFixed(0)} ms in the page\n${analyse(n.events)}`);
  const o = await traced(`nearby-${k}`, async () => {
    await armAction(page, '[data-testid="open-nearby-cameras"]', '[data-testid="video-context"]', title);
    await page.getByTestId('open-nearby-cameras').click();
  });
  console.log(`open nearby ${k}: ${o.inPage.toFixed(0)} ms in the page\n${analyse(o.events)}\n  JavaScript:\n${jsSelf(o.cpu)}`);
  await page.getByTestId('nav-situation').click();
  await page.getByTestId('incident-row').first().waitFor({ state: 'visible' });
}
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

await context.close();
await new Promise((resolve) => {
  child.once('exit', resolve);
  child.kill('SIGTERM');
});
rmSync(dataDir, { recursive: true, force: true });
rmSync(profile, { recursive: true, force: true });
