import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CcApi } from '@shared/contract';
import { expect, openConsole, test } from './fixtures';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/**
 * The duty officer's alerts: a red incident from the simulator sounds the alert (the audio
 * element's play event), flashes the header until acknowledged, and the acknowledgement (who,
 * when) is in the incident's history.
 */
test('a red incident from the simulator sounds, flashes the header until acknowledged, and the acknowledgement is in its history', async ({ consoleHost, page }) => {
  test.setTimeout(180_000);
  await openConsole(page, consoleHost.url);
  // An officer has clicked in the console at least once (browsers play sound only after a gesture).
  await page.getByTestId('app-title').click();
  await page.evaluate(() => {
    const w = window as unknown as { __plays: number };
    w.__plays = 0;
    document.querySelector('[data-testid="alert-audio"]')!.addEventListener('play', () => (w.__plays += 1));
  });
  // Only red alerts for this test, and the simulator at 50 incidents a second so that one comes soon.
  await page.evaluate(async () => {
    const r = await (window as unknown as { cc: CcApi }).cc.setSettings({ alertLevel: 'red', simulatorRatePerMinute: 3000 });
    if (!r.ok) throw new Error(r.error.message);
  });
  const firstRed = page.locator('[data-testid="duty-alert"][data-level="red"]').first();
  await expect(firstRed).toBeVisible({ timeout: 120_000 });
  await page.evaluate(async () => {
    const r = await (window as unknown as { cc: CcApi }).cc.setSettings({ simulatorRatePerMinute: 12 });
    if (!r.ok) throw new Error(r.error.message);
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { __plays: number }).__plays)).toBeGreaterThan(0);
  const header = page.getByTestId('app-header');
  await expect(header).toHaveAttribute('data-alert', 'red');
  await expect(header).toHaveClass(/flashing/);
  await page.screenshot({ path: join(ARTIFACTS, 'duty-alert.png') });

  const id = (await firstRed.getAttribute('data-incident'))!;
  expect(id).toBeTruthy();
  // The alert opens its case; acknowledging it shows in the case's timeline.
  await page.locator(`[data-testid="duty-alert"][data-incident="${id}"] .name`).click();
  await expect(page.getByTestId('case-timeline')).toBeVisible();
  await page.locator(`[data-testid="duty-alert"][data-incident="${id}"] [data-testid="duty-alert-ack"]`).click();
  await expect(page.locator(`[data-testid="duty-alert"][data-incident="${id}"]`)).toHaveCount(0);
  await expect(page.getByTestId('timeline-entry').filter({ hasText: '确认告警' })).toHaveCount(1);
  // Any other red ones that came meanwhile: acknowledged from the keyboard, one A each.
  await expect(async () => {
    if ((await page.getByTestId('duty-alert').count()) > 0) await page.keyboard.press('a');
    await expect(page.getByTestId('duty-alert-bar')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(header).not.toHaveAttribute('data-alert', /./);
  await expect(header).not.toHaveClass(/flashing/);

  const history = await page.evaluate(async (incidentId) => {
    const r = await (window as unknown as { cc: CcApi }).cc.getCase({ id: incidentId });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.history.filter((h) => h.action === 'alertAck');
  }, id);
  expect(history).toHaveLength(1);
  expect(history[0]).toMatchObject({ actor: '值班员', role: 'duty', origin: 'console' });
});

test('every action has a shortcut listed in the help, the palette finds and runs it, and the keyboard switches views', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  await page.getByTestId('app-title').click();

  await page.keyboard.press('?');
  const help = page.getByTestId('shortcut-help');
  await expect(help).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'shortcut-help.png') });
  const labels = new Map(await help.locator('dd[data-command]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-command')!, e.textContent!.trim()] as [string, string])));
  const ids = [...labels.keys()];
  expect(ids).toEqual(expect.arrayContaining(['search', 'alert.ack', 'incident.next', 'incident.previous', 'case.accept', 'case.dispatch', 'cameras.nearest', 'view.cases']));
  expect(await help.locator('dt kbd').count()).toBe(ids.length);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // The palette finds each command by its words.
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await expect(page.getByTestId('command-query')).toBeFocused();
  await page.screenshot({ path: join(ARTIFACTS, 'command-palette.png') });
  for (const id of ids.filter((x) => x !== 'palette')) {
    await page.getByTestId('command-query').fill(labels.get(id)!);
    await expect(palette.locator(`[data-command="${id}"]`)).toBeVisible();
  }
  // Run one from the palette with the keyboard alone: go to the case view.
  await page.getByTestId('command-query').fill(labels.get('view.cases')!);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('cases-view')).toBeVisible();

  // Shortcuts: 1 goes back to the situation, / focuses the case search.
  await page.keyboard.press('1');
  await expect(page.locator('main[data-view="situation"]')).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.locator('[data-testid="case-search"] input')).toBeFocused();
  // Typing in the search is not a command.
  await page.keyboard.type('1');
  await expect(page.getByTestId('cases-view')).toBeVisible();
});

test('the incident list holds still under the pointer and the keyboard focus while 20 new incidents arrive, and the chip shows them', async ({ consoleHost, page }) => {
  test.setTimeout(120_000);
  await openConsole(page, consoleHost.url);
  const rows = page.getByTestId('incident-row');
  await expect(rows.nth(5)).toBeVisible({ timeout: 60_000 });
  const id = (await rows.nth(3).getAttribute('data-id'))!;
  // Found by its id from here on: `nth(3)` is re-read at every use.
  const same = page.locator(`[data-testid="incident-row"][data-id="${id}"]`);
  await same.click(); // the pointer rests on it and it has the keyboard focus
  await expect(same).toBeFocused();
  const before = (await same.boundingBox())!;
  const rowIndex = async (): Promise<number> => (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).indexOf(id);
  const indexBefore = await rowIndex();

  await page.evaluate(async () => {
    const r = await (window as unknown as { cc: CcApi }).cc.setSettings({ simulatorRatePerMinute: 1200 });
    if (!r.ok) throw new Error(r.error.message);
  });
  const chip = page.getByTestId('incident-new-chip');
  await expect.poll(async () => ((await chip.count()) > 0 ? Number(await chip.getAttribute('data-count')) : 0), { timeout: 60_000 }).toBeGreaterThanOrEqual(20);
  await page.evaluate(async () => {
    await (window as unknown as { cc: CcApi }).cc.setSettings({ simulatorRatePerMinute: 12 });
  });

  await expect(same).toBeFocused();
  const after = (await same.boundingBox())!;
  expect(after.y).toBe(before.y);
  expect(await rowIndex()).toBe(indexBefore);
  await page.screenshot({ path: join(ARTIFACTS, 'incident-list-held.png') });

  // The chip shows what arrived, at the top, marked unread.
  await chip.click();
  await expect(chip).toBeHidden();
  await expect(rows.first()).toHaveAttribute('data-unread', 'true');
});

test('the header alert settings open with their form (loaded on first open) and switch the sound off, kept by the host', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  await page.getByTestId('alert-settings').click();
  const sound = page.getByTestId('alert-sound-switch');
  await expect(sound).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'alert-settings.png') });
  await sound.click();
  const kept = (): Promise<boolean | undefined> =>
    page.evaluate(async () => {
      const r = await (window as unknown as { cc: CcApi }).cc.getSettings();
      return r.ok ? r.value.alertSound : undefined;
    });
  await expect.poll(kept).toBe(false);
});
