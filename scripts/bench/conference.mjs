/**
 * Conference benchmark: `npm run bench -- conference [--pages N] [--seconds S]` (after `npm run build`).
 *
 * Starts Janus on loopback (scripts/lib/janus.mjs) and the console host with a conference.json
 * pointing at it, then N Chromium pages (default 6) with fake capture devices join one room, one
 * after the other. For every page it measures the time from "join" to the first frame of each
 * participant already in the room (requestVideoFrameCallback), then for S seconds (default 60)
 * the longest gap between two frames of every remote video (a freeze) and the frames shown, and
 * the CPU used by Chromium (per page), Janus and the console host. `--height H --fps F` set the
 * picture each page sends (default 640×360 at 15 fps: six senders and thirty receivers share the
 * machine's cores here).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumForTests } from '../lib/chromium.mjs';
import { startJanus } from '../lib/janus.mjs';

const root = join(import.meta.dirname, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PAGES = arg('--pages', 6);
const SECONDS = arg('--seconds', 60);
/** The picture each page sends (conference.json `capture`): `--height 360` sends 640×360. */
const HEIGHT = arg('--height', 360);
const FPS = arg('--fps', 15);
const CLK_TCK = 100;

if (!existsSync(join(root, 'out/main/console.js'))) {
  console.error('run `npm run build` first');
  process.exit(2);
}

/** CPU seconds used so far by the processes whose command line contains `marker`, and their descendants. */
function cpuSeconds(marker) {
  const procs = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      procs.set(pid, { ppid: fields[1], ticks: Number(fields[11]) + Number(fields[12]), root: cmd.includes(marker) });
    } catch {
      // ended meanwhile
    }
  }
  const counted = (pid, depth = 0) => {
    const p = procs.get(pid);
    if (!p || depth > 20) return false;
    return p.root || counted(p.ppid, depth + 1);
  };
  let ticks = 0;
  for (const [pid, p] of procs) if (counted(pid)) ticks += p.ticks;
  return ticks / CLK_TCK;
}

/** In every page: follow each remote tile's video with requestVideoFrameCallback. */
const PROBE = () => {
  const probe = { joinAt: 0, first: {}, last: {}, maxGap: {}, frames: {}, measuring: false };
  window.__confProbe = probe;
  const watched = new WeakSet();
  const watch = (video, feed) => {
    watched.add(video);
    const onFrame = (now) => {
      if (!video.isConnected) return;
      if (probe.first[feed] === undefined) probe.first[feed] = now - probe.joinAt;
      if (probe.measuring) {
        if (probe.last[feed] !== undefined) probe.maxGap[feed] = Math.max(probe.maxGap[feed] ?? 0, now - probe.last[feed]);
        probe.frames[feed] = (probe.frames[feed] ?? 0) + 1;
      }
      probe.last[feed] = now;
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  const scan = () => {
    for (const tile of document.querySelectorAll('[data-testid="conference-tile"][data-kind="remote"]')) {
      const v = tile.querySelector('video');
      if (v && !watched.has(v)) watch(v, tile.getAttribute('data-feed'));
    }
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true });
};

const janus = await startJanus();
const dataDir = mkdtempSync(join(tmpdir(), 'cc-bench-conf-'));
writeFileSync(join(dataDir, 'conference.json'), JSON.stringify({ server: janus.url, adminKey: janus.adminKey, recordDir: janus.recordDir, capture: { width: Math.round((HEIGHT * 16) / 9), height: HEIGHT, frameRate: FPS } }));
const host = spawn(process.execPath, [join(root, 'out/main/console.js'), '--data-dir', dataDir, '--port', '0', '--history-days', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  host.stdout.on('data', (d) => {
    out += d.toString();
    const m = /^Console: (\S+)$/m.exec(out);
    if (m) resolve(m[1]);
  });
  host.once('exit', (code) => reject(new Error(`console host exited with ${code}`)));
});

const profileMarker = `cc-bench-conf-chromium-${process.pid}`;
const b = chromiumForTests();
const browser = await chromium.launch({
  executablePath: b.executablePath,
  ...(b.env ? { env: b.env } : {}),
  headless: true,
  args: [...b.args, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection', `--bench-marker=${profileMarker}`],
});

const pages = [];
const joinTimes = [];
try {
  for (let i = 0; i < PAGES; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('html[data-ready="true"]').waitFor({ timeout: 300_000 });
    await page.evaluate(() => (location.hash = '#/conference/bench'));
    await page.locator('[data-testid="conference-panel"][data-ready="true"]').waitFor({ timeout: 300_000 });
    await page.getByTestId('conference-name').locator('input').fill(`席位 ${i + 1}`);
    await page.evaluate(() => (window.__confProbe.joinAt = performance.now()));
    await page.getByTestId('conference-join').click();
    await page.locator('[data-testid="conference-panel"][data-phase="joined"]').waitFor({ timeout: 30_000 });
    // First frame of every participant already in the room.
    const deadline = Date.now() + 30_000;
    let first = {};
    while (Date.now() < deadline) {
      first = await page.evaluate(() => window.__confProbe.first);
      if (Object.keys(first).length >= i) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const times = Object.values(first);
    if (times.length < i) console.log(`page ${i + 1}: saw ${times.length} of ${i} participants within 30 s`);
    joinTimes.push(...times);
    console.log(`page ${i + 1} joined: first remote frames ${times.map((t) => `${Math.round(t)} ms`).join(', ') || '(alone)'}`);
    pages.push(page);
  }

  // Let every page see everyone, then measure.
  await Promise.all(pages.map((p) => p.locator('[data-testid="conference-tile"][data-kind="remote"]').nth(PAGES - 2).waitFor({ timeout: 30_000 })));
  await Promise.all(pages.map((p) => p.evaluate(() => {
    const probe = window.__confProbe;
    probe.maxGap = {};
    probe.frames = {};
    probe.measuring = true;
  })));
  const cpu0 = { chromium: cpuSeconds(profileMarker), host: cpuSeconds(dataDir) };
  const janusCpu0 = cpuSeconds('cc-janus-');
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const wall = (Date.now() - t0) / 1000;
  const cpu = { chromium: cpuSeconds(profileMarker) - cpu0.chromium, janus: cpuSeconds('cc-janus-') - janusCpu0, host: cpuSeconds(dataDir) - cpu0.host };
  const results = await Promise.all(pages.map((p) => p.evaluate(() => ({ maxGap: window.__confProbe.maxGap, frames: window.__confProbe.frames }))));

  const sorted = [...joinTimes].sort((a, b) => a - b);
  const pct = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const gaps = results.flatMap((r) => Object.values(r.maxGap));
  const frames = results.flatMap((r) => Object.values(r.frames));
  const videos = frames.length;
  console.log('');
  console.log(`conference: ${PAGES} pages on ${cpus().length} cores, ${SECONDS} s, each sending ${Math.round((HEIGHT * 16) / 9)}×${HEIGHT} at ${FPS} fps (three simulcast layers)`);
  console.log(`join → first remote frame: n=${sorted.length} median ${Math.round(pct(0.5))} ms, p95 ${Math.round(pct(0.95))} ms, max ${Math.round(sorted.at(-1))} ms`);
  console.log(`remote videos: ${videos} (expected ${PAGES * (PAGES - 1)}); frames per video per second: min ${(Math.min(...frames) / wall).toFixed(1)}, median ${(frames.sort((a, b) => a - b)[Math.floor(videos / 2)] / wall).toFixed(1)}`);
  console.log(`longest freeze (gap between two frames): ${Math.round(Math.max(...gaps))} ms; videos with a gap > 1 s: ${gaps.filter((g) => g > 1000).length}`);
  console.log(`CPU over ${wall.toFixed(0)} s (share of one core): Chromium ${(100 * cpu.chromium / wall).toFixed(0)}% = ${(100 * cpu.chromium / wall / PAGES).toFixed(0)}% per page; Janus ${(100 * cpu.janus / wall).toFixed(0)}%; console host ${(100 * cpu.host / wall).toFixed(0)}%`);
} finally {
  await browser.close();
  host.kill('SIGTERM');
  await new Promise((r) => host.once('exit', r));
  await janus.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
