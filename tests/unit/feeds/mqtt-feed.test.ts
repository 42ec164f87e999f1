import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedIngest } from '../../../src-main/feeds/feed-ingest';
import { MqttFeed } from '../../../src-main/feeds/mqtt-feed';
import { applyWaterLevel, type StationStates } from '../../../src-main/feeds/water-level';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { noEvents, until } from './helpers';
import { BROKER_KIND, freePort, TestBroker } from './mqtt-broker';

const reading = (stationId: string, levelM: number, at: number): Record<string, unknown> => ({
  stationId,
  name: `${stationId}站`,
  lon: 112.0021,
  lat: 27.7246,
  levelM,
  warnM: 40.5,
  dangerM: 42,
  at,
});

describe('water-level readings', () => {
  it('opens one incident per exceedance, raises its colour, closes it when the level falls, and skips repeats', () => {
    const states: StationStates = {};
    const t = Date.UTC(2026, 10, 28);
    const out = [39, 40.6, 42.1, 42.6, 40.0].map((lvl, i) => applyWaterLevel('w', reading('LS', lvl, t + i * 1000), states, 0));
    expect(out[0]).toEqual({ kind: 'reading', at: t });
    const ids = out.slice(1).map((o) => (o.kind === 'reading' ? o.incident?.incident.id : undefined));
    expect(new Set(ids)).toEqual(new Set([`w:LS:${t + 1000}`]));
    const sev = out.slice(1).map((o) => (o.kind === 'reading' ? `${o.incident?.incident.severity}/${o.incident?.incident.status}` : ''));
    expect(sev).toEqual(['yellow/reported', 'orange/reported', 'red/reported', 'yellow/closed']);
    expect(out[1]!.kind === 'reading' && out[1]!.incident?.incident.category).toBe('em.flood');
    expect(applyWaterLevel('w', reading('LS', 41, t + 2000), states, 0)).toEqual({ kind: 'duplicate' });
    expect(applyWaterLevel('w', { ...reading('UD', 0.3, t), warnM: 0.2, dangerM: 0.4, kind: 'urban' }, states, 0)).toMatchObject({
      kind: 'reading',
      incident: { incident: { category: 'em.waterlogging' } },
    });
  });

  it('refuses malformed readings with a reason and never throws (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ stationId: fc.string(), levelM: fc.double(), warnM: fc.double(), dangerM: fc.double(), lon: fc.double(), lat: fc.double(), at: fc.oneof(fc.integer(), fc.string()), name: fc.string() }, { requiredKeys: [] }),
        ),
        (payload) => {
          const r = applyWaterLevel('w', payload, {}, 0);
          if (r.kind === 'invalid') expect(r.reason.length).toBeGreaterThan(0);
          else if (r.kind === 'reading' && r.incident) expect(Number.isFinite(r.incident.incident.lon)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe(`MQTT connector against a real broker (${BROKER_KIND})`, () => {
  let dir: string;
  let db: Db;
  let store: IncidentStore;
  let ingest: FeedIngest;
  let broker: TestBroker;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-mqtt-'));
    db = openDatabase(dir);
    store = new IncidentStore(db);
    ingest = new FeedIngest(db, store, noEvents);
    broker = new TestBroker(await freePort(), dir);
    await broker.start();
  });
  afterEach(async () => {
    await broker.stop();
    ingest.dispose();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('broker killed and restarted mid-stream: every reading arrives once, none missing', { timeout: 60_000 }, async () => {
    const url = `mqtt://127.0.0.1:${broker.port}`;
    const feed = new MqttFeed({ id: 'water', name: 'water', url, topics: ['loudi/water/+/level'], sink: ingest.sink(), flushMs: 20 });
    feed.start();
    await until(() => feed.status().state === 'live');
    const pub = mqtt.connect(url, { clientId: 'test-pub', reconnectPeriod: 100, clean: false });
    await new Promise<void>((r) => pub.once('connect', () => r()));
    const t0 = Date.UTC(2026, 10, 28, 2);
    const levels = (i: number): number => 39 + 3 * Math.sin(i / 6); // crosses warning and danger
    let sent = 0;
    const publish = (n: number): void => {
      for (let k = 0; k < n; k++, sent++) {
        for (const st of ['LS-LD', 'SS-SF']) pub.publish(`loudi/water/${st}/level`, JSON.stringify(reading(st, levels(sent), t0 + sent * 10_000)), { qos: 1 });
      }
    };
    publish(20);
    await until(() => feed.status().accepted === 40);
    await broker.stop(); // the broker dies…
    await until(() => feed.status().state === 'down');
    publish(15); // …the stations keep measuring; the publisher queues at QoS 1
    await broker.start(); // …and it comes back with its sessions
    await until(() => feed.status().accepted === 70, 30_000, 'all readings after the restart');
    // A QoS 1 redelivery or a retained repeat is recognised, not stored twice.
    pub.publish('loudi/water/LS-LD/level', JSON.stringify(reading('LS-LD', 41, t0 + 5 * 10_000)), { qos: 1 });
    await until(() => feed.status().duplicates >= 1);
    await new Promise<void>((r) => pub.end(false, {}, () => r()));
    await feed.stop();
    expect(feed.status()).toMatchObject({ accepted: 70, rejected: 0 });
    const cursor = JSON.parse(store.cursor('water')!) as StationStates;
    expect(cursor['LS-LD']!.at).toBe(t0 + 34 * 10_000);
    const flood = store.query({ categories: ['em.flood'] }, 100, 0);
    expect(flood.total).toBeGreaterThan(0);
    expect(flood.items.every((i) => i.source === 'water')).toBe(true);
  });

  it('quarantines oversize and malformed messages and keeps going', async () => {
    const url = `mqtt://127.0.0.1:${broker.port}`;
    const feed = new MqttFeed({ id: 'water', name: 'water', url, topics: ['loudi/water/#'], sink: ingest.sink(), maxMessageBytes: 1024 });
    feed.start();
    await until(() => feed.status().state === 'live');
    const pub = mqtt.connect(url, { clientId: 'test-pub-2' });
    await new Promise<void>((r) => pub.once('connect', () => r()));
    pub.publish('loudi/water/x/level', 'x'.repeat(4096), { qos: 1 });
    pub.publish('loudi/water/x/level', '{"stationId":', { qos: 1 });
    pub.publish('loudi/water/x/level', JSON.stringify({ ...reading('X', 1, 1), warnM: 5, dangerM: 2 }), { qos: 1 });
    pub.publish('loudi/water/x/level', JSON.stringify(reading('X', 1, Date.UTC(2026, 0, 1))), { qos: 1 });
    await until(() => feed.status().accepted === 1 && feed.status().rejected === 3);
    await new Promise<void>((r) => pub.end(false, {}, () => r()));
    await feed.stop();
    const reasons = ingest.quarantine.list('water', 10).items.map((i) => i.reason);
    expect(reasons.some((r) => r.startsWith('message larger than 1024 bytes'))).toBe(true);
    expect(reasons.some((r) => r.startsWith('not JSON'))).toBe(true);
    expect(reasons).toContain('warnM above dangerM');
  });
});
