import { type Page } from '@playwright/test';
import { WebSocketServer } from 'ws';
import { LOUDI_GRIDS } from '../../src-shared/geo/grids';
import type { GridEvent } from '../../src-shared/wire/grid-event';
import { startConsole, type RunningConsole } from './fixtures';

/** A grid-governance event at a point, reported `agoMs` before now. */
export function gridEvent(n: number, o: { lon: number; lat: number; level?: 1 | 2 | 3 | 4; agoMs?: number; category?: string; state?: GridEvent['state'] }): GridEvent {
  return {
    eventId: `map-${n}`,
    categoryCode: o.category ?? 'gg.other',
    level: o.level ?? 4,
    title: `测试事件 ${n}`,
    content: '地图测试',
    lng: o.lon,
    lat: o.lat,
    coordSys: 'WGS84',
    gridCode: null,
    address: '娄底市娄星区',
    reportTime: new Date(Date.now() - (o.agoMs ?? 60_000)).toISOString(),
    state: o.state ?? 'reported',
    unit: null,
  };
}

/** A point inside grid `index` (1..39), at fractions of its box from the north-west corner. */
export function inGrid(index: number, fx = 0.3, fy = 0.3): { lon: number; lat: number } {
  const b = LOUDI_GRIDS[index - 1]!.bbox;
  return { lon: b.west + (b.east - b.west) * fx, lat: b.north - (b.north - b.south) * fy };
}

export interface TestFeed {
  url: string;
  /** Send more events (in one message per call, or one per event with `oneByOne`). */
  send(events: GridEvent[]): void;
  close(): Promise<void>;
}

/** A grid-governance stream that sends exactly the events the test gives it. */
export async function startTestFeed(initial: GridEvent[]): Promise<TestFeed> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  let seq = 0;
  const frame = (events: GridEvent[]): string => JSON.stringify(events.map((event) => ({ type: 'event', seq: ++seq, sentAt: Date.now(), event })));
  const first = frame(initial);
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ type: 'hello', runId: 'MAPTEST', latestSeq: seq, serverTime: Date.now() }));
    ws.send(first);
  });
  const port = (wss.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}/`,
    send: (events) => {
      const f = frame(events);
      for (const c of wss.clients) c.send(f);
    },
    close: () => new Promise<void>((r) => wss.close(() => r())),
  };
}

export async function consoleWithEvents(events: GridEvent[]): Promise<{ host: RunningConsole; feed: TestFeed }> {
  const feed = await startTestFeed(events);
  const host = await startConsole({ feeds: { feeds: [{ id: 'maptest', name: '地图测试', kind: 'websocket', url: feed.url }] } });
  return { host, feed };
}

/** Waits until the map has loaded and has drawn everything asked of it so far (the map's own `idle`). */
export async function mapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="situation-map"]')?.getAttribute('data-map-state') === 'idle', null, { timeout: 60_000 });
  await probe(page, (p) => p.settled());
}

interface Probe {
  project(lon: number, lat: number): { x: number; y: number };
  uploads(): { full: number; diff: number; lastFeatures: number };
  drawn(): number;
  settled(): Promise<void>;
}

export function probe<T>(page: Page, fn: (p: Probe) => T): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.__ccMapProbe)`) as Promise<T>;
}

export async function project(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  return page.evaluate(([lon, lat]) => (window as unknown as { __ccMapProbe: Probe }).__ccMapProbe.project(lon!, lat!), [lon, lat]);
}

/** Average colour of a square of the map canvas around (x, y), from a screenshot of the canvas. */
export async function mapPixels(page: Page, points: { x: number; y: number }[], half = 3): Promise<[number, number, number][]> {
  const png = await page.locator('[data-testid="situation-map"] canvas').screenshot();
  return page.evaluate(
    async ({ b64, points, half }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const scale = img.width / (document.querySelector('[data-testid="situation-map"] canvas') as HTMLCanvasElement).clientWidth;
      return points.map(({ x, y }) => {
        const d = ctx.getImageData(Math.round(x * scale) - half, Math.round(y * scale) - half, half * 2 + 1, half * 2 + 1).data;
        const sum = [0, 0, 0];
        for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) sum[k]! += d[i + k]!;
        const n = d.length / 4;
        return [Math.round(sum[0]! / n), Math.round(sum[1]! / n), Math.round(sum[2]! / n)] as [number, number, number];
      });
    },
    { b64: png.toString('base64'), points, half },
  );
}

/** Switch a layer group of the legend on or off. */
export async function setLayer(page: Page, group: string, on: boolean): Promise<void> {
  const box = page.getByTestId(`layer-${group}`);
  const checked = (await box.getAttribute('aria-checked')) === 'true';
  if (checked !== on) await box.click();
}

const LAYER_GROUPS = ['admin', 'grids', 'gridSituation', 'heatmap', 'incidents', 'alerts', 'cameras', 'vehicles', 'sensors'] as const;

/**
 * Shows only the given layer groups: a pixel check hides what it does not test (a vehicle moving
 * onto the sampled pixel, a sensor station, a grid line).
 */
export async function showOnly(page: Page, groups: (typeof LAYER_GROUPS)[number][]): Promise<void> {
  for (const g of LAYER_GROUPS) await setLayer(page, g, groups.includes(g));
}

export async function totalShown(page: Page): Promise<number> {
  return Number((await page.getByTestId('incident-total').textContent())!.replace(/\D/g, ''));
}
