import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CcApi } from '@shared/contract';
import { haversineMetres } from '../../src-shared/geo/geometry';
import { expect, openConsole, startConsole, stopConsole, test, type RunningConsole } from './fixtures';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
const root = join(import.meta.dirname, '../..');

/** Where the planted case is: the Louxing district centre, among the simulator's vehicles. */
const AT: [number, number] = [112.0019, 27.7299];
const TITLE = '派车演练井盖缺失（乐坪大道）';

/** One manhole report two hours old (so it waits as a reported case), imported before the console starts. */
function plantCase(dataDir: string): void {
  const file = join(dataDir, 'planted.json');
  const reportTime = new Date(Date.now() - 2 * 3_600_000).toISOString();
  writeFileSync(
    file,
    JSON.stringify([
      { eventId: 'dispatch-drill-1', categoryCode: 'gg.other', level: 3, title: TITLE, content: '网格员上报：井盖缺失，请派车处置。', lng: AT[0], lat: AT[1], coordSys: 'WGS84', gridCode: null, address: '娄底市娄星区乐坪大道88号', reportTime, state: 'reported', unit: null },
    ]),
  );
  execFileSync(process.execPath, [join(root, 'out/main/cli.js'), 'ingest', file, '--format', 'json', '--data-dir', dataDir], { stdio: 'ignore' });
}

/** The fleet as the host sees it now. */
function listVehicles(page: import('@playwright/test').Page) {
  return page.evaluate(async () => {
    const r = await (window as unknown as { cc: CcApi }).cc.listVehicles();
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  });
}

let host: RunningConsole;
test.beforeAll(async () => {
  host = await startConsole({ beforeStart: plantCase });
});
test.afterAll(async () => {
  await stopConsole(host);
});

test('dispatching a case offers the nearest free vehicles with the straight-line assumption; assigning one shows in the history and on the map', async ({ page }) => {
  test.setTimeout(120_000);
  await openConsole(page, host.url);
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('case-search').locator('input').fill('派车演练');
  const hit = page.getByTestId('search-results').getByTestId('case-row').filter({ hasText: TITLE });
  await expect(hit).toHaveCount(1);
  await hit.click();
  const detail = page.getByTestId('case-detail');
  await expect(detail.getByTestId('case-title')).toHaveText(TITLE);
  await detail.getByTestId('action-acknowledge').click();
  await expect(detail.getByTestId('case-status')).toHaveAttribute('data-status', 'registered');

  // The advisor: vehicles quickest first, the assumption on screen, units, the nearest cameras.
  const advisor = page.getByTestId('dispatch-advisor');
  await expect(advisor.getByTestId('dispatch-basis')).toHaveAttribute('data-basis', 'straight-line');
  await expect(advisor.getByTestId('dispatch-basis')).toContainText('1.4');
  await expect(advisor.getByTestId('dispatch-basis')).toContainText('25 km/h');
  const rows = advisor.getByTestId('dispatch-vehicle');
  await expect(rows).toHaveCount(5);
  const seconds = (await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seconds')))));
  expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
  await expect(advisor.getByTestId('dispatch-unit')).toHaveCount(5);
  await expect(advisor.getByTestId('dispatch-camera').first()).toBeVisible();

  // The first offered is the nearest of the fleet as the host sees it now (vehicles move ~6 m/s).
  const firstId = (await rows.first().getAttribute('data-vehicle'))!;
  const fleet = await listVehicles(page);
  const dist = (v: { lon: number; lat: number }) => haversineMetres([v.lon, v.lat], AT);
  const nearest = Math.min(...fleet.map(dist));
  expect(dist(fleet.find((v) => v.id === firstId)!)).toBeLessThan(nearest + 300);
  await page.screenshot({ path: join(ARTIFACTS, 'dispatch-advisor.png') });

  // Assign it: in the case history, marked on the case, and no longer offered.
  const plate = fleet.find((v) => v.id === firstId)!.name;
  await rows.first().getByTestId('dispatch-assign-vehicle').click();
  await expect(advisor.locator(`[data-testid="dispatch-assigned-vehicle"][data-vehicle="${firstId}"]`)).toHaveText(plate);
  const entry = page.getByTestId('timeline-entry').filter({ hasText: '派车' });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(plate);
  await expect(entry).toContainText('直线');
  await expect(advisor.locator(`[data-testid="dispatch-vehicle"][data-vehicle="${firstId}"]`)).toHaveCount(0);

  // Recorded by the host, as the case flow records it.
  const caseId = (await hit.getAttribute('data-id'))!;
  const history = await page.evaluate(async (id) => {
    const r = await (window as unknown as { cc: CcApi }).cc.getCase({ id });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.history.filter((h) => h.action === 'assignVehicle');
  }, caseId);
  expect(history).toEqual([expect.objectContaining({ actor: '值班员', role: 'duty', unit: plate, from: 'registered', to: 'registered' })]);

  // On the map: the candidates, and the assigned vehicle labelled with its case.
  await advisor.getByTestId('dispatch-show-map').click();
  await expect(page.getByTestId('situation-map')).toBeVisible();
  const label = page.locator(`[data-testid="vehicle-assignment-label"][data-vehicle="${firstId}"]`);
  await expect(label).toBeVisible({ timeout: 20_000 });
  await expect(label).toHaveText(`${plate} → ${TITLE}`);
  await expect(page.getByTestId('layer-dispatch')).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'dispatch-map.png') });
});

test('an escalation rule edited in the console fires the duty alert on matching simulator input, and every save is a version', async ({ page }) => {
  test.setTimeout(120_000);
  await openConsole(page, host.url);
  await page.getByTestId('nav-signals').click();
  await page.getByTestId('rules-open').click();
  const panel = page.getByTestId('rules-panel');
  await expect(panel).toBeVisible();

  // A rule that cannot be saved says why and keeps the button off.
  await panel.getByTestId('rule-add').click();
  const rule = panel.getByTestId('rule').first();
  await expect(rule).toHaveAttribute('data-invalid', 'true');
  await expect(panel.getByTestId('rules-save')).toBeDisabled();

  // Any red or orange incident: two in one grid within ten minutes → a red alert to the duty officer and the leader.
  await rule.getByTestId('rule-name').locator('input').fill('演练：同一网格十分钟内两起橙色以上');
  await rule.getByTestId('rule-severity').click();
  await page.locator('.n-base-select-option').filter({ hasText: '橙色（重大）', visible: true }).click();
  // The menu closes before the next select opens (two menus fading at once hold the same options).
  await expect(page.locator('.n-base-select-menu').filter({ visible: true })).toHaveCount(0);
  await rule.getByTestId('rule-count').locator('input').fill('2');
  await rule.getByTestId('rule-window').locator('input').fill('10');
  await rule.getByTestId('rule-level').click();
  await page.locator('.n-base-select-option').filter({ hasText: '红色（特别重大）', visible: true }).click();
  // The menu closes before the next select opens (two menus fading at once hold the same options).
  await expect(page.locator('.n-base-select-menu').filter({ visible: true })).toHaveCount(0);
  await rule.getByTestId('rule-notify').click();
  // A multiple choice: its menu stays open until the next click elsewhere.
  await page.locator('.n-base-select-option').filter({ hasText: '带班领导', visible: true }).click();
  await rule.getByTestId('rule-name').click();
  await expect(rule).not.toHaveAttribute('data-invalid', /./);
  await panel.getByTestId('rules-note').locator('input').fill('演练');
  await panel.getByTestId('rules-save').click();
  await expect(panel.getByTestId('rules-saved')).toContainText('1');
  await expect(panel.getByTestId('rules-version')).toHaveCount(1);
  await page.screenshot({ path: join(ARTIFACTS, 'rules-panel.png') });

  // A second save is version 2; version 1 stays readable.
  await rule.getByTestId('rule-window').locator('input').fill('15');
  await rule.getByTestId('rule-name').click();
  await panel.getByTestId('rules-save').click();
  await expect(panel.getByTestId('rules-version')).toHaveCount(2);
  const v1 = await page.evaluate(async () => {
    const r = await (window as unknown as { cc: CcApi }).cc.getRulesVersion({ version: 1 });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  });
  expect(v1.rules[0]).toMatchObject({ windowMinutes: 10, count: 2, minSeverity: 'orange', level: 'red', notify: ['duty', 'leader'] });
  await page.keyboard.press('Escape');

  // The simulator faster: the rule fires on what it sends, and the alert bar says so.
  await page.evaluate(async () => {
    const r = await (window as unknown as { cc: CcApi }).cc.setSettings({ simulatorRatePerMinute: 1200 });
    if (!r.ok) throw new Error(r.error.message);
  });
  const alert = page.locator('[data-testid="duty-alert"][data-kind="rule"]').first();
  await expect(alert).toBeVisible({ timeout: 60_000 });
  await page.evaluate(async () => {
    await (window as unknown as { cc: CcApi }).cc.setSettings({ simulatorRatePerMinute: 12 });
  });
  await expect(alert).toHaveAttribute('data-level', 'red');
  await expect(alert).toContainText('演练：同一网格十分钟内两起橙色以上');
  await expect(alert).toContainText('带班领导');
  await page.screenshot({ path: join(ARTIFACTS, 'rules-alert.png') });

  // The firing is recorded with the version it came from and the incidents it counted.
  const firings = await page.evaluate(async () => {
    const r = await (window as unknown as { cc: CcApi }).cc.ruleFirings();
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  });
  expect(firings[0]).toMatchObject({ version: 2, level: 'red', threshold: 2 });
  expect(firings[0]!.incidentIds.length).toBeGreaterThanOrEqual(2);
});
