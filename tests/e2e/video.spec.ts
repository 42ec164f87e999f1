import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DemoMediaServer } from '../../src-main/video/demo-media-server';
import { expect, openConsole, startConsole, stopConsole, test } from './fixtures';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

async function openVideo(page: Page, url: string): Promise<void> {
  await openConsole(page, url);
  await page.getByTestId('nav-video').click();
  await expect(page.getByTestId('video-view')).toHaveAttribute('data-loaded', 'true');
}

/** currentTime of every video element in the panel. */
const times = (page: Page) => page.evaluate(() => [...document.querySelectorAll<HTMLVideoElement>('[data-testid="video-grid"] video')].map((v) => v.currentTime));

/** Opens the first 16 online cameras of a department with its "open all" button. */
async function openDepartment(page: Page, label: RegExp): Promise<void> {
  const node = page.locator('.n-tree-node', { hasText: label }).first();
  await node.hover();
  await node.getByTestId('open-all').click();
}

/** Expands a tree branch (clicking again if a click landed while the tree was still moving). */
async function expand(page: Page, label: RegExp): Promise<void> {
  const node = page.locator('.n-tree-node', { hasText: label }).first();
  await expect(async () => {
    if ((await node.locator('.n-tree-node-switcher--expanded').count()) === 0) await node.click();
    await expect(node.locator('.n-tree-node-switcher--expanded')).toHaveCount(1, { timeout: 2000 });
  }).toPass({ timeout: 60_000 });
}

test('the 10,000-camera tree searches by name, id or address and scrolls', async ({ consoleHost, page }) => {
  await openVideo(page, consoleHost.url);
  await expect(page.getByTestId('camera-count')).toHaveText(/10240/);
  // Open the biggest branch: 城管 → 娄星区 holds well over a thousand cameras.
  await expand(page, /^城管/);
  await expand(page, /^娄星区/);
  const rendered = page.getByTestId('camera-node');
  await expect(rendered.first()).toBeVisible();
  const firstId = await rendered.first().getAttribute('data-id');
  // Virtual: a few dozen rows in the DOM, whatever the branch size.
  expect(await rendered.count()).toBeLessThan(120);
  const tree = page.getByTestId('camera-tree-all');
  await tree.hover();
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 1500);
  await expect.poll(async () => rendered.first().getAttribute('data-id')).not.toBe(firstId);
  expect(await rendered.count()).toBeLessThan(120);
  await page.screenshot({ path: join(ARTIFACTS, 'video-tree-scrolled.png') });

  // By id (a GB/T 28181 20-digit code): exactly that camera.
  const search = page.getByTestId('camera-search').locator('input');
  await search.fill(firstId!);
  await expect(page.getByTestId('camera-count')).toHaveText('匹配 1 个');
  await expect(rendered).toHaveCount(1);
  await expect(rendered.first()).toHaveAttribute('data-id', firstId!);
  // By address.
  await search.fill('涟滨路');
  await expect(rendered.first()).toHaveAttribute('title', /涟滨路/);
  await expect(page.getByTestId('camera-count')).toHaveText(/匹配 [1-9]\d* 个/);
  // By name.
  await search.fill('水库大坝');
  await expect(rendered.first()).toContainText('水库大坝');
  await page.screenshot({ path: join(ARTIFACTS, 'video-tree-search.png') });
  await search.fill('没有这样的摄像头');
  await expect(page.getByText('没有匹配的摄像头')).toBeVisible();
});

test('16 tiles all play and advance; switching 16 → 1 leaves one player', async ({ consoleHost, page }) => {
  await openVideo(page, consoleHost.url);
  await page.getByTestId('layout-16').click();
  await openDepartment(page, /^城管/);
  const grid = page.getByTestId('video-grid');
  await expect(grid).toHaveAttribute('data-kind', '16');
  const tiles = page.getByTestId('video-tile');
  await expect(tiles).toHaveCount(16);
  await expect(page.locator('[data-testid="video-tile"][data-state="playing"]')).toHaveCount(16, { timeout: 120_000 });
  const before = await times(page);
  expect(before).toHaveLength(16);
  // Every player advances by more than half a second of video.
  await expect.poll(async () => (await times(page)).every((t, i) => t > before[i]! + 0.5), { timeout: 30_000 }).toBe(true);
  await expect(grid).toHaveAttribute('data-players', '16');
  await expect(tiles.first()).toHaveAttribute('data-stream', 'sub');
  await page.screenshot({ path: join(ARTIFACTS, 'video-16.png') });

  await page.getByTestId('layout-1').click();
  await expect(tiles).toHaveCount(1);
  await expect(grid).toHaveAttribute('data-players', '1');
  expect(await page.locator('video').count()).toBe(1);
  await expect(tiles.first()).toHaveAttribute('data-state', 'playing');
  // Alone, the tile plays the main stream.
  await expect(tiles.first()).toHaveAttribute('data-stream', 'main');
  expect(await page.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBe(640);
});

test('a stream that dies shows the error state and recovers when it returns', async ({ page }) => {
  const media = new DemoMediaServer();
  const base = await media.start();
  const port = media.port;
  const cameras = [0, 1].map((i) => ({ id: `test-cam-${i}`, name: `测试摄像头${i}`, department: 'cm', region: '娄星区', lon: 112 + i / 100, lat: 27.73, protocols: ['hls'] }));
  const c = await startConsole({ files: { 'video.json': JSON.stringify({ gateways: [{ id: 'gw', kind: 'demo', base }], cameras }) } });
  let restarted: DemoMediaServer | undefined;
  try {
    await openVideo(page, c.url);
    await openDepartment(page, /^城管/);
    const tile = page.locator('[data-testid="video-tile"][data-camera="test-cam-0"]');
    await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 60_000 });
    await media.stop();
    await expect(tile).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
    await expect(tile.getByTestId('tile-state-label')).toContainText('中断');
    await page.screenshot({ path: join(ARTIFACTS, 'video-stream-died.png') });
    restarted = new DemoMediaServer({ port });
    await restarted.start();
    await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 90_000 });
    const t0 = (await times(page))[0]!;
    await expect.poll(async () => (await times(page))[0]!, { timeout: 30_000 }).toBeGreaterThan(t0);
  } finally {
    await stopConsole(c);
    await restarted?.stop();
    await media.stop();
  }
});

test('HTTP-FLV and MJPEG cameras play in their tiles, dragged from the tree', async ({ consoleHost, page }) => {
  await openVideo(page, consoleHost.url);
  await page.getByTestId('layout-4').click();
  const search = page.getByTestId('camera-search').locator('input');
  const rendered = page.getByTestId('camera-node');
  // Command vehicles stream FLV; the coal-mine cameras of 冷水江市 (first of their department) MJPEG.
  for (const [q, tile] of [
    ['指挥车', 0],
    ['煤矿安全', 1],
  ] as const) {
    await search.fill(q);
    await expect(rendered.first()).toContainText(q);
    await rendered.first().dragTo(page.getByTestId('video-tile').nth(tile));
  }
  const tiles = page.getByTestId('video-tile');
  await expect(tiles.nth(0)).toHaveAttribute('data-protocol', 'flv');
  await expect(tiles.nth(1)).toHaveAttribute('data-protocol', 'mjpeg');
  await expect(tiles.nth(0)).toHaveAttribute('data-state', 'playing', { timeout: 60_000 });
  await expect(tiles.nth(1)).toHaveAttribute('data-state', 'playing', { timeout: 60_000 });
  const t0 = await page.locator('video').first().evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(() => page.locator('video').first().evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(t0 + 1);
  expect(await tiles.nth(1).locator('img').evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(480);
  // Swap by dragging one tile's title bar onto the other.
  const flvCamera = await tiles.nth(0).getAttribute('data-camera');
  await tiles.nth(0).locator('.bar').dragTo(tiles.nth(3));
  await expect(tiles.nth(3)).toHaveAttribute('data-camera', flvCamera!);
  await expect(tiles.nth(0)).toHaveAttribute('data-state', 'empty');
  await expect(tiles.nth(3)).toHaveAttribute('data-state', 'playing', { timeout: 60_000 });
  await page.screenshot({ path: join(ARTIFACTS, 'video-flv-mjpeg.png') });
});

test('an incident opens its nearby cameras, and a snapshot of a tile is attached to it', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  const row = page.getByTestId('incident-row').nth(1);
  await expect(row).toBeVisible();
  await row.click();
  await page.getByTestId('open-nearby-cameras').click();
  await expect(page.getByTestId('video-view')).toBeVisible();
  await expect(page.getByTestId('video-context')).toBeVisible();
  await expect(page.getByTestId('video-grid')).toHaveAttribute('data-kind', '9');
  const playing = page.locator('[data-testid="video-tile"][data-state="playing"]');
  await expect(playing.first()).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: join(ARTIFACTS, 'video-nearby.png') });
  // The view stays built while the map is shown, but its players stop, and start again on return.
  const cameras = await page.getByTestId('video-tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-camera')));
  // Each player's media element (video, or img for MJPEG): a stopped player has taken it out of its tile.
  const players = await page.locator('[data-testid="video-tile"] .tile-media').elementHandles();
  expect(players.length).toBeGreaterThan(0);
  await page.getByTestId('nav-situation').click();
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
  await expect.poll(() => Promise.all(players.map((m) => m.evaluate((e) => e.parentNode === null)))).toEqual(players.map(() => true));
  await page.getByTestId('nav-video').click();
  await expect(page.getByTestId('video-context')).toBeVisible();
  expect(await page.getByTestId('video-tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-camera')))).toEqual(cameras);
  await expect(playing.first()).toBeVisible({ timeout: 30_000 });
  await playing.first().hover();
  await playing.first().getByTestId('tile-snapshot').click();
  await expect(page.getByText('截图已附加到事件')).toBeVisible();
  const dir = join(consoleHost.dataDir, 'attachments');
  expect(existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.jpg'))).toBe(true);
  // 清空画面 empties the tiles and takes the incident's banner with them.
  await page.getByTestId('clear-panel').click();
  await expect(page.getByTestId('video-context')).toBeHidden();
  await expect(page.locator('[data-testid="video-tile"]:not([data-camera=""])')).toHaveCount(0);
});

test('the video wall is its own chromeless view whose layout follows "send to wall" and survives a reload', async ({ consoleHost, page, context }) => {
  await openVideo(page, consoleHost.url);
  await page.getByTestId('layout-4').click();
  await openDepartment(page, /^水利/);
  const ids = await page.getByTestId('video-tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-camera')));
  const wall = await context.newPage();
  await openConsole(wall, `${consoleHost.origin}/#/wall`);
  await expect(wall.getByTestId('video-wall')).toHaveAttribute('data-loaded', 'true');
  await expect(wall.getByTestId('app-title')).toHaveCount(0);
  await page.getByTestId('send-to-wall').click();
  await expect(wall.getByTestId('video-grid')).toHaveAttribute('data-kind', '4');
  await expect(wall.locator('[data-testid="video-tile"][data-state="playing"]')).toHaveCount(4, { timeout: 60_000 });
  expect(await wall.getByTestId('video-tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-camera')))).toEqual(ids);
  await wall.screenshot({ path: join(ARTIFACTS, 'video-wall.png') });
  await wall.reload();
  await expect(wall.getByTestId('video-grid')).toHaveAttribute('data-kind', '4');
  expect(await wall.getByTestId('video-tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-camera')))).toEqual(ids);
});

test('the decode budget: at most the cap decodes, and a hidden window decodes nothing', async ({ consoleHost, page }) => {
  await openVideo(page, consoleHost.url);
  const cap = page.getByTestId('player-cap').locator('input');
  await cap.fill('4');
  await cap.press('Enter');
  await page.getByTestId('layout-9').click();
  await openDepartment(page, /^交通/);
  const grid = page.getByTestId('video-grid');
  const playing = page.locator('[data-testid="video-tile"][data-state="playing"]');
  // The budget is about players, not about how fast software decoding gets going on a busy
  // machine: exactly 4 players, the other 5 tiles held back, and decoding really under way.
  await expect(grid).toHaveAttribute('data-players', '4', { timeout: 30_000 });
  await expect(page.locator('[data-testid="video-tile"][data-state="budget"]')).toHaveCount(5);
  await expect(page.getByTestId('player-count')).toHaveText('解码 4/4');
  await expect.poll(() => playing.count(), { timeout: 60_000 }).toBeGreaterThan(0);
  expect(await playing.count()).toBeLessThanOrEqual(4);
  await page.screenshot({ path: join(ARTIFACTS, 'video-budget.png') });

  const setHidden = (hidden: boolean) =>
    page.evaluate((h) => {
      Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await expect(grid).toHaveAttribute('data-players', '0');
  expect(await page.locator('video').count()).toBe(0);
  await setHidden(false);
  await expect(grid).toHaveAttribute('data-players', '4', { timeout: 30_000 });
  await expect(page.locator('[data-testid="video-tile"][data-state="budget"]')).toHaveCount(5);
  await expect.poll(() => playing.count(), { timeout: 60_000 }).toBeGreaterThan(0);
});

test('favourites, named layouts, groups and a tour are kept and restored', async ({ consoleHost, page }) => {
  await openVideo(page, consoleHost.url);
  await page.getByTestId('layout-4').click();
  await openDepartment(page, /^应急/);
  const tiles = page.getByTestId('video-tile');
  const ids = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-camera')));
  expect(ids.every(Boolean)).toBe(true);

  // A favourite, from the tree.
  await expand(page, /^应急/);
  await expand(page, /^冷水江市/);
  const firstCam = page.getByTestId('camera-node').first();
  const favId = await firstCam.getAttribute('data-id');
  await page.locator('.n-tree-node', { has: page.locator(`[data-testid="camera-node"][data-id="${favId}"]`) }).getByTestId('favourite-toggle').click();
  await page.locator('.n-tabs-tab[data-name="favourites"]').click();
  await expect(page.getByTestId('camera-node')).toHaveCount(1);
  await expect(page.getByTestId('camera-node')).toHaveAttribute('data-id', favId!);

  // A named layout: save, clear, restore.
  await page.getByTestId('layouts-menu').click();
  await page.getByTestId('layout-name').locator('input').fill('防汛值守');
  await page.getByTestId('layout-save').click();
  await expect(page.getByTestId('saved-layout')).toHaveAttribute('data-name', '防汛值守');
  await page.keyboard.press('Escape');
  await page.getByTestId('clear-panel').click();
  await expect(tiles.first()).toHaveAttribute('data-state', 'empty');
  await page.getByTestId('layouts-menu').click();
  await page.getByTestId('layout-restore').click();
  await expect.poll(() => tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-camera')))).toEqual(ids);

  // A group from the current picture, and a tour over it.
  await page.locator('.n-tabs-tab[data-name="groups"]').click();
  await page.getByTestId('group-name').locator('input').fill('大科街道');
  await page.getByTestId('group-save').click();
  await expect(page.locator('.n-tree-node', { hasText: /^大科街道 \(4\)/ })).toBeVisible();
  // A tile dragged onto the group adds its camera.
  await page.locator('.n-tabs-tab[data-name="all"]').click();
  await openDepartment(page, /^水利/);
  const added = await tiles.first().getAttribute('data-camera');
  await page.locator('.n-tabs-tab[data-name="groups"]').click();
  await tiles.first().locator('.bar').dragTo(page.getByTestId('group-node'));
  await expect(page.getByTestId('group-node')).toHaveText('大科街道 (5)');
  await page.getByTestId('group-node').click();
  await expect(page.locator(`[data-testid="camera-node"][data-id="${added}"]`)).toBeVisible();
  await page.getByTestId('clear-panel').click();
  await page.getByTestId('tour-group').click();
  await page.locator('.n-base-select-option', { hasText: '大科街道' }).click();
  await page.getByTestId('tour-toggle').click();
  await expect(page.getByTestId('tour-status')).toContainText('大科街道');
  await expect.poll(() => tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-camera')))).toEqual(ids);
  await page.screenshot({ path: join(ARTIFACTS, 'video-groups-tour.png') });

  // All of it survives a reload (once the host has stored the picture).
  await expect(page.getByTestId('video-grid')).toHaveAttribute('data-saved', 'true');
  await page.reload();
  await expect(page.getByTestId('video-view')).toHaveAttribute('data-loaded', 'true');
  await page.locator('.n-tabs-tab[data-name="favourites"]').click();
  await expect(page.getByTestId('camera-node')).toHaveAttribute('data-id', favId!);
  await expect.poll(() => tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-camera')))).toEqual(ids);
});

test('a picture changed just before the window reloads is kept', async ({ consoleHost, page }) => {
  await openVideo(page, consoleHost.url);
  await page.getByTestId('layout-4').click();
  await openDepartment(page, /^应急/);
  const grid = page.getByTestId('video-grid');
  const tiles = page.getByTestId('video-tile');
  await expect(grid).toHaveAttribute('data-saved', 'true');
  const before = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-camera')));
  expect(before.every(Boolean)).toBe(true);
  // Swap to 9 tiles and reload in the same task, so the pause before the layout would be stored
  // cannot have passed, however busy the machine (watching for data-saved="false" from outside
  // missed it under load: the save had already happened).
  await Promise.all([
    page.waitForEvent('load'),
    page
      .evaluate(() => {
        document.querySelector<HTMLElement>('[data-testid="layout-9"]')!.click();
        location.reload();
      })
      // The reload may tear the page's context down before the answer gets out; a click that
      // failed would leave no load event, and the wait above fails instead.
      .catch(() => undefined),
  ]);
  await expect(page.getByTestId('video-view')).toHaveAttribute('data-loaded', 'true');
  await expect(grid).toHaveAttribute('data-kind', '9');
  await expect.poll(() => tiles.evaluateAll((els) => els.slice(0, 4).map((e) => e.getAttribute('data-camera')))).toEqual(before);
});
