import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { expect, openConsole, startConsole, stopConsole, test } from './fixtures';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

test('the Feeds view shows every simulator feed live with its counts, and the CAP alerts in force in their colours', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  await page.getByTestId('nav-feeds').click();
  await expect(page).toHaveURL(/#\/feeds$/);
  const rows = page.getByTestId('feed-row');
  await expect(rows).toHaveCount(4);
  for (const id of ['sim.grid', 'sim.cm', 'sim.cap', 'sim.vehicles']) {
    await expect(page.locator(`[data-testid="feed-row"][data-feed="${id}"]`)).toHaveAttribute('data-state', 'live');
  }
  const grid = page.locator('[data-testid="feed-row"][data-feed="sim.grid"]');
  await expect.poll(async () => Number((await grid.getByTestId('feed-accepted').textContent())!.replace(/\D/g, ''))).toBeGreaterThan(500);
  const cm = page.locator('[data-testid="feed-row"][data-feed="sim.cm"]');
  await expect.poll(async () => Number((await cm.getByTestId('feed-accepted').textContent())!.replace(/\D/g, ''))).toBeGreaterThan(10);
  // The simulator's warnings: an orange rainstorm (an update that superseded the yellow one), a
  // blue flood and a yellow geological warning; the cancelled, expired and exercise ones are not in force.
  const alerts = page.getByTestId('alert-row');
  await expect(alerts).toHaveCount(3);
  await expect(alerts.first()).toHaveAttribute('data-severity', 'orange');
  await expect(alerts.first().getByTestId('alert-headline')).toContainText('暴雨橙色预警');
  await expect(page.getByTestId('alert-list')).not.toContainText('大风');
  await expect(page.getByTestId('alert-list')).not.toContainText('红色预警');
  const badge = alerts.first().locator('.badge');
  await expect(badge).toHaveCSS('background-color', 'rgb(255, 140, 26)');
  await expect(page.getByTestId('alert-ticker')).toHaveAttribute('data-severity', 'orange');
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(ARTIFACTS, 'feeds.png') });
  await page.getByTestId('lang-switch').click();
  await expect(alerts.first().getByTestId('alert-headline')).toContainText('Rainstorm orange warning');
  await page.screenshot({ path: join(ARTIFACTS, 'feeds-en.png') });
  await page.getByTestId('lang-switch').click();
});

test('CAP alerts are not cases: never in the overdue list or the case counts, until an officer opens a case from one', async ({ consoleHost, page }) => {
  await page.goto(consoleHost.url);
  await page.getByTestId('nav-feeds').click();
  const alerts = page.getByTestId('alert-row');
  await expect(alerts).toHaveCount(3, { timeout: 20_000 });
  /** Every overdue case and today's stats, as the cases view gets them from the host. */
  const cases = () =>
    page.evaluate(async () => {
      type R<T> = Promise<{ ok: true; value: T }>;
      const cc = (window as unknown as { cc: { overdueCases(q: unknown): R<{ items: { source: string; title: string }[] }>; caseStats(q: unknown): R<{ byCategory: Record<string, number> }> } }).cc;
      const overdue = await cc.overdueCases({ limit: 500, offset: 0 });
      const stats = await cc.caseStats({ from: Date.now() - 48 * 3_600_000 });
      return { overdue: overdue.value.items, categories: Object.keys(stats.value.byCategory) };
    });
  await page.getByTestId('nav-cases').click();
  // The warnings are stored (in force above); none of them is an overdue case or counted as one.
  await expect(page.getByTestId('stat-overdue')).toBeVisible({ timeout: 20_000 });
  const before = await cases();
  expect(before.overdue.filter((i) => i.source === 'sim.cap' || /预警/.test(i.title))).toEqual([]);
  expect(before.categories.filter((c) => c.startsWith('em.'))).toEqual([]);
  // The overdue list may be empty (then it is not drawn at all): no row of it names a warning.
  await expect(page.getByTestId('overdue-list').filter({ hasText: '预警' })).toHaveCount(0);
  // An officer decides the rainstorm needs a case: it opens in the cases view, the decision in its history.
  await page.getByTestId('nav-feeds').click();
  await alerts.filter({ hasText: '暴雨' }).first().getByTestId('alert-open-case').click();
  await expect(page).toHaveURL(/#\/cases/);
  await expect(page.getByTestId('case-timeline')).toContainText('从预警立案');
  await expect(page.getByTestId('case-title')).toContainText('暴雨');
  expect((await cases()).categories).toContain('em.weather');
  await page.screenshot({ path: join(ARTIFACTS, 'case-from-alert.png') });
});

test('the header alert ticker opens the Feeds view', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  const ticker = page.getByTestId('alert-ticker');
  await expect(ticker).toContainText('3 条生效预警');
  await ticker.click();
  await expect(page.getByTestId('feeds-view')).toBeVisible();
});

test('reconnect drops the link and connects again; refused messages land in the quarantine as text', async ({ page }) => {
  let connections = 0;
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws) => {
    connections += 1;
    ws.send(JSON.stringify({ type: 'hello', runId: 'Q', latestSeq: 0, serverTime: Date.now() }));
    if (connections === 1) {
      ws.send('<script>window.__pwned = 1</script> not json');
      ws.send(JSON.stringify([{ type: 'event', seq: 1, sentAt: Date.now(), event: { eventId: 'x', level: 9 } }]));
    }
  });
  const port = (wss.address() as { port: number }).port;
  const c = await startConsole({ feeds: { feeds: [{ id: 'city.grid', name: '综治平台（测试）', kind: 'websocket', url: `ws://127.0.0.1:${port}/` }] } });
  try {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openConsole(page, `${c.url}#/feeds`);
    const row = page.locator('[data-testid="feed-row"][data-feed="city.grid"]');
    await expect(row).toHaveAttribute('data-state', 'live');
    await expect(row.getByTestId('feed-rejected')).toHaveText('2');
    const reasons = page.getByTestId('quarantine-reason');
    await expect(reasons).toHaveCount(2);
    await expect(page.getByTestId('quarantine')).toContainText('frame is not JSON');
    await expect(page.getByTestId('quarantine')).toContainText('<script>window.__pwned = 1</script>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: join(ARTIFACTS, 'feeds-quarantine.png') });
    expect(connections).toBe(1);
    await row.getByTestId('feed-reconnect').click();
    await expect.poll(() => connections).toBe(2);
    await expect(row).toHaveAttribute('data-state', 'live');
    expect(dialogs).toEqual([]);
  } finally {
    await stopConsole(c);
    await new Promise<void>((r) => wss.close(() => r()));
  }
});
