import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { chromiumForTests } from '../../scripts/lib/chromium.mjs';
import { startJanus, type RunningJanus } from '../../scripts/lib/janus.mjs';
import { expect, openConsole, startConsole, stopConsole, test, type RunningConsole } from './fixtures';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

// Fake capture devices and no permission prompt; WebRTC to Janus on loopback.
const browser = chromiumForTests();
test.use({
  launchOptions: {
    executablePath: browser.executablePath,
    args: [...browser.args, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'],
    ...(browser.env ? { env: browser.env } : {}),
  },
});

let janus: RunningJanus;
let host: RunningConsole;

test.beforeAll(async () => {
  janus = await startJanus();
  host = await startConsole({ files: { 'conference.json': { server: janus.url, adminKey: janus.adminKey, recordDir: janus.recordDir, pinMinutes: 30 } } });
});
test.afterAll(async () => {
  if (host) await stopConsole(host);
  if (janus) await janus.stop();
});

/** The contract as the page's WebSocket bridge exposes it (`window.cc`). */
type Cc = Record<string, (req?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>>;
async function cc<T>(page: Page, op: string, req?: unknown): Promise<T> {
  const r = await page.evaluate(([o, q]) => (window as unknown as { cc: Cc }).cc[o as string]!(q), [op, req] as const);
  if (!r.ok) throw new Error(`${op}: ${r.error?.message}`);
  return r.value as T;
}

async function joinAs(b: Browser, name: string, roomId: string, joinScreenShot?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await b.newContext({ viewport: { width: 1400, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await openConsole(page, host.url);
  await page.evaluate((id) => (location.hash = `#/conference/${id}`), roomId);
  const panel = page.getByTestId('conference-panel');
  await expect(panel).toHaveAttribute('data-phase', 'idle');
  await expect(panel).toHaveAttribute('data-ready', 'true');
  // The join screen connects to the media server before "join" (no devices yet) and says so.
  await expect(panel.getByTestId('conference-server')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('conference-name').locator('input').fill(name);
  if (joinScreenShot) await panel.screenshot({ path: join(ARTIFACTS, joinScreenShot) });
  await page.getByTestId('conference-join').click();
  await expect(panel).toHaveAttribute('data-phase', 'joined');
  return { context, page };
}

/** Frames decoded so far by the video of the remote tile (getVideoPlaybackQuality). */
const remoteFrames = (page: Page) =>
  page.evaluate(() => {
    const v = document.querySelector<HTMLVideoElement>('[data-testid="conference-tile"][data-kind="remote"] video');
    return v ? v.getVideoPlaybackQuality().totalVideoFrames : -1;
  });

async function expectFramesAdvance(page: Page): Promise<void> {
  await expect.poll(() => remoteFrames(page), { timeout: 30_000 }).toBeGreaterThan(0);
  const first = await remoteFrames(page);
  await expect.poll(() => remoteFrames(page), { timeout: 15_000 }).toBeGreaterThan(first + 10);
}

test('two participants see each other, mute shows on the other side, the host records into the session archive, leaving frees the tile', async ({ browser: b }) => {
  // The conference of a consultation session this console hosts.
  const probe = await b.newPage();
  await openConsole(probe, host.url);
  const session = await cc<{ id: string }>(probe, 'startConsultation', { title: '防汛会商演练', origin: { kind: 'empty', id: null } });
  await probe.close();
  const a = await joinAs(b, '指挥中心', session.id, 'conference-join-screen.png');
  const c = await joinAs(b, '前方指挥车', session.id);
  try {
    for (const p of [a.page, c.page]) {
      await expect(p.locator('[data-testid="conference-tile"][data-kind="remote"]')).toHaveCount(1);
      await expect(p.getByTestId('conference-count')).toHaveText('2 人在会');
    }
    await expectFramesAdvance(a.page);
    await expectFramesAdvance(c.page);
    // The other participant is the enlarged speaker, on the high simulcast layer.
    await expect(a.page.locator('[data-testid="conference-tile"][data-kind="remote"]')).toHaveAttribute('data-featured', 'true');
    await expect(a.page.locator('[data-testid="conference-tile"][data-kind="remote"]')).toContainText('前方指挥车');

    await a.page.getByTestId('conference-mute').click();
    const seenByC = c.page.locator('[data-testid="conference-tile"][data-kind="remote"]');
    await expect(seenByC).toHaveAttribute('data-muted', 'true');
    await expect(seenByC.getByTestId('muted-icon')).toBeVisible();
    await a.page.screenshot({ path: join(ARTIFACTS, 'conference-muted-self.png') });
    await c.page.screenshot({ path: join(ARTIFACTS, 'conference-two.png') });
    await a.page.getByTestId('conference-mute').click();
    await expect(seenByC).toHaveAttribute('data-muted', 'false');

    // A field camera of the catalog joins the grid for everyone; recording lists its files.
    await a.page.getByTestId('conference-add-camera').click();
    await a.page.keyboard.type('水库大坝');
    await a.page.keyboard.press('Enter');
    for (const p of [a.page, c.page]) await expect(p.locator('[data-testid="conference-tile"][data-kind="camera"]')).toHaveCount(1);
    await expect(c.page.locator('[data-testid="conference-tile"][data-kind="camera"]')).toContainText('水库大坝');
    // Recording: the host's window records the grid and uploads it; every participant sees it.
    await a.page.getByTestId('conference-record').click();
    for (const p of [a.page, c.page]) await expect(p.getByTestId('conference-recording')).toBeVisible();
    await expect(c.page.locator('[data-testid="conference-recordings"] li[data-kind="webm"][data-active="true"]')).toHaveCount(1);
    // A few seconds of it on the host (its own count of what it has stored).
    type State = { recordings: { kind: string; bytes: number; active: boolean }[] };
    await expect
      .poll(async () => (await cc<State>(c.page, 'conferenceState', { id: session.id })).recordings.find((r) => r.kind === 'webm' && r.active)?.bytes ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(40_000);
    await c.page.screenshot({ path: join(ARTIFACTS, 'conference-field-camera-recording.png') });
    await a.page.getByTestId('conference-record').click();
    await expect(c.page.getByTestId('conference-recording')).toHaveCount(0);
    const done = c.page.locator('[data-testid="conference-recordings"] li[data-kind="webm"]');
    await expect(done).toHaveCount(1);
    await expect(done).toHaveAttribute('data-active', 'false');
    await expect(done).toContainText(/rec-\d{8}T\d{6}Z-[0-9a-z]{6}\.webm/);
    // Janus's own raw recording (recordDir is set) is listed beside it.
    await expect(c.page.locator('[data-testid="conference-recordings"] li[data-kind="mjr"]').first()).toContainText(/videoroom-\d+-user-.*\.mjr/);
    await c.page.getByTestId('conference-recordings').screenshot({ path: join(ARTIFACTS, 'conference-recordings.png') });

    await a.page.getByTestId('conference-leave').click();
    await expect(a.page.getByTestId('conference-panel')).toHaveAttribute('data-phase', 'idle');
    await expect(c.page.locator('[data-testid="conference-tile"][data-kind="remote"]')).toHaveCount(0);
    await expect(c.page.getByTestId('conference-count')).toHaveText('1 人在会');

    // The session's archive holds the recording, listed in its manifest: a WebM ffprobe reads.
    // The contract answers a one-time download path, not the zip; a second use is refused.
    await cc(c.page, 'endConsultation', { id: session.id });
    const direct = await cc<{ download: string; bytes: number; fileName: string }>(c.page, 'exportConsultation', { id: session.id });
    expect(direct.download).toMatch(/^\/cc-download\/[\w-]{43}$/);
    const fetched = await c.page.request.get(new URL(direct.download, host.origin).href);
    expect(fetched.status()).toBe(200);
    expect(fetched.headers()['content-disposition']).toContain(`filename="${direct.fileName}"`);
    expect((await fetched.body()).length).toBe(direct.bytes);
    expect((await c.page.request.get(new URL(direct.download, host.origin).href)).status()).toBe(404);
    // The person's way: the export button of the session list, a browser download.
    const lister = await c.context.newPage();
    await openConsole(lister, host.url);
    await lister.getByTestId('consultation-toggle').click();
    const row = lister.getByTestId('consultation-session').filter({ hasText: '防汛会商演练' });
    const [download] = await Promise.all([lister.waitForEvent('download'), row.getByTestId('consultation-export').click()]);
    expect(download.suggestedFilename()).toBe(`consultation-${session.id}.zip`);
    const zipPath = join(mkdtempSync(join(tmpdir(), 'cc-zip-')), download.suggestedFilename());
    await download.saveAs(zipPath);
    await lister.close();
    const files = unzipSync(new Uint8Array(readFileSync(zipPath)));
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { files: { name: string; bytes: number; sha256: string }[] };
    const entry = manifest.files.find((f) => /^recordings\/rec-.*\.webm$/.test(f.name));
    expect(entry?.bytes).toBeGreaterThan(40_000);
    expect(entry?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const tmp = mkdtempSync(join(tmpdir(), 'cc-rec-'));
    try {
      writeFileSync(join(tmp, 'rec.webm'), files[entry!.name]!);
      const probed = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height', '-of', 'json', join(tmp, 'rec.webm')]).toString()) as {
        streams: { codec_type: string; codec_name: string; width?: number }[];
      };
      // One frame of it to look at: the grid as recorded, names under the pictures.
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', '2', '-i', join(tmp, 'rec.webm'), '-frames:v', '1', join(ARTIFACTS, 'conference-recording-frame.png')]);
      expect(probed.streams).toEqual(expect.arrayContaining([expect.objectContaining({ codec_type: 'video', codec_name: 'vp8', width: 960 }), expect.objectContaining({ codec_type: 'audio', codec_name: 'opus' })]));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }

    // Another console opens the archive read-only: the recording stays in the zip (the page sends
    // the rest), every file sent is checked, and the recording is named with its size.
    const other = await startConsole();
    try {
      const reader = await b.newPage({ viewport: { width: 1400, height: 800 }, locale: 'zh-CN' });
      await openConsole(reader, other.url);
      await reader.getByTestId('consultation-toggle').click();
      await reader.getByTestId('consultation-archive-file').setInputFiles(zipPath);
      await expect(reader.getByTestId('consultation-active-title')).toHaveText('防汛会商演练');
      const left = reader.getByTestId('consultation-archive-recordings').locator('li');
      await expect(left).toHaveCount(1);
      await expect(left).toContainText(/rec-\d{8}T\d{6}Z-[0-9a-z]{6}\.webm：未载入本控制台（\d+\.\d MB）/);
      await reader.getByTestId('consultation-panel').screenshot({ path: join(ARTIFACTS, 'consultation-archive-opened.png') });
      await reader.close();
    } finally {
      await stopConsole(other);
      rmSync(dirname(zipPath), { recursive: true, force: true });
    }
  } finally {
    await a.context.close();
    await c.context.close();
  }
});
