import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, startConsole, stopConsole, test } from './fixtures';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

test('a damaged cache moved aside at start is announced on screen until an operator dismisses it', async ({ page }) => {
  const damaged = 'this is not a database\n'.repeat(400);
  const c = await startConsole({ files: { 'console.sqlite': damaged } });
  try {
    await page.goto(c.url);
    const banner = page.getByTestId('cache-recovery-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(/console\.sqlite\.damaged-/);
    await expect(page.getByTestId('cache-recovery-lost')).toContainText('9 KB');
    await expect(page.getByTestId('incident-row').first()).toBeVisible(); // the fresh cache fills again
    await page.screenshot({ path: join(ARTIFACTS, 'cache-recovery-banner.png') });
    // It stays across a reload: only an operator's acknowledgement ends it.
    await page.reload();
    await expect(banner).toBeVisible();
    await page.getByTestId('cache-recovery-dismiss').click();
    await expect(banner).toHaveCount(0);
    expect(existsSync(join(c.dataDir, 'cache-recovery.json'))).toBe(false);
    await page.reload();
    await expect(page.getByTestId('incident-row').first()).toBeVisible();
    await expect(banner).toHaveCount(0);
  } finally {
    await stopConsole(c);
  }
});

test('"log out all screens" logs out every browser screen and the old link stops working', async ({ browser }) => {
  const c = await startConsole();
  try {
    const a = await (await browser.newContext()).newPage();
    const b = await (await browser.newContext()).newPage();
    await a.goto(c.url);
    await b.goto(c.url);
    await expect(b.getByTestId('incident-row').first()).toBeVisible();
    await a.getByTestId('logout-all').click();
    await expect(a.getByRole('button', { name: '全部注销' })).toBeVisible();
    await a.screenshot({ path: join(ARTIFACTS, 'logout-all-confirm.png') });
    await a.getByRole('button', { name: '全部注销' }).click();
    // Both screens reload to the host's login notice.
    await expect(a.locator('body')).toContainText('401', { timeout: 15_000 });
    await expect(b.locator('body')).toContainText('401', { timeout: 15_000 });
    const again = await (await browser.newContext()).newPage();
    const r = await again.goto(c.url);
    expect(r?.status()).toBe(401);
  } finally {
    await stopConsole(c);
  }
});
