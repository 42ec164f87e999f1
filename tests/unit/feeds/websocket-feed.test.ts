import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { GridEvent } from '@shared/wire/grid-event';
import { backoffDelay, type FeedSink } from '../../../src-main/feeds/feed-connector';
import { normalizeGridEvent } from '../../../src-main/feeds/grid-governance';
import { WebSocketFeed } from '../../../src-main/feeds/websocket-feed';
import { LoudiSimulator } from '../../../src-main/simulator/simulator';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';

const until = async (cond: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

let dir: string;
let db: Db;
let store: IncidentStore;
let sink: FeedSink;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-feed-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  sink = { accept: (b, c) => store.upsertMany(b, c).length, cursor: (id) => store.cursor(id), statusChanged: () => {} };
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The latest state of every event the simulator has sent. */
function latestStates(sim: LoudiSimulator): Map<string, GridEvent['state']> {
  const m = new Map<string, GridEvent['state']>();
  for (const msg of sim.messagesSince(0)) {
    const e = msg.event as GridEvent;
    m.set(e.eventId, e.state);
  }
  return m;
}

const RECEIVED = Date.parse('2026-11-28T03:00:00Z');

describe('grid-governance normalization', () => {
  const valid: GridEvent = {
    eventId: 'E1',
    categoryCode: 'gg.drowning',
    level: 2,
    title: '<img src=x onerror=alert(1)>',
    content: '',
    lng: 112.0019,
    lat: 27.7299,
    coordSys: 'WGS84',
    gridCode: 'bogus',
    address: '',
    reportTime: '2026-11-28T10:00:00+08:00',
    state: 'reported',
    unit: null,
  };

  it('maps level 2 to orange, keeps the original coordinates and recomputes the grid', () => {
    const r = normalizeGridEvent('gg', valid, RECEIVED);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.incident).toMatchObject({
      id: 'gg:E1',
      severity: 'orange',
      original: { lon: 112.0019, lat: 27.7299, datum: 'WGS84' },
      reportedAt: Date.UTC(2026, 10, 28, 2, 0, 0),
      title: '<img src=x onerror=alert(1)>',
    });
    expect(r.value.incident.gridId).toMatch(/^431302-\d\d$/);
  });

  it('rejects malformed or out-of-range events with a reason', () => {
    for (const bad of [null, 'x', { ...valid, level: 9 }, { ...valid, lat: 200 }, { ...valid, extra: 1 }, { ...valid, reportTime: 'yesterday' }]) {
      const r = normalizeGridEvent('gg', bad, 0);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason.length).toBeGreaterThan(0);
    }
  });

  it('converts a GCJ-02 position to WGS-84 and keeps the original', () => {
    const r = normalizeGridEvent('gg', { ...valid, lng: 112.007444, lat: 27.726606, coordSys: 'GCJ02' }, RECEIVED);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.incident.original).toEqual({ lon: 112.007444, lat: 27.726606, datum: 'GCJ02' });
    expect(Math.abs(r.value.incident.lon - 112.0019) * 98_600).toBeLessThan(1);
    expect(Math.abs(r.value.incident.lat - 27.7299) * 110_600).toBeLessThan(1);
  });
});

describe('WebSocket feed', () => {
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, 500, 30_000, () => 0)).toBe(250);
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffDelay(30, 500, 30_000, () => 1)).toBe(30_000);
  });

  it('survives the server going away mid-stream: no gaps, no duplicates', async () => {
    const sim = new LoudiSimulator({ seed: 9, historyHours: 6, ratePerMinute: 1200, tickMs: 20 });
    const url = await sim.listen('127.0.0.1', 0);
    const port = Number(new URL(url).port);
    const feed = new WebSocketFeed({ id: 'sim', name: 'sim', url, sink, flushMs: 20 });
    feed.start();
    await until(() => feed.status().state === 'live' && store.count() > 50);
    await sim.close(); // the backend dies…
    await until(() => feed.status().state === 'down');
    await new Promise((r) => setTimeout(r, 300));
    await sim.listen('127.0.0.1', port); // …and comes back, having produced more meanwhile
    sim.tick();
    await until(() => feed.status().state === 'live');
    await new Promise((r) => setTimeout(r, 400));
    await sim.close();
    await until(() => store.cursor('sim') === `${sim.runId}:${sim.latestSeq}`);
    await feed.stop();

    const expected = latestStates(sim);
    expect(store.count()).toBe(expected.size);
    for (const [eventId, state] of expected) expect(store.get(`sim:${eventId}`)?.status).toBe(state);
    expect(feed.status()).toMatchObject({ rejected: 0 });
  });

  it('counts garbage frames as rejected and keeps going', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (ws) => {
      ws.send(JSON.stringify({ type: 'hello', runId: 'R1', latestSeq: 3, serverTime: Date.now() }));
      ws.send('not json');
      ws.send(JSON.stringify([{ type: 'event', seq: 1, sentAt: Date.now(), event: { eventId: 'x' } }]));
      ws.send(Buffer.from([1, 2, 3]), { binary: true });
      ws.send(
        JSON.stringify([
          {
            type: 'event',
            seq: 2,
            sentAt: Date.now(),
            event: {
              eventId: 'ok',
              categoryCode: 'gg.other',
              level: 4,
              title: 't',
              content: '',
              lng: 112,
              lat: 27.73,
              coordSys: 'WGS84',
              gridCode: null,
              address: '',
              reportTime: '2026-11-28T10:00:00+08:00',
              state: 'reported',
              unit: null,
            },
          },
        ]),
      );
    });
    await new Promise((r) => wss.once('listening', r));
    const port = (wss.address() as { port: number }).port;
    const feed = new WebSocketFeed({ id: 'g', name: 'g', url: `ws://127.0.0.1:${port}/`, sink, flushMs: 10 });
    feed.start();
    await until(() => store.count() === 1);
    expect(feed.status()).toMatchObject({ rejected: 3, accepted: 1, state: 'live' });
    await feed.stop();
    await new Promise<void>((r) => wss.close(() => r()));
  });
  it('stores a burst of frames over several turns of the event loop, so the host keeps answering', async () => {
    const event = (seq: number) => ({
      type: 'event',
      seq,
      sentAt: Date.now(),
      event: {
        eventId: `b${seq}`,
        categoryCode: 'gg.other',
        level: 4,
        title: 't',
        content: '',
        lng: 112,
        lat: 27.73,
        coordSys: 'WGS84',
        gridCode: null,
        address: '',
        reportTime: '2026-11-28T10:00:00+08:00',
        state: 'reported',
        unit: null,
      },
    });
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (ws) => {
      // A catch-up: the hello and 20 frames in one write, as a fast backend on loopback sends them.
      const socket = (ws as unknown as { _socket: import('node:net').Socket })._socket;
      socket.cork();
      ws.send(JSON.stringify({ type: 'hello', runId: 'R1', latestSeq: 20, serverTime: Date.now() }));
      for (let seq = 1; seq <= 20; seq++) ws.send(JSON.stringify([event(seq)]));
      socket.uncork();
    });
    await new Promise((r) => wss.once('listening', r));
    const port = (wss.address() as { port: number }).port;
    let stored = 0;
    /** How many batches were stored before the event loop first got a turn in between. */
    let beforeFirstTurn: number | undefined;
    const counting: FeedSink = {
      ...sink,
      accept: (b, c) => {
        const n = sink.accept(b, c);
        if (b.length && stored++ === 0) setImmediate(() => (beforeFirstTurn = stored));
        return n;
      },
    };
    const feed = new WebSocketFeed({ id: 'b', name: 'b', url: `ws://127.0.0.1:${port}/`, sink: counting, maxBatch: 1 });
    feed.start();
    await until(() => store.count() === 20);
    expect(beforeFirstTurn).toBeLessThan(5);
    await feed.stop();
    await new Promise<void>((r) => wss.close(() => r()));
  });
});
