import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CcApi } from '@shared/contract';
import { expect, openConsole, test } from './fixtures';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/**
 * The triage queue (待处置): a batch accept of cases waiting to be registered, after one
 * confirmation, moves them to the dispatch tab, each with its own acceptance in its history;
 * then, from the keyboard, the dispatch tab (T) and a batch dispatch (Shift+D) to a unit.
 */
test('the triage queue accepts several cases at once after one confirmation, and dispatches them from the keyboard', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  await page.getByTestId('nav-cases').click();
  const queue = page.getByTestId('triage-queue');
  await expect(queue).toBeVisible();
  const count = (tab: string) => queue.locator(`[data-testid="triage-tab"][data-tab="${tab}"] [data-testid="triage-count"]`);
  // The simulator's history leaves reports waiting to be registered.
  await expect.poll(async () => Number(await count('register').textContent()), { timeout: 60_000 }).toBeGreaterThan(2);

  const rows = queue.getByTestId('triage-row');
  const ids = [(await rows.nth(0).getAttribute('data-id'))!, (await rows.nth(1).getAttribute('data-id'))!];
  for (const id of ids) await queue.locator(`[data-testid="triage-row"][data-id="${id}"] [data-testid="triage-check"]`).click();
  await expect(queue.getByTestId('triage-acknowledge')).toContainText('2');
  await queue.getByTestId('triage-acknowledge').click();
  await expect(queue.getByTestId('triage-confirm-box')).toContainText('2');
  await page.screenshot({ path: join(ARTIFACTS, 'triage-confirm.png') });
  await queue.getByTestId('triage-confirm').click();
  await expect(queue.getByTestId('triage-outcome')).toContainText('已受理 2 起');
  for (const id of ids) await expect(queue.locator(`[data-testid="triage-row"][data-id="${id}"]`)).toHaveCount(0);

  // Both are registered now, each with its own acceptance in its history.
  const caseOf = (id: string) =>
    page.evaluate(async (id) => {
      const r = await (window as unknown as { cc: CcApi }).cc.getCase({ id });
      if (!r.ok) throw new Error(r.error.message);
      return { status: r.value.incident.status, unit: r.value.incident.unit, actions: r.value.history.map((h) => h.action) };
    }, id);
  for (const id of ids) {
    const c = await caseOf(id);
    expect(c.status).toBe('registered');
    expect(c.actions.filter((a) => a === 'acknowledge')).toHaveLength(1);
  }

  // The dispatch tab, from the keyboard: T moves to it, Shift+D asks for the unit of the selected case.
  await page.getByTestId('app-title').click();
  await page.keyboard.press('t');
  await expect(queue.locator('[data-testid="triage-tab"][data-tab="dispatch"]')).toHaveAttribute('aria-selected', 'true');
  await expect(rows.first()).toBeVisible();
  const first = (await rows.first().getAttribute('data-id'))!;
  await queue.locator(`[data-testid="triage-row"][data-id="${first}"] [data-testid="triage-check"]`).click();
  await page.getByTestId('app-title').click();
  await page.keyboard.press('Shift+D');
  await expect(queue.getByTestId('triage-unit')).toBeVisible();
  await queue.getByTestId('triage-unit').click();
  await page.keyboard.type('乐坪街道办');
  await page.keyboard.press('Enter');
  await queue.getByTestId('triage-confirm').click();
  await expect(queue.getByTestId('triage-outcome')).toContainText('已派遣 1 起');
  await expect(queue.locator(`[data-testid="triage-row"][data-id="${first}"]`)).toHaveCount(0);
  expect(await caseOf(first)).toMatchObject({ status: 'dispatched', unit: '乐坪街道办' });
  await page.screenshot({ path: join(ARTIFACTS, 'triage-queue.png') });
});
