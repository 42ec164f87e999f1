import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { countMapColours, expect, openConsole, startConsole, stopConsole, test } from './fixtures';
import { mapIdle } from './map-helpers';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

test('the host refuses requests and sockets that carry neither token nor session', async ({ consoleHost, request, page }) => {
  const plain = await request.get(`${consoleHost.origin}/`);
  expect(plain.status()).toBe(401);
  expect((await request.get(`${consoleHost.origin}/geo/world.json`)).status()).toBe(401);
  expect((await request.get(`${consoleHost.origin}/?token=not-the-token`)).status()).toBe(401);
  // A page on another origin cannot open the API socket.
  await page.goto('about:blank');
  const refused = await page.evaluate(async (origin) => {
    return new Promise<string>((resolve) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/cc-api`);
      ws.onopen = () => resolve('open');
      ws.onerror = () => resolve('refused');
    });
  }, consoleHost.origin);
  expect(refused).toBe('refused');
});

test('simulator incidents appear within seconds, and live ones keep arriving', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  const rows = page.getByTestId('incident-row');
  await expect(rows.first()).toBeVisible();
  const firstSeen = Date.now() - consoleHost.startedAt;
  console.log(`console host start → first incident on screen: ${firstSeen} ms`);
  expect(page.url()).not.toContain('token='); // the token was traded for a session cookie
  const total = page.getByTestId('incident-total');
  const before = Number((await total.textContent())!.replace(/\D/g, ''));
  expect(before).toBeGreaterThan(500); // a day of history at the city's real rate
  await expect
    .poll(async () => Number((await total.textContent())!.replace(/\D/g, '')), { timeout: 30_000 })
    .toBeGreaterThan(before);
  await expect(page.getByTestId('feed-status')).toHaveAttribute('data-state', 'live');
});

test('the map is really drawn: basemap, grids and incident points as pixels', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
  await mapIdle(page);
  const counts = await countMapColours(page, {
    background: [11, 18, 32],
    county: [21, 38, 64],
    countyLine: [79, 140, 201],
    blueIncident: [47, 140, 255],
    yellowIncident: [255, 212, 38],
  });
  await page.screenshot({ path: join(ARTIFACTS, 'console.png') });
  expect(counts.county).toBeGreaterThan(10_000);
  expect(counts.countyLine).toBeGreaterThan(300);
  expect(counts.blueIncident).toBeGreaterThan(1_000);
  expect(counts.yellowIncident).toBeGreaterThan(100);
});

test('selecting an incident shows its details and marks it on the map', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  const third = page.getByTestId('incident-row').nth(2);
  await expect(third).toBeVisible();
  // Live incidents keep arriving and shift the list, so follow this one by its id.
  const id = (await third.getAttribute('data-id'))!;
  const row = page.locator(`[data-testid="incident-row"][data-id="${id}"]`);
  const title = (await row.locator('.title').textContent())!;
  await row.click();
  const detail = page.getByTestId('incident-detail');
  await expect(detail.getByTestId('detail-title')).toHaveText(title);
  await expect(detail).toContainText('第');
  // The original datum is shown: grid events come in WGS-84, the simulator's Open311 cases in GCJ-02.
  await expect(detail).toContainText(/\((WGS84|CGCS2000|GCJ02|BD09)\)/);
  await expect(row).toHaveClass(/selected/);
  await mapIdle(page); // the map has flown to it and drawn the mark
  await page.screenshot({ path: join(ARTIFACTS, 'selected.png') });
});

test('Chinese is drawn with the console\'s own font, not whatever the workstation has', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  await expect(page.getByTestId('app-title')).toHaveText('娄底市应急联动指挥中心');
  await page.evaluate(() => document.fonts.ready);
  const fonts = await page.evaluate(() => ({
    title: getComputedStyle(document.querySelector('[data-testid="app-title"]')!).fontFamily,
    loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family.replace(/"/g, '')} ${f.weight}`),
    // The font face that covers the title's glyphs is the bundled one, and it has loaded.
    covered: document.fonts.check('600 16px "Noto Sans SC"', '娄底市应急联动指挥中心'),
  }));
  expect(fonts.title).toMatch(/^"?Noto Sans SC"?,/);
  expect(fonts.loaded).toContain('Noto Sans SC 400');
  expect(fonts.loaded).toContain('Noto Sans SC 600');
  expect(fonts.loaded).toContain('JetBrains Mono 400'); // the clock
  expect(fonts.covered).toBe(true);
  // Served by the console itself: the strict CSP (font-src 'self') lets it through.
  const css = await page.evaluate(() => [...document.styleSheets].flatMap((s) => [...s.cssRules]).find((r) => r.cssText.includes('Noto Sans SC') && r.cssText.includes('woff2'))?.cssText ?? '');
  expect(css).not.toMatch(/url\("?https?:/);
});

test('the language switch changes the interface to English and back', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  await expect(page.getByTestId('app-title')).toHaveText('娄底市应急联动指挥中心');
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('app-title')).toHaveText('Loudi Emergency Linkage Command Center');
  await expect(page.getByTestId('incident-total')).toContainText('in all');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.screenshot({ path: join(ARTIFACTS, 'english.png') });
  // The choice is a setting: a reload keeps it.
  await page.reload();
  await expect(page.getByTestId('app-title')).toHaveText('Loudi Emergency Linkage Command Center');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('app-title')).toHaveText('娄底市应急联动指挥中心');
});

test('an incident titled with HTML shows as text and runs nothing', async ({ page }) => {
  const hostile = '<img src=x onerror=alert(1)>';
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ type: 'hello', runId: 'XSS', latestSeq: 1, serverTime: Date.now() }));
    ws.send(
      JSON.stringify([
        {
          type: 'event',
          seq: 1,
          sentAt: Date.now(),
          event: {
            eventId: 'xss-1',
            categoryCode: 'gg.other',
            level: 1,
            title: hostile,
            content: `<script>window.__pwned = 1</script>${hostile}`,
            lng: 112.0019,
            lat: 27.7299,
            coordSys: 'WGS84',
            gridCode: null,
            address: '<b onmouseover=alert(2)>街道</b>',
            reportTime: new Date().toISOString(),
            state: 'reported',
            unit: null,
          },
        },
      ]),
    );
  });
  const port = (wss.address() as { port: number }).port;
  const c = await startConsole({ feeds: { feeds: [{ id: 'hostile', name: 'hostile', kind: 'websocket', url: `ws://127.0.0.1:${port}/` }] } });
  try {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openConsole(page, c.url);
    const row = page.getByTestId('incident-row').first();
    await expect(row.locator('.title')).toHaveText(hostile);
    await row.click();
    await expect(page.getByTestId('detail-title')).toHaveText(hostile);
    await expect(page.getByTestId('detail-description')).toContainText('<script>');
    // Rendered and painted: an injected handler would have been attached by now.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(dialogs).toEqual([]);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  } finally {
    await stopConsole(c);
    await new Promise<void>((r) => wss.close(() => r()));
  }
});
