import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openConsole, startConsole, stopConsole, test, type RunningConsole } from './fixtures';
import { mapIdle } from './map-helpers';

const root = join(import.meta.dirname, '../..');
const ARTIFACTS = join(import.meta.dirname, '.artifacts');
const TOKEN = 'e2e-collab-token-0123456789';

/** A free loopback port (the collaboration server comes back on the same one after its restart). */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the standalone collaboration server and waits for its `Collab:` line. */
async function startCollab(port: number, db: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'out/main/collab-server.js'), '--port', String(port), '--db', db], {
    env: { ...process.env, COLLAB_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^Collab: ws:\/\//m.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`collab server exited with ${code}: ${err}`)));
  });
  return child;
}

const killed = (p: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGKILL');
  });

type Probe = { view: () => { lon: number; lat: number; zoom: number } | undefined; panBy: (x: number, y: number) => void; settled: () => Promise<void> };
const mapView = (page: Page) => page.evaluate(() => (window as unknown as { __ccMapProbe: Probe }).__ccMapProbe.view());

async function openPanel(page: Page): Promise<void> {
  await page.getByTestId('consultation-toggle').click();
  await expect(page.getByTestId('consultation-panel')).toBeVisible();
}

/** Clicks the map canvas at a share of its size (a point drawn there with the point tool). */
async function clickMap(page: Page, fx: number, fy: number): Promise<void> {
  const box = (await page.getByTestId('situation-map').boundingBox())!;
  await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
}

let collab: ChildProcess | undefined;
let a: RunningConsole | undefined;
let b: RunningConsole | undefined;
let collabDir: string;

test.afterEach(async () => {
  if (collab) await killed(collab);
  await Promise.all([a && stopConsole(a), b && stopConsole(b)]);
  rmSync(collabDir, { recursive: true, force: true });
});

test('two consoles consult through a standalone collaboration server that restarts mid-session', async ({ browser }) => {
  // A bound, not a wait: two console hosts, three browser contexts and a restart on two busy cores.
  test.setTimeout(420_000);
  collabDir = mkdtempSync(join(tmpdir(), 'cc-collab-'));
  const port = await freePort();
  const db = join(collabDir, 'collab.sqlite');
  collab = await startCollab(port, db);
  const collabJson = { 'collab.json': { url: `ws://127.0.0.1:${port}`, token: TOKEN } };
  [a, b] = await Promise.all([startConsole({ files: collabJson }), startConsole({ files: collabJson })]);

  const presenter = await (await browser.newContext()).newPage();
  const follower = await (await browser.newContext()).newPage();
  await Promise.all([openConsole(presenter, a.url), openConsole(follower, b.url)]);
  // Both maps (loaded right after each situation view's first paint) are there before anyone pans.
  await Promise.all([mapIdle(presenter), mapIdle(follower)]);

  // The presenter starts an empty consultation; the follower joins it by its code.
  await openPanel(presenter);
  await presenter.getByTestId('consultation-title').fill('城区内涝会商');
  await presenter.getByTestId('consultation-start').click();
  await expect(presenter.getByTestId('consultation-panel')).toHaveAttribute('data-sync', 'synced');
  const code = (await presenter.getByTestId('consultation-code').textContent())!.trim();
  await openPanel(follower);
  await follower.getByTestId('consultation-code-input').fill(code);
  await follower.getByTestId('consultation-join').click();
  await expect(follower.getByTestId('consultation-active-title')).toHaveText('城区内涝会商');
  await expect(follower.getByTestId('consultation-participant')).toHaveCount(2);
  await expect(follower.getByTestId('consultation-follow')).toHaveAttribute('data-following', 'yes');

  // The presenter pans: the follower's map goes there.
  await presenter.evaluate(() => (window as unknown as { __ccMapProbe: Probe }).__ccMapProbe.panBy(-400, 150));
  const target = (await mapView(presenter))!;
  await expect.poll(async () => {
    const v = await mapView(follower);
    return v ? Math.abs(v.lon - target.lon) + Math.abs(v.lat - target.lat) : 1;
  }).toBeLessThan(1e-4);

  // The follower pans on their own: they break away, and rejoin with one click.
  await follower.evaluate(() => (window as unknown as { __ccMapProbe: Probe }).__ccMapProbe.panBy(200, 0));
  await expect(follower.getByTestId('consultation-follow')).toHaveAttribute('data-following', 'no');
  await follower.getByTestId('consultation-rejoin').click();
  await expect.poll(async () => Math.abs((await mapView(follower))!.lon - target.lon)).toBeLessThan(1e-4);

  // A point drawn by the follower appears for the presenter.
  await follower.getByTestId('draw-point').click();
  await clickMap(follower, 0.4, 0.5);
  await expect(presenter.getByTestId('annotation-count')).toContainText('1');

  // The collaboration server is killed; both keep working offline, then it comes back.
  await killed(collab);
  await expect(presenter.getByTestId('consultation-panel')).not.toHaveAttribute('data-sync', 'synced');
  await presenter.getByTestId('draw-arrow').click();
  await clickMap(presenter, 0.3, 0.3);
  await clickMap(presenter, 0.45, 0.4);
  await presenter.keyboard.press('Enter');
  await expect(presenter.getByTestId('annotation-count')).toContainText('2');
  await clickMap(follower, 0.6, 0.6);
  await expect(follower.getByTestId('annotation-count')).toContainText('2');
  collab = await startCollab(port, db);
  await expect(presenter.getByTestId('consultation-panel')).toHaveAttribute('data-sync', 'synced', { timeout: 60_000 });
  await expect(presenter.getByTestId('annotation-count')).toContainText('3');
  await expect(follower.getByTestId('annotation-count')).toContainText('3');

  // A decision logged by the presenter opens a case whose history holds it.
  await presenter.getByTestId('decision-text').fill('设置临时避险点，转移低洼住户');
  await presenter.getByTestId('decision-unit').fill('娄星区应急管理局');
  await presenter.getByTestId('decision-target').selectOption('new');
  await presenter.getByTestId('decision-submit').click();
  const row = presenter.getByTestId('decision-row').first();
  await expect(row).toHaveAttribute('data-case', /^consultation:/);
  const caseId = (await row.getAttribute('data-case'))!;
  await expect(follower.getByTestId('decision-row')).toHaveCount(1);
  const history = await presenter.evaluate(async (id) => {
    const r = await (window as unknown as { cc: { getCase: (q: { id: string }) => Promise<{ ok: boolean; value: { history: { action: string; unit: string; note: string }[] } }> } }).cc.getCase({ id });
    return r.value.history;
  }, caseId);
  expect(history[0]).toMatchObject({ action: 'consultationDecision', unit: '娄星区应急管理局' });
  expect(history[0]!.note).toContain('设置临时避险点');

  // The room's big screen, at 1920×1080 and 3840×2160.
  for (const [w, h] of [
    [1920, 1080],
    [3840, 2160],
  ] as const) {
    const room = await (await browser.newContext({ viewport: { width: w, height: h } })).newPage();
    await room.goto(`${a.url}#/consultation/${code}`);
    await expect(room.getByTestId('room-title')).toHaveText('城区内涝会商', { timeout: 60_000 });
    await expect(room.getByTestId('room-decision')).toHaveCount(1);
    await expect(room.getByTestId('situation-map')).toHaveAttribute('data-map-state', 'idle', { timeout: 60_000 });
    await room.evaluate(() => (window as unknown as { __ccMapProbe: Probe }).__ccMapProbe.settled());
    await room.screenshot({ path: join(ARTIFACTS, `consultation-room-${w}.png`) });
    await room.context().close();
  }
  await presenter.screenshot({ path: join(ARTIFACTS, 'consultation-panel.png') });
});
