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
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumForTests } from '../lib/chromium.mjs';
import { startJanus } from '../lib/janus.mjs';
import { consoleUrl, cpuSeconds } from '../lib/processes.mjs';

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
/** The rooms' video codec (conference.json `videoCodec`, default h264): `--codec vp8`. */
/** `--trace`: for every join, where its first frames waited (see __confTraceStart). */
const TRACE = process.argv.includes('--trace');
const PROFILE = process.argv.includes('--profile');
const CODEC = (() => {
  const i = process.argv.indexOf('--codec');
  return i > 0 ? process.argv[i + 1] : 'h264';
})();

if (!existsSync(join(root, 'out/main/console.js'))) {
  console.error('run `npm run build` first');
  process.exit(2);
}

/** In every page: follow each remote tile's video with requestVideoFrameCallback. */
const PROBE = () => {
  const probe = { joinAt: 0, first: {}, last: {}, maxGap: {}, frames: {}, measuring: false };
  window.__confProbe = probe;
  // Every peer connection of the page, for getStats (received resolution, encode and decode time).
  const pcs = [];
  window.__confPcs = pcs;
  const Native = window.RTCPeerConnection;
  probe.connected = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...a) {
      super(...a);
      pcs.push(this);
      const created = performance.now();
      this.__created = performance.timeOrigin + created;
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.iceConnectionState === 'checking') this.__iceChecking ??= performance.timeOrigin + performance.now();
        if (this.iceConnectionState === 'connected') this.__iceConnected ??= performance.timeOrigin + performance.now();
      });
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState === 'connected') {
          this.__connected = performance.timeOrigin + performance.now();
          probe.connected.push({ created: created - probe.joinAt, connected: performance.now() - probe.joinAt });
        }
      });
    }
  };
  // Janus signalling as the page sees it (wall time): per handle, the requests sent and the events received.
  probe.signals = [];
  const NativeWs = window.WebSocket;
  window.WebSocket = class extends NativeWs {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', (e) => {
        try {
          const m = JSON.parse(e.data);
          const what = m.janus === 'event' ? `event:${m.plugindata?.data?.videoroom ?? ''}${m.jsep ? `+${m.jsep.type}` : ''}` : m.janus;
          if (m.janus !== 'ack' && m.janus !== 'success') probe.signals.push({ t: performance.timeOrigin + performance.now(), handle: m.sender, what });
        } catch {}
      });
    }
    send(data) {
      try {
        const m = JSON.parse(data);
        if (m.janus === 'message') probe.signals.push({ t: performance.timeOrigin + performance.now(), handle: m.handle_id, what: `→${m.body?.request}${m.jsep ? `+${m.jsep.type}` : ''}` });
      } catch {}
      return super.send(data);
    }
  };
  const watched = new WeakSet();
  // The video track of each feed (getStats' trackIdentifier) and the wall time of its first frame.
  probe.trackObjects = {};
  probe.firstAt = {};
  const watch = (video, feed) => {
    watched.add(video);
    const onFrame = (now) => {
      if (!video.isConnected) return;
      const track = video.srcObject?.getVideoTracks?.()[0];
      if (track) probe.trackObjects[feed] = track;
      if (probe.first[feed] === undefined) {
        probe.first[feed] = now - probe.joinAt;
        probe.firstAt[feed] = performance.timeOrigin + now;
      }
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

  /**
   * `--trace`: where a join's first frames wait. Polls getStats every 100 ms and keeps, in wall
   * time, when each received video got its first packet, its first decoded frame and how many
   * keyframe requests (PLI) it sent meanwhile; for what this page sends, when keyframe requests
   * arrived and keyframes left, per layer.
   */
  window.__confTraceStart = () => {
    const rec = { inbound: {}, outbound: [] };
    const last = {};
    let on = true;
    // Main-thread lag: the longest a 20 ms timer was late while tracing.
    probe.lag = 0;
    const lagTick = (expected) =>
      setTimeout(() => {
        const now = performance.now();
        probe.lag = Math.max(probe.lag, now - expected);
        if (on) lagTick(now + 20);
      }, 20);
    lagTick(performance.now() + 20);
    const tick = async () => {
      const now = performance.timeOrigin + performance.now();
      for (const pc of pcs) {
        if (pc.connectionState === 'closed') continue;
        const report = await pc.getStats();
        report.forEach((r) => {
          if (r.kind !== 'video') return;
          if (r.type === 'inbound-rtp') {
            const id = pcs.indexOf(pc);
            const e = (rec.inbound[id] ??= {});
            Object.assign(e, { created: pc.__created, checking: pc.__iceChecking, ice: pc.__iceConnected, connected: pc.__connected });
            const track = pc.getReceivers().find((x) => x.track.kind === 'video')?.track;
            e.feed ??= Object.entries(probe.trackObjects).find(([, t]) => t === track)?.[0];
            if (e.packet === undefined && r.packetsReceived > 0) e.packet = now;
            if (e.decoded === undefined && r.framesDecoded > 0) {
              e.decoded = now;
              e.pliBeforeDecode = r.pliCount;
            }
            e.pli = r.pliCount;
            e.nack = r.nackCount;
            e.keyFramesDecoded = r.keyFramesDecoded;
            e.jitterMs = r.jitterBufferEmittedCount ? Math.round((1000 * r.jitterBufferDelay) / r.jitterBufferEmittedCount) : undefined;
          } else if (r.type === 'outbound-rtp') {
            const k = r.rid ?? r.ssrc;
            const prev = last[k] ?? { pli: r.pliCount, kf: r.keyFramesEncoded };
            if (r.pliCount > prev.pli) rec.outbound.push({ t: now, rid: k, what: 'pli', n: r.pliCount - prev.pli });
            if (r.keyFramesEncoded > prev.kf) rec.outbound.push({ t: now, rid: k, what: 'keyframe', n: r.keyFramesEncoded - prev.kf });
            last[k] = { pli: r.pliCount, kf: r.keyFramesEncoded };
          }
        });
      }
      if (on) setTimeout(tick, 100);
    };
    void tick();
    window.__confTraceStop = () => {
      on = false;
      return rec;
    };
  };
};

/** getStats of every peer connection of a page: what it sends, what it receives, encode/decode seconds. */
function codecStats(page) {
  return page.evaluate(async () => {
    const out = { encodeSeconds: 0, decodeSeconds: 0, sent: [], received: [], encoder: '', decoder: '' };
    for (const pc of window.__confPcs) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((r) => {
        if (r.kind !== 'video') return;
        if (r.type === 'outbound-rtp') {
          out.encodeSeconds += r.totalEncodeTime ?? 0;
          out.encoder ||= r.encoderImplementation ?? '';
          out.sent.push({ rid: r.rid, width: r.frameWidth ?? 0, height: r.frameHeight ?? 0, fps: Math.round(r.framesPerSecond ?? 0), limit: r.qualityLimitationReason });
        } else if (r.type === 'inbound-rtp') {
          out.decodeSeconds += r.totalDecodeTime ?? 0;
          out.decoder ||= r.decoderImplementation ?? '';
          if (r.frameWidth) out.received.push({ width: r.frameWidth, height: r.frameHeight, fps: Math.round(r.framesPerSecond ?? 0) });
        }
      });
    }
    out.sent.sort((a, b) => b.width - a.width);
    return out;
  });
}

/** `--trace`: one line per received video of the page that joined, one per page publishing to it. */
async function printTrace(page, others, joinWall, i) {
  await new Promise((r) => setTimeout(r, 300));
  const mine = await page.evaluate(() => ({ rec: window.__confTraceStop(), firstAt: window.__confProbe.firstAt, signals: window.__confProbe.signals, lag: window.__confProbe.lag }));
  const at = (t) => (t === undefined ? '–' : `${Math.round(t - joinWall)}`);
  console.log(`  page ${i + 1}: longest main-thread delay of a 20 ms timer ${Math.round(mine.lag)} ms`);
  const byHandle = new Map();
  for (const sig of mine.signals.filter((x) => x.t >= joinWall && x.handle)) byHandle.set(sig.handle, [...(byHandle.get(sig.handle) ?? []), `${sig.what} ${at(sig.t)}`]);
  for (const [h, list] of byHandle) console.log(`  page ${i + 1} handle …${String(h).slice(-4)}: ${list.join(', ')}`);
  for (const e of Object.values(mine.rec.inbound)) {
    console.log(
      `  page ${i + 1} receives feed …${String(e.feed).slice(-4)}: pc created ${at(e.created)}, ICE checking ${at(e.checking)}, ICE connected ${at(e.ice)}, DTLS connected ${at(e.connected)}, first packet ${at(e.packet)}, first decoded ${at(e.decoded)}, first frame shown ${at(mine.firstAt[e.feed])} ms; PLIs sent before the first decode ${e.pliBeforeDecode ?? '–'}, NACKs ${e.nack}, jitter buffer ${e.jitterMs ?? '–'} ms`,
    );
  }
  for (const [j, p] of others.entries()) {
    const rec = await p.evaluate(() => window.__confTraceStop());
    const ev = rec.outbound.filter((x) => x.t >= joinWall).map((x) => `${x.what} ${x.rid} ${at(x.t)}`);
    console.log(`  page ${j + 1} sends: ${ev.join(', ') || 'no keyframe request, no keyframe'}`);
  }
}

/** `--profile`: where the sampled main-thread time went, by function (self time) and by script. */
function printProfile(profile) {
  const dt = new Map();
  for (let k = 0; k < profile.samples.length; k++) dt.set(profile.samples[k], (dt.get(profile.samples[k]) ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000);
  const byFn = new Map();
  const byUrl = new Map();
  let total = 0;
  for (const n of profile.nodes) {
    const ms = dt.get(n.id) ?? 0;
    total += ms;
    const f = n.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    byFn.set(name, (byFn.get(name) ?? 0) + ms);
    const url = f.url ? f.url.split('/').pop() : f.functionName;
    byUrl.set(url, (byUrl.get(url) ?? 0) + ms);
  }
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${Math.round(v)} ms`).join('; ');
  console.log(`  profile of the last page, ${Math.round(total)} ms sampled: by script: ${top(byUrl, 8)}`);
  console.log(`  by function: ${top(byFn, 12)}`);
}

function cpuModel() {
  try {
    const line = execFileSync('lscpu', { encoding: 'utf8' }).split('\n').find((l) => l.startsWith('Model name:'));
    return `${line?.replace('Model name:', '').trim()} × ${cpus().length}`;
  } catch {
    return `${cpus()[0]?.model} × ${cpus().length}`;
  }
}

const janus = await startJanus();
const dataDir = mkdtempSync(join(tmpdir(), 'cc-bench-conf-'));
writeFileSync(join(dataDir, 'conference.json'), JSON.stringify({ server: janus.url, adminKey: janus.adminKey, recordDir: janus.recordDir, videoCodec: CODEC, capture: { width: Math.round((HEIGHT * 16) / 9), height: HEIGHT, frameRate: FPS } }));
const host = spawn(process.execPath, [join(root, 'out/main/console.js'), '--data-dir', dataDir, '--port', '0', '--history-days', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
const url = await consoleUrl(host).catch(async (err) => {
  // A host that did not start must not leave Janus running.
  host.kill('SIGTERM');
  await janus.stop();
  rmSync(dataDir, { recursive: true, force: true });
  throw err;
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
    // Straight to the conference: no situation map drawn first on the shared cores.
    await page.goto(`${url}#/conference/bench`);
    await page.locator('html[data-ready="true"]').waitFor({ timeout: 300_000 });
    await page.locator('[data-testid="conference-panel"][data-ready="true"]').waitFor({ timeout: 300_000 });
    // The join screen as a person sees it before clicking: connected to the media server (no devices open).
    await page.locator('[data-testid="conference-server"]:not([data-state="connecting"])').waitFor({ timeout: 60_000 });
    await page.getByTestId('conference-name').locator('input').fill(`席位 ${i + 1}`);
    if (TRACE) await Promise.all([...pages, page].map((p) => p.evaluate(() => window.__confTraceStart())));
    // `--profile`: the last page's main thread from its click to its first frames (CDP profiler).
    const cdp = PROFILE && i === PAGES - 1 ? await page.context().newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
      await cdp.send('Profiler.start');
    }
    const joinWall = await page.evaluate(() => {
      window.__confProbe.joinAt = performance.now();
      return performance.timeOrigin + window.__confProbe.joinAt;
    });
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
    if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
    const times = Object.values(first);
    const conn = await page.evaluate(() => window.__confProbe.connected);
    if (conn.length) {
      const c = conn.map((x) => `${Math.round(x.created)}→${Math.round(x.connected)}`).join(', ');
      console.log(`page ${i + 1}: peer connections created → connected (ms after join): ${c}`);
    }
    if (times.length < i) console.log(`page ${i + 1}: saw ${times.length} of ${i} participants within 30 s`);
    if (TRACE && i > 0) await printTrace(page, pages, joinWall, i);
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
  const stats0 = await Promise.all(pages.map(codecStats));
  const load0 = loadavg()[0];
  const cpu0 = { chromium: cpuSeconds(profileMarker), host: cpuSeconds(dataDir) };
  const janusCpu0 = cpuSeconds('cc-janus-');
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const wall = (Date.now() - t0) / 1000;
  const cpu = { chromium: cpuSeconds(profileMarker) - cpu0.chromium, janus: cpuSeconds('cc-janus-') - janusCpu0, host: cpuSeconds(dataDir) - cpu0.host };
  const load1 = loadavg()[0];
  const results = await Promise.all(pages.map((p) => p.evaluate(() => ({ maxGap: window.__confProbe.maxGap, frames: window.__confProbe.frames }))));
  const stats1 = await Promise.all(pages.map(codecStats));

  const sorted = [...joinTimes].sort((a, b) => a - b);
  const pct = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const gaps = results.flatMap((r) => Object.values(r.maxGap));
  const frames = results.flatMap((r) => Object.values(r.frames));
  const videos = frames.length;
  console.log('');
  console.log(`conference: ${PAGES} pages on ${cpus().length} cores, ${SECONDS} s, each sending ${Math.round((HEIGHT * 16) / 9)}×${HEIGHT} at ${FPS} fps, ${CODEC} (two simulcast layers)`);
  console.log(`join → first remote frame: n=${sorted.length} median ${Math.round(pct(0.5))} ms, p95 ${Math.round(pct(0.95))} ms, max ${Math.round(sorted.at(-1))} ms`);
  console.log(`remote videos: ${videos} (expected ${PAGES * (PAGES - 1)}); frames per video per second: min ${(Math.min(...frames) / wall).toFixed(1)}, median ${(frames.sort((a, b) => a - b)[Math.floor(videos / 2)] / wall).toFixed(1)}`);
  console.log(`longest freeze (gap between two frames): ${Math.round(Math.max(...gaps))} ms; videos with a gap > 1 s: ${gaps.filter((g) => g > 1000).length}`);
  // Encode and decode time per page from getStats (totalEncodeTime / totalDecodeTime over the window).
  const enc = stats1.map((s, i) => (s.encodeSeconds - stats0[i].encodeSeconds) / wall);
  const dec = stats1.map((s, i) => (s.decodeSeconds - stats0[i].decodeSeconds) / wall);
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`per page (median): encode ${(100 * med(enc)).toFixed(0)}% of a core, decode ${(100 * med(dec)).toFixed(0)}% of a core; encoder ${stats1[0].encoder}, decoder ${stats1[0].decoder}`);
  const sent = stats1[0].sent.map((l) => `${l.rid ?? '-'} ${l.width}×${l.height}@${l.fps}${l.limit && l.limit !== 'none' ? ` (${l.limit})` : ''}`).join(', ');
  console.log(`layers sent by page 1: ${sent}`);
  const received = new Map();
  for (const s of stats1) for (const r of s.received) received.set(`${r.width}×${r.height}`, (received.get(`${r.width}×${r.height}`) ?? 0) + 1);
  console.log(`received video resolutions (all pages): ${[...received].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  console.log(`load average (1 min): ${load0.toFixed(1)} at the start of the window, ${load1.toFixed(1)} at its end; CPU: ${cpuModel()}`);
  console.log(`CPU over ${wall.toFixed(0)} s (share of one core): Chromium ${(100 * cpu.chromium / wall).toFixed(0)}% = ${(100 * cpu.chromium / wall / PAGES).toFixed(0)}% per page; Janus ${(100 * cpu.janus / wall).toFixed(0)}%; console host ${(100 * cpu.host / wall).toFixed(0)}%`);
} finally {
  await browser.close();
  host.kill('SIGTERM');
  await new Promise((r) => host.once('exit', r));
  await janus.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
