import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOUDI_GRIDS } from '../../src-shared/geo/grids';
import { countMapColours, expect, startConsole, stopConsole, test, type RunningConsole } from './fixtures';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
const root = join(import.meta.dirname, '../..');

const DAY = 86_400_000;
const GRID = LOUDI_GRIDS[5]!;
/** The signal colour (theme/tokens.ts accent.signal). */
const SIGNAL_RGB: [number, number, number] = [0xff, 0x2d, 0x95];

/** A neighbour dispute in the planted grid, as the grid feed sends it. */
function dispute(n: number, at: number) {
  return {
    eventId: `plant-${n}`,
    categoryCode: 'gg.neighbour',
    level: 4,
    title: `邻里纠纷（演练）${n}`,
    content: '网格员上报：邻里纠纷，请核实。',
    lng: GRID.center[0],
    lat: GRID.center[1],
    coordSys: 'WGS84',
    gridCode: GRID.id,
    address: '娄底市娄星区',
    reportTime: new Date(at).toISOString(),
    state: 'reported',
    unit: null,
  };
}

/**
 * Three weeks of one or two disputes a day in one grid, then a cluster of 24 in the last hours:
 * imported through the command line into the data directory before the console starts.
 */
function plantCluster(dataDir: string): void {
  const now = Date.now();
  const events = [];
  let n = 0;
  for (let d = 21; d >= 1; d--) for (let k = 0; k < 1 + (d % 2); k++) events.push(dispute(++n, now - d * DAY + k * 3_600_000));
  for (let k = 0; k < 24; k++) events.push(dispute(++n, now - k * 60_000));
  const file = join(dataDir, 'planted.json');
  writeFileSync(file, JSON.stringify(events));
  execFileSync(process.execPath, [join(root, 'out/main/cli.js'), 'ingest', file, '--format', 'json', '--data-dir', dataDir], { stdio: 'ignore' });
}

let host: RunningConsole;
test.beforeAll(async () => {
  host = await startConsole({ beforeStart: plantCluster });
});
test.afterAll(async () => {
  await stopConsole(host);
});

test('a planted cluster raises a signal with its curve, acknowledging it is recorded, and its grid is outlined on the map', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('nav-signals').click();
  const row = page.locator(`[data-testid="signal-row"][data-method="ears-c1"][data-grids*="${GRID.id}"]`).first();
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toHaveAttribute('data-state', 'open');
  await row.click();

  const curve = page.getByTestId('signal-curve');
  await expect(curve.locator('canvas')).toBeVisible();
  await expect(curve).toHaveAttribute('data-alarms', /^[1-9]/);
  expect(Number(await curve.getAttribute('data-points'))).toBeGreaterThan(28);
  await expect(page.getByTestId('signal-incident').first()).toBeVisible();
  expect(await page.getByTestId('signal-incident').count()).toBeGreaterThanOrEqual(24);
  await page.screenshot({ path: join(ARTIFACTS, 'signals-view.png') });

  await page.getByTestId('signal-acknowledge').click();
  await expect(row).toHaveAttribute('data-state', 'acknowledged');
  await expect(page.getByTestId('signal-history')).toContainText('值班员');

  // Recorded in the cache: a fresh page finds it acknowledged.
  await page.reload();
  const again = page.locator(`[data-testid="signal-row"][data-method="ears-c1"][data-grids*="${GRID.id}"]`).first();
  await expect(again).toHaveAttribute('data-state', 'acknowledged');
  await again.click();
  await expect(page.getByTestId('signal-history')).toContainText('值班员');

  await page.getByTestId('signal-show-map').click();
  await expect(page.getByTestId('situation-map')).toBeVisible();
  await expect(page.getByTestId('layer-signals')).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'signals-map.png') });
  await expect
    .poll(async () => (await countMapColours(page, { signal: SIGNAL_RGB })).signal, { timeout: 20_000 })
    .toBeGreaterThan(200);

  // The signal starts a consultation (会商).
  await page.getByTestId('nav-signals').click();
  await page.locator(`[data-testid="signal-row"][data-method="ears-c1"][data-grids*="${GRID.id}"]`).first().click();
  await page.getByTestId('signal-consult').click();
  await expect(page.getByTestId('situation-map')).toBeVisible();
  // The session is live: the situation view's 会商 toggle carries its dot.
  await expect(page.getByTestId('consultation-toggle').locator('.dot')).toBeVisible();
});

test('a dismissal needs a reason, and a dismissed signal leaves the list', async ({ page }) => {
  await page.goto(`${host.url}#/signals`);
  const row = page.locator('[data-testid="signal-row"][data-state="open"]').first();
  await expect(row).toBeVisible({ timeout: 30_000 });
  const id = await row.getAttribute('data-signal-id');
  await row.click();
  await expect(page.getByTestId('signal-dismiss')).toBeDisabled();
  await page.getByTestId('signal-reason').locator('input').fill('演练数据，已知');
  await page.getByTestId('signal-dismiss').click();
  await expect(page.locator(`[data-testid="signal-row"][data-signal-id="${id}"]`)).toHaveCount(0);
  // Still gone for a fresh page (the dismissal is stored, and the cluster is not raised again).
  await page.reload();
  await expect(page.getByTestId('signals-computed')).toBeVisible();
  await expect(page.locator(`[data-testid="signal-row"][data-signal-id="${id}"]`)).toHaveCount(0);
});
