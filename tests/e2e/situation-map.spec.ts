import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOUDI_GRIDS } from '../../src-shared/geo/grids';
import { expect, openConsole, stopConsole, test } from './fixtures';
import { consoleWithEvents, gridEvent, inGrid, mapIdle, mapPixels, probe, project, showOnly, totalShown } from './map-helpers';

const ARTIFACTS = join(import.meta.dirname, '.artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

const isRed = ([r, g, b]: number[]): boolean => r! > 170 && g! < 120 && b! < 110;
const isDark = ([r, g, b]: number[]): boolean => r! < 60 && g! < 70 && b! < 90;

test('the heatmap is hot where the incidents are and cold elsewhere', async ({ page }) => {
  const hot = inGrid(17, 0.5, 0.5);
  const events = Array.from({ length: 60 }, (_, n) => gridEvent(n, { lon: hot.lon + ((n % 5) - 2) * 0.0006, lat: hot.lat + (Math.floor(n / 5) % 5 - 2) * 0.0006, level: n % 3 === 0 ? 1 : 3 }));
  const { host, feed } = await consoleWithEvents(events);
  try {
    await openConsole(page, host.url);
    await expect.poll(() => totalShown(page)).toBe(60);
    await showOnly(page, ['admin', 'heatmap']);
    await mapIdle(page);
    const cold = inGrid(35, 0.5, 0.5);
    const far = inGrid(7, 0.5, 0.5);
    const at = await Promise.all([project(page, hot.lon, hot.lat), project(page, cold.lon, cold.lat), project(page, far.lon, far.lat)]);
    const [h, c, f] = await mapPixels(page, at);
    await page.screenshot({ path: join(ARTIFACTS, 'heatmap.png') });
    expect(isRed(h!), `hot spot ${h}`).toBe(true);
    expect(isDark(c!), `cold grid ${c}`).toBe(true);
    expect(isDark(f!), `far grid ${f}`).toBe(true);
  } finally {
    await stopConsole(host);
    await feed.close();
  }
});

test('the grid situation layer colours grids by their counts and switches to closure rate', async ({ page }) => {
  // Grid 10: 20 incidents (the maximum), grid 24: 10 (half), grid 30: 1.
  let n = 0;
  const events = [
    ...Array.from({ length: 20 }, (_, i) => gridEvent(n++, { ...inGrid(10, 0.2 + (i % 5) * 0.15, 0.7), state: i < 18 ? 'closed' : 'handling' })),
    ...Array.from({ length: 10 }, (_, i) => gridEvent(n++, { ...inGrid(24, 0.2 + (i % 5) * 0.15, 0.7) })),
    gridEvent(n++, inGrid(30, 0.5, 0.7)),
  ];
  const { host, feed } = await consoleWithEvents(events);
  try {
    await openConsole(page, host.url);
    await expect.poll(() => totalShown(page)).toBe(31);
    await showOnly(page, ['admin', 'grids', 'gridSituation']);
    await mapIdle(page);
    const spots = [inGrid(10, 0.25, 0.25), inGrid(24, 0.25, 0.25), inGrid(30, 0.25, 0.25), inGrid(2, 0.25, 0.25)];
    const at = await Promise.all(spots.map((s) => project(page, s.lon, s.lat)));
    const [top, half, low, none] = await mapPixels(page, at);
    await page.screenshot({ path: join(ARTIFACTS, 'choropleth-counts.png') });
    expect(isRed(top!), `busiest grid ${top}`).toBe(true);
    expect(half![0]! > 150 && half![1]! > 130 && half![2]! < 110, `half grid ${half} is yellow`).toBe(true);
    expect(low![2]! > low![0]!, `quiet grid ${low} is blue`).toBe(true);
    expect(isDark(none!), `empty grid ${none} is not coloured`).toBe(true);

    // Closure rate: grid 10 closed 18 of 20 (green), grid 24 closed none (red).
    await page.getByTestId('grid-measure-closureRate').click();
    await mapIdle(page);
    const [good, bad] = await mapPixels(page, at.slice(0, 2));
    await page.screenshot({ path: join(ARTIFACTS, 'choropleth-closure.png') });
    expect(good![1]! > good![0]! && good![1]! > 120, `high closure ${good} is green`).toBe(true);
    expect(isRed(bad!), `no closure ${bad} is red`).toBe(true);
  } finally {
    await stopConsole(host);
    await feed.close();
  }
});

test('a filter change updates the map, the list and the counters together', async ({ page }) => {
  let n = 0;
  const events = [
    ...Array.from({ length: 12 }, (_, i) => gridEvent(n++, { ...inGrid(16, 0.2 + (i % 4) * 0.2, 0.3 + Math.floor(i / 4) * 0.2), level: 1 })),
    ...Array.from({ length: 30 }, (_, i) => gridEvent(n++, { ...inGrid(18, 0.2 + (i % 6) * 0.12, 0.3 + Math.floor(i / 6) * 0.1), level: 4 })),
  ];
  const { host, feed } = await consoleWithEvents(events);
  try {
    await openConsole(page, host.url);
    await expect.poll(() => totalShown(page)).toBe(42);
    await showOnly(page, ['admin', 'grids', 'incidents']);
    await mapIdle(page);
    await expect(page.getByTestId('count-blue')).toContainText('30');
    const blueSpot = await project(page, inGrid(18, 0.2, 0.3).lon, inGrid(18, 0.2, 0.3).lat);
    const [before] = await mapPixels(page, [blueSpot], 2);
    expect(before![2]! > 180, `blue incident drawn ${before}`).toBe(true);

    await page.getByTestId('filter-severity-red').click();
    await expect.poll(() => totalShown(page)).toBe(12);
    await expect(page.getByTestId('count-red')).toContainText('12');
    await expect(page.getByTestId('count-blue')).toContainText('0');
    const severities = await page.getByTestId('incident-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-severity')));
    expect(new Set(severities)).toEqual(new Set(['red']));
    await expect.poll(() => probe(page, (p) => p.drawn())).toBe(12);
    await mapIdle(page);
    const [after] = await mapPixels(page, [blueSpot], 2);
    await page.screenshot({ path: join(ARTIFACTS, 'filter-red.png') });
    expect(after![2]! < 120, `blue incident gone from the map ${after}`).toBe(true);
  } finally {
    await stopConsole(host);
    await feed.close();
  }
});

test('replay moves the map, the list and the counters along one clock', async ({ page }) => {
  const H = 3600_000;
  // One incident every 20 minutes over the last 10 hours.
  const events = Array.from({ length: 30 }, (_, i) => gridEvent(i, { ...inGrid(1 + i, 0.5, 0.5), agoMs: (30 - i) * 20 * 60_000, level: 2 }));
  const { host, feed } = await consoleWithEvents(events);
  try {
    await openConsole(page, host.url);
    await expect.poll(() => totalShown(page)).toBe(30);
    await page.getByTestId('mode-replay').click();
    await expect(page.getByTestId('replay-clock')).toBeVisible();
    // The range picker loads with the replay (it is not in the first view's JavaScript).
    await expect(page.getByTestId('replay-bar').locator('.range input').first()).toBeVisible();
    // Paused at the start of the cache: only the first incident has happened.
    await expect.poll(() => totalShown(page)).toBe(1);
    await expect.poll(() => probe(page, (p) => p.drawn())).toBe(1);
    for (let i = 0; i < 10; i++) await page.getByTestId('replay-forward').click();
    const mid = await totalShown(page);
    expect(mid).toBeGreaterThan(1);
    expect(mid).toBeLessThan(30);
    await expect(page.getByTestId('count-orange')).toContainText(String(mid));
    await expect.poll(() => probe(page, (p) => p.drawn())).toBe(mid);
    await mapIdle(page);
    await page.screenshot({ path: join(ARTIFACTS, 'replay-mid.png') });
    // Play at an hour a second: the rest of ten hours takes seconds.
    await page.getByTestId('replay-speed').click();
    await page.getByText('3600×').click();
    await page.getByTestId('replay-play').click();
    await expect.poll(() => totalShown(page)).toBe(30);
    await expect.poll(() => probe(page, (p) => p.drawn())).toBe(30);
    // Back to live.
    await page.getByTestId('mode-live').click();
    await expect.poll(() => totalShown(page)).toBe(30);
    expect(H).toBeGreaterThan(0);
  } finally {
    await stopConsole(host);
    await feed.close();
  }
});

test('CAP alert areas are drawn in their warning colour', async ({ consoleHost, page }) => {
  await openConsole(page, consoleHost.url);
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
  // Only the areas over the base map: a moving vehicle once sat on the sampled pixel.
  await showOnly(page, ['admin', 'alerts']);
  const g = LOUDI_GRIDS;
  await page.evaluate(
    ([a, b]) => {
      (window as unknown as { __ccMapProbe: { setAlertAreas(x: unknown): void } }).__ccMapProbe.setAlertAreas([
        { id: 'cap-1', severity: 'orange', headline: '暴雨橙色预警', polygons: [[[a![0], a![1]], [a![2], a![1]], [a![2], a![3]], [a![0], a![3]], [a![0], a![1]]]] },
        { id: 'cap-2', severity: 'red', headline: '山洪红色预警', circles: [{ center: [b![0], b![1]], radiusKm: 0.8 }] },
      ]);
    },
    [
      [g[0]!.bbox.west, g[0]!.bbox.north, g[9]!.bbox.east, g[9]!.bbox.south],
      [g[33]!.center[0], g[33]!.center[1]],
    ],
  );
  await mapIdle(page);
  const orangeInside = await project(page, (g[0]!.bbox.west + g[9]!.bbox.east) / 2, (g[0]!.bbox.north + g[9]!.bbox.south) / 2 + 0.003);
  const [inside] = await mapPixels(page, [orangeInside]);
  await page.screenshot({ path: join(ARTIFACTS, 'cap-areas.png') });
  const { countMapColours } = await import('./fixtures');
  const counts = await countMapColours(page, { orange: [255, 140, 26], red: [255, 59, 59] }, 60);
  expect(counts.orange, 'orange outline').toBeGreaterThan(300);
  expect(counts.red, 'red circle outline').toBeGreaterThan(150);
  // A light fill: the same spot with the alert layer off is the base map; with it, warmed towards orange.
  await showOnly(page, ['admin']);
  await mapIdle(page);
  const [base] = await mapPixels(page, [orangeInside]);
  expect(inside![0]! - inside![2]!, `orange tint inside ${inside} (base ${base})`).toBeGreaterThan(base![0]! - base![2]! + 3);
});

test('live incidents at 50 a second reach the map as a few paced diffs, not whole re-uploads', async ({ page }) => {
  const { host, feed } = await consoleWithEvents([gridEvent(0, inGrid(20))]);
  try {
    await openConsole(page, host.url);
    await expect.poll(() => totalShown(page)).toBe(1);
    await mapIdle(page);
    const before = await probe(page, (p) => p.uploads());
    const t0burst = Date.now();
    let n = 1;
    for (let s = 0; s < 50; s++) {
      // 50 per second, as 5 messages of 10 every 100 ms.
      feed.send(Array.from({ length: 5 }, () => gridEvent(n++, inGrid(1 + (n % 39), (n % 10) / 10 + 0.05, 0.5))));
      await page.waitForTimeout(50);
    }
    await expect.poll(() => totalShown(page)).toBe(n);
    await expect.poll(() => probe(page, (p) => p.drawn())).toBe(n);
    const after = await probe(page, (p) => p.uploads());
    const elapsed = Date.now() - t0burst;
    console.log(`uploads during the burst (${elapsed} ms): ${after.diff - before.diff} diffs, ${after.full - before.full} full`);
    expect(after.full - before.full).toBe(0);
    expect(after.diff - before.diff).toBeGreaterThanOrEqual(1);
    // Paced: on this CPU-drawn WebGL at most one upload per 2 s (INCIDENT_UPLOAD_MS.software), not one per frame.
    expect(after.diff - before.diff).toBeLessThanOrEqual(Math.ceil(elapsed / 2000) + 1);
    // The page still answers promptly.
    const t0 = Date.now();
    await page.getByTestId('filter-severity-blue').click();
    await expect(page.getByTestId('filter-severity-blue')).toHaveAttribute('aria-pressed', 'true');
    expect(Date.now() - t0).toBeLessThan(3000);
  } finally {
    await stopConsole(host);
    await feed.close();
  }
});

test('box select lists the incidents inside; hover shows text; measure and jump work', async ({ page }) => {
  let n = 0;
  const events = [
    ...Array.from({ length: 6 }, (_, i) => gridEvent(n++, { ...inGrid(17, 0.2 + i * 0.12, 0.5), level: 2 })),
    ...Array.from({ length: 4 }, (_, i) => gridEvent(n++, { ...inGrid(36, 0.2 + i * 0.15, 0.5), level: 4 })),
  ];
  events[0]!.title = '<b>井盖缺失</b>';
  const { host, feed } = await consoleWithEvents(events);
  try {
    await openConsole(page, host.url);
    await expect.poll(() => totalShown(page)).toBe(10);
    await mapIdle(page);
    const canvas = page.locator('[data-testid="situation-map"] canvas');
    const origin = (await canvas.boundingBox())!;
    // Hover: the tooltip is text.
    const first = inGrid(17, 0.2, 0.5);
    const p0 = await project(page, first.lon, first.lat);
    await page.mouse.move(origin.x + p0.x, origin.y + p0.y);
    await expect(page.getByTestId('map-tooltip')).toContainText('<b>井盖缺失</b>');
    await page.screenshot({ path: join(ARTIFACTS, 'tooltip.png') });
    // Box around grid 17 only.
    const b = LOUDI_GRIDS[16]!.bbox;
    const nw = await project(page, b.west, b.north);
    const se = await project(page, b.east, b.south);
    await page.getByTestId('tool-box').click();
    await page.mouse.move(origin.x + nw.x + 2, origin.y + nw.y + 2);
    await page.mouse.down();
    await page.mouse.move(origin.x + (nw.x + se.x) / 2, origin.y + (nw.y + se.y) / 2, { steps: 4 });
    await page.mouse.move(origin.x + se.x - 2, origin.y + se.y - 2, { steps: 4 });
    await page.mouse.up();
    await expect(page.getByTestId('selection-results')).toBeVisible();
    await expect(page.getByTestId('selection-row')).toHaveCount(6);
    await page.screenshot({ path: join(ARTIFACTS, 'box-select.png') });
    await page.getByTestId('selection-row').first().click();
    await expect(page.getByTestId('detail-title')).toBeVisible();
    await page.getByTestId('tool-clear').click();
    // Measure across one grid (1.13 km).
    await page.getByTestId('tool-measure').click();
    const a = await project(page, b.west, (b.north + b.south) / 2);
    const c = await project(page, b.east, (b.north + b.south) / 2);
    await page.mouse.click(origin.x + a.x, origin.y + a.y);
    await page.mouse.click(origin.x + c.x, origin.y + c.y);
    await expect(page.getByTestId('measure-result')).toContainText(/1\.1[0-9] km/);
    await page.getByTestId('tool-measure').click();
    // Jump to a county by name.
    await page.getByTestId('map-jump').click();
    await page.keyboard.type('双峰');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await project(page, 112.1752, 27.4572)).y).toBeGreaterThan(0);
    await mapIdle(page);
    const sf = await project(page, 112.1752, 27.4572);
    expect(sf.x).toBeGreaterThan(0);
    expect(sf.x).toBeLessThan(origin.width);
    expect(sf.y).toBeLessThan(origin.height);
    await page.screenshot({ path: join(ARTIFACTS, 'jump-county.png') });
  } finally {
    await stopConsole(host);
    await feed.close();
  }
});

test('nearest cameras and vehicles to an incident, with vehicles and trails drawn', async ({ page }) => {
  const spot = inGrid(17, 0.5, 0.5);
  const { host, feed } = await consoleWithEvents([gridEvent(0, { ...spot, level: 1 })]);
  try {
    await openConsole(page, host.url);
    await expect.poll(() => totalShown(page)).toBe(1);
    // The map loads right after the list (its own chunk): its probe is there once it is idle.
    await mapIdle(page);
    const now = Date.now();
    await page.evaluate(
      ([lon, lat, now]) => {
        const fix = (id: string, i: number, kind: string): unknown => ({ id, name: `湘K·${id}`, kind, lon: lon! + 0.002 + i * 0.001, lat: lat! + 0.001 * i, heading: 45, speedKmh: 30, at: now! + i * 1000 });
        const probe = (window as unknown as { __ccMapProbe: { addVehiclePositions(v: unknown[]): void } }).__ccMapProbe;
        for (let i = 0; i < 5; i++) probe.addVehiclePositions([fix('A100', i, 'sanitation'), fix('B200', -i, 'command')]);
      },
      [spot.lon, spot.lat, now],
    );
    await page.getByTestId('incident-row').first().click();
    await page.getByTestId('nearest-action').click();
    await expect(page.getByTestId('nearest-camera')).toHaveCount(6);
    await expect(page.getByTestId('nearest-vehicle')).toHaveCount(2);
    const d = await page.getByTestId('nearest-camera').evaluateAll((rows) => rows.map((r) => Number(r.querySelector('.dist')!.textContent!.replace(/\D/g, ''))));
    expect([...d].sort((a, b) => a - b)).toEqual(d);
    await mapIdle(page);
    const { countMapColours } = await import('./fixtures');
    const counts = await countMapColours(page, { sanitation: [92, 225, 230], command: [255, 102, 196] }, 50);
    await page.screenshot({ path: join(ARTIFACTS, 'nearest.png') });
    expect(counts.sanitation).toBeGreaterThan(40);
    expect(counts.command).toBeGreaterThan(40);
  } finally {
    await stopConsole(host);
    await feed.close();
  }
});
