import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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

async function joinAs(b: Browser, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await b.newContext({ viewport: { width: 1400, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await openConsole(page, host.url);
  await page.evaluate(() => (location.hash = '#/conference/drill-2026'));
  const panel = page.getByTestId('conference-panel');
  await expect(panel).toHaveAttribute('data-phase', 'idle');
  await expect(panel).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('conference-name').locator('input').fill(name);
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

test('two participants see each other, mute shows on the other side, leaving frees the tile', async ({ browser: b }) => {
  const a = await joinAs(b, '指挥中心');
  const c = await joinAs(b, '前方指挥车');
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
    await a.page.getByTestId('conference-record').click();
    for (const p of [a.page, c.page]) await expect(p.getByTestId('conference-recording')).toBeVisible();
    await c.page.screenshot({ path: join(ARTIFACTS, 'conference-field-camera-recording.png') });
    await a.page.getByTestId('conference-record').click();
    await expect(c.page.getByTestId('conference-recording')).toHaveCount(0);
    await expect(c.page.getByTestId('conference-recordings').locator('li').first()).toContainText(/^videoroom-\d+-user-.*\.mjr/);

    await a.page.getByTestId('conference-leave').click();
    await expect(a.page.getByTestId('conference-panel')).toHaveAttribute('data-phase', 'idle');
    await expect(c.page.locator('[data-testid="conference-tile"][data-kind="remote"]')).toHaveCount(0);
    await expect(c.page.getByTestId('conference-count')).toHaveText('1 人在会');
  } finally {
    await a.context.close();
    await c.context.close();
  }
});
