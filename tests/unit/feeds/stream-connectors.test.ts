import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GridEvent } from '@shared/wire/grid-event';
import type { VehiclePosition } from '@shared/domain/vehicle';
import { FeedIngest } from '../../../src-main/feeds/feed-ingest';
import { HttpPollFeed } from '../../../src-main/feeds/http-poll-feed';
import { SseFeed } from '../../../src-main/feeds/sse-feed';
import type { FeedConnector } from '../../../src-main/feeds/feed-connector';
import { LoudiSimulator } from '../../../src-main/simulator/simulator';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { noEvents, until } from './helpers';

let dir: string;
let db: Db;
let store: IncidentStore;
let ingest: FeedIngest;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-stream-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  ingest = new FeedIngest(db, store, noEvents);
});
afterEach(() => {
  ingest.dispose();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function latestStates(sim: LoudiSimulator): Map<string, GridEvent['state']> {
  const m = new Map<string, GridEvent['state']>();
  for (const msg of sim.messagesSince(0)) m.set((msg.event as GridEvent).eventId, (msg.event as GridEvent).state);
  return m;
}

/** Starts a feed against a simulator, kills the simulator mid-stream, restarts it on the same port, and checks the store. */
async function survivesRestart(make: (endpoints: ReturnType<LoudiSimulator['endpoints']>) => FeedConnector): Promise<FeedConnector> {
  const sim = new LoudiSimulator({ seed: 11, historyHours: 6, ratePerMinute: 1200, tickMs: 20 });
  const url = await sim.listen('127.0.0.1', 0);
  const port = Number(new URL(url).port);
  const feed = make(sim.endpoints());
  feed.start();
  await until(() => feed.status().state === 'live' && store.count() > 50, 15_000, 'first events');
  await sim.close(); // the backend dies mid-stream…
  await until(() => feed.status().state === 'down' || feed.status().state === 'degraded', 15_000, 'feed notices');
  await new Promise((r) => setTimeout(r, 300));
  await sim.listen('127.0.0.1', port); // …and comes back, having produced more meanwhile
  sim.tick();
  await until(() => feed.status().state === 'live', 15_000, 'live again');
  await new Promise((r) => setTimeout(r, 400));
  sim.pause();
  await until(() => store.cursor(feed.id) === `${sim.runId}:${sim.latestSeq}`, 15_000, 'caught up');
  await feed.stop();
  await sim.close();
  const expected = latestStates(sim);
  expect(store.count()).toBe(expected.size);
  for (const [eventId, state] of expected) expect(store.get(`${feed.id}:${eventId}`)?.status).toBe(state);
  expect(feed.status()).toMatchObject({ rejected: 0 });
  expect(feed.status().accepted).toBe(sim.latestSeq);
  return feed;
}

describe('SSE connector', () => {
  // A generous timeout: on a busy machine a restart cycle can take a while; correctness is what is checked.
  it('survives the server going away mid-stream: no gaps, no duplicates', { timeout: 60_000 }, async () => {
    await survivesRestart((e) => new SseFeed({ id: 'sse', name: 'sse', url: e.sse, sink: ingest.sink(), flushMs: 20 }));
  });

  it('refuses an event larger than the limit and reconnects', async () => {
    let connections = 0;
    const server = createServer((_req, res) => {
      connections += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`event: hello\ndata: ${JSON.stringify({ type: 'hello', runId: 'R', latestSeq: 0, serverTime: 0 })}\n\n`);
      res.write('data: not json\n\n');
      if (connections === 1) res.write(`data: ${'x'.repeat(64 * 1024)}`); // never ends
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const feed = new SseFeed({ id: 'sse', name: 'sse', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, sink: ingest.sink(), maxMessageBytes: 16 * 1024 });
    feed.start();
    await until(() => connections >= 2 && feed.status().state === 'live');
    await feed.stop();
    server.closeAllConnections();
    server.close();
    const reasons = ingest.quarantine.list('sse', 10).items.map((i) => i.reason);
    expect(reasons).toContain('event data is not JSON');
    expect(reasons.some((r) => r.startsWith('event larger than'))).toBe(true);
  });

  it('hands vehicle fixes to the tracker, converted to WGS-84, and refuses bad ones', async () => {
    const fixes: VehiclePosition[][] = [];
    const local = new FeedIngest(db, store, { ...noEvents, vehicles: (p) => fixes.push(p) });
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const fix = { id: 'HW-001', name: '湘K·A1234', kind: 'sanitation', lon: 112.007444, lat: 27.726606, datum: 'GCJ02', heading: 90, speedKmh: 12, at: Date.now() };
      res.write(`event: fixes\ndata: ${JSON.stringify([fix, { ...fix, id: 'bad', lat: 300 }])}\n\n`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const feed = new SseFeed({ id: 'veh', name: 'veh', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, sink: local.sink(), payload: 'vehicle-fix' });
    feed.start();
    await until(() => local.vehicles.all().length === 1);
    local.vehicles.flush();
    await feed.stop();
    server.closeAllConnections();
    server.close();
    local.dispose();
    const [v] = local.vehicles.all();
    expect(Math.abs(v!.lon - 112.0019)).toBeLessThan(0.00002);
    expect(fixes.flat()).toHaveLength(1);
    expect(feed.status()).toMatchObject({ accepted: 1, rejected: 1 });
  });
});

describe('HTTP polling connector', () => {
  it('survives the server going away mid-stream: no gaps, no duplicates', { timeout: 60_000 }, async () => {
    const feed = await survivesRestart((e) => new HttpPollFeed({ id: 'poll', name: 'poll', url: e.pages, sink: ingest.sink(), intervalMs: 30, pageSize: 200 }));
    expect(feed.status().duplicates).toBe(0);
  });

  it('is "degraded" after one failed poll and "down" after repeated ones', async () => {
    let ok = true;
    const server = createServer((_req, res) => {
      if (!ok) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ hello: { type: 'hello', runId: 'R', latestSeq: 0, serverTime: 0 }, items: [], more: false }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const states: string[] = [];
    const feed = new HttpPollFeed({
      id: 'poll',
      name: 'poll',
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      sink: { ...ingest.sink(), statusChanged: () => states.push(feed.status().state) },
      intervalMs: 20,
    });
    feed.start();
    await until(() => feed.status().state === 'live');
    ok = false;
    await until(() => feed.status().state === 'down', 20_000);
    await feed.stop();
    server.close();
    expect(states).toContain('degraded');
    expect(feed.status().lastError).toBe('HTTP 503');
  });
});
