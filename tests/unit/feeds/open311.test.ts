import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeOpen311, open311Items, open311Status } from '../../../src-main/feeds/open311';
import { open311Category } from '../../../src-main/feeds/category-maps';
import { Open311Feed } from '../../../src-main/feeds/open311-feed';
import { FeedIngest } from '../../../src-main/feeds/feed-ingest';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { until } from './helpers';

const REQ = {
  service_request_id: '638344',
  status: 'open',
  status_notes: null,
  service_name: 'Potholes',
  service_code: 'pothole',
  description: '<b>deep</b> hole',
  agency_responsible: null,
  requested_datetime: '2026-11-28T10:00:00+08:00',
  updated_datetime: '2026-11-28T10:05:00+08:00',
  address: '乐坪大道1号',
  lat: '27.7299',
  long: '112.0019',
};

const RECEIVED = Date.parse('2026-11-28T03:00:00Z');

describe('Open311 GeoReport v2 parsing', () => {
  it('maps a request onto a canonical incident, numbers given as strings, original kept', () => {
    const r = normalizeOpen311('cm', REQ, 'WGS84', RECEIVED);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.incident).toMatchObject({ id: 'cm:638344', category: 'cm.pavement', status: 'reported', lon: 112.0019, lat: 27.7299, title: 'Potholes', description: '<b>deep</b> hole' });
    expect(r.value.incident.gridId).toMatch(/^431302-/);
    expect(r.updatedAt).toBe(Date.parse('2026-11-28T02:05:00Z'));
  });

  it('converts GCJ-02 positions and keeps the original', () => {
    const r = normalizeOpen311('cm', { ...REQ, lat: 27.726606, long: 112.007444 }, 'GCJ02', RECEIVED);
    expect(r.ok && r.value.incident.original).toEqual({ lon: 112.007444, lat: 27.726606, datum: 'GCJ02' });
    expect(r.ok && Math.abs(r.value.incident.lon - 112.0019)).toBeLessThan(0.00002);
  });

  it('unwraps FixMyStreet and plain answers alike', () => {
    expect(open311Items([REQ])).toHaveLength(1);
    expect(open311Items({ service_requests: [REQ, REQ] })).toHaveLength(2);
    expect(open311Items({ requests: [{ request: [REQ, REQ] }, { request: REQ }] })).toHaveLength(3);
    expect(typeof open311Items({ error: 'x' })).toBe('string');
  });

  it('maps statuses and service codes (Chinese and English) onto the agreed codes', () => {
    expect(open311Status('open')).toBe('reported');
    expect(open311Status('in progress')).toBe('handling');
    expect(open311Status('fixed')).toBe('closed');
    expect(open311Status('duplicate')).toBe('duplicate');
    expect(open311Category('manhole', '').code).toBe('cm.manhole');
    expect(open311Category('', '井盖破损').code).toBe('cm.manhole');
    expect(open311Category('street_vending', '占道经营').code).toBe('cm.vending');
    expect(open311Category('Abandoned vehicles', '').code).toBe('cm.parking');
    expect(open311Category('xyz', 'unknown').code).toBe('cm.other');
  });

  it('rejects malformed requests with a reason and never throws (property)', () => {
    const anyRequest = fc.record(
      {
        service_request_id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        status: fc.oneof(fc.string(), fc.constant('open')),
        requested_datetime: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
        updated_datetime: fc.oneof(fc.string(), fc.constant(null)),
        lat: fc.oneof(fc.double(), fc.string(), fc.constant('27.7')),
        long: fc.oneof(fc.double(), fc.string(), fc.constant('112.0')),
        service_code: fc.oneof(fc.string(), fc.integer()),
        description: fc.string({ maxLength: 50 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(anyRequest, fc.anything()), (item) => {
        const r = normalizeOpen311('cm', item, 'WGS84', 0);
        if (r.ok) {
          expect(Number.isFinite(r.value.incident.lon) && Number.isFinite(r.value.incident.lat)).toBe(true);
          expect(r.value.incident.reportedAt).toBeGreaterThanOrEqual(0);
        } else expect(r.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Open311 connector against a real server', () => {
  let dir: string;
  let db: Db;
  let store: IncidentStore;
  let ingest: FeedIngest;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-311-'));
    db = openDatabase(dir);
    store = new IncidentStore(db);
    ingest = new FeedIngest(db, store, { incidents: () => {}, alerts: () => {}, vehicles: () => {}, status: () => {} });
  });
  afterEach(() => {
    ingest.dispose();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A GeoReport server whose requests keep changing; it honours updated_after (inclusive). */
  function georeport(requests: Map<string, typeof REQ & { t: number }>): { server: Server; requestsSeen: string[] } {
    const requestsSeen: string[] = [];
    const server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      requestsSeen.push(url.search);
      const after = url.searchParams.get('updated_after');
      const since = after ? Date.parse(after) : 0;
      const out = [...requests.values()].filter((r) => r.t >= since).sort((a, b) => a.t - b.t).map(({ t: _t, ...r }) => r);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(url.searchParams.get('wrap') ? { service_requests: out } : out));
    });
    return { server, requestsSeen };
  }

  it('killed and restarted mid-stream: every request and every update arrives once, none missing', { timeout: 60_000 }, async () => {
    const requests = new Map<string, typeof REQ & { t: number }>();
    const base = Date.parse('2026-11-28T02:00:00Z');
    let n = 0;
    const add = (): void => {
      n += 1;
      const t = base + n * 1000;
      requests.set(String(n), { ...REQ, service_request_id: String(n), requested_datetime: new Date(t).toISOString(), updated_datetime: new Date(t).toISOString(), t });
    };
    const close = (id: string, t: number): void => {
      const r = requests.get(id)!;
      requests.set(id, { ...r, status: 'closed', updated_datetime: new Date(t).toISOString(), t });
    };
    for (let i = 0; i < 30; i++) add();
    let { server, requestsSeen } = georeport(requests);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const feed = new Open311Feed({ id: 'cm', name: 'cm', url: `http://127.0.0.1:${port}/requests.json?wrap=1`, sink: ingest.sink(), intervalMs: 50 });
    feed.start();
    await until(() => store.count() === 30);
    expect(feed.status().state).toBe('live');
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await until(() => feed.status().state !== 'live');
    expect(feed.status().lastError).toBeTruthy();
    // While it is down the city keeps working: new cases, and some close.
    for (let i = 0; i < 20; i++) add();
    close('3', base + 100_000);
    close('31', base + 100_001);
    ({ server, requestsSeen } = georeport(requests));
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    await until(() => store.count() === 50 && store.get('cm:31')?.status === 'closed');
    await new Promise((r) => setTimeout(r, 200));
    await feed.stop();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    expect(store.get('cm:3')?.status).toBe('closed');
    expect(store.get('cm:2')?.status).toBe('reported');
    const s = feed.status();
    // 50 requests and the update of #3 (#31 was first seen already closed): each counted once,
    // however many polls overlapped.
    expect(s.accepted).toBe(51);
    expect(s.received).toBe(51);
    expect(s.rejected).toBe(0);
    expect(requestsSeen.some((q) => q.includes('updated_after='))).toBe(true);
  });

  it('quarantines a page that is not JSON and keeps polling', async () => {
    let calls = 0;
    const server = createServer((_req, res) => {
      calls += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(calls === 1 ? '<html>gateway error</html>' : JSON.stringify([REQ, { ...REQ, service_request_id: '', lat: 'x' }]));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const feed = new Open311Feed({ id: 'cm', name: 'cm', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/r.json`, sink: ingest.sink(), intervalMs: 50 });
    feed.start();
    await until(() => store.count() === 1);
    await feed.stop();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    expect(feed.status().rejected).toBeGreaterThanOrEqual(2);
    const q = ingest.quarantine.list('cm', 10);
    expect(q.items.map((i) => i.reason)).toContain('requests.json is not JSON');
    expect(q.items.some((i) => i.excerpt.includes('gateway error'))).toBe(true);
  });
});
