import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '@shared/domain/alert';
import type { Incident } from '@shared/domain/incident';
import { parseCapAlert } from '../../../src-main/feeds/cap';
import { CapFeed } from '../../../src-main/feeds/cap-feed';
import { FeedIngest, alertIncidentId } from '../../../src-main/feeds/feed-ingest';
import { QuarantineStore } from '../../../src-main/feeds/quarantine-store';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { CapWarnings } from '../../../src-main/simulator/cap-warnings';
import { capXml } from './cap-fixtures';
import { noEvents, until } from './helpers';

let dir: string;
let db: Db;
let store: IncidentStore;
let now: number;
let pushed: Alert[][];
let ingest: FeedIngest;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-alerts-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  now = Date.parse('2026-11-28T04:00:00Z');
  pushed = [];
  ingest = new FeedIngest(db, store, { ...noEvents, alerts: (a) => pushed.push(a) }, () => now);
});
afterEach(() => {
  ingest.dispose();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const cap = (o: Parameters<typeof capXml>[0]): Alert => {
  const r = parseCapAlert(capXml(o), 'cap', now);
  if (!r.ok) throw new Error(r.reason);
  return r.alert;
};
const ref = (id: string): string => `qxt@loudi.gov.cn,${id},2026-11-28T10:00:00+08:00`;

describe('CAP semantics in the alerts table', () => {
  it('an Update supersedes and a Cancel cancels what they reference; the alert list follows', () => {
    ingest.acceptAlerts([cap({ id: 'A1' }), cap({ id: 'B1' })]);
    expect(ingest.inForce().map((a) => a.identifier).sort()).toEqual(['A1', 'B1']);
    ingest.acceptAlerts([cap({ id: 'A2', msgType: 'Update', references: ref('A1') })]);
    ingest.acceptAlerts([cap({ id: 'B2', msgType: 'Cancel', references: ref('B1'), infos: '' })]);
    expect(ingest.inForce().map((a) => a.identifier)).toEqual(['A2']);
    expect(pushed.at(-1)!.map((a) => a.identifier)).toEqual(['A2']);
    // Alerts are not cases: none of them became an incident.
    expect(store.count()).toBe(0);
    expect(store.get(alertIncidentId(cap({ id: 'A2' })))).toBeUndefined();
  });

  it('a Cancel that arrives before its alert still cancels it', () => {
    ingest.acceptAlerts([cap({ id: 'C2', msgType: 'Cancel', references: ref('C1'), infos: '' })]);
    ingest.acceptAlerts([cap({ id: 'C1' })]);
    expect(ingest.inForce()).toEqual([]);
  });

  it('keeps Exercise, Test and Draft alerts apart from Actual ones', () => {
    const r = ingest.acceptAlerts(['Exercise', 'Test', 'Draft'].map((status, i) => cap({ id: `X${i}`, status })));
    expect(r.added).toHaveLength(3);
    expect(ingest.inForce()).toEqual([]);
    expect(ingest.alertStore.all().map((a) => a.status).sort()).toEqual(['Draft', 'Exercise', 'Test']);
    expect(store.count()).toBe(0);
  });

  it('respects expires: an expired alert is not in force, and the list is pushed when one expires', async () => {
    ingest.acceptAlerts([cap({ id: 'E1' })]); // expires 2026-11-28T14:00Z
    expect(ingest.inForce()).toHaveLength(1);
    now = Date.parse('2026-11-28T14:00:01Z');
    expect(ingest.inForce()).toHaveLength(0);
  });

  it('a second copy of an alert is a duplicate, not a new alert', () => {
    expect(ingest.acceptAlerts([cap({ id: 'D1' })])).toMatchObject({ duplicates: 0 });
    expect(ingest.acceptAlerts([cap({ id: 'D1' })])).toMatchObject({ duplicates: 1, added: [] });
  });

  it("the simulator's day of warnings leaves exactly the rainstorm update, the flood and the geological warning in force", () => {
    const w = new CapWarnings(7, 'T');
    const t = Date.now();
    w.seed(t);
    now = t;
    const alerts = w
      .list()
      .map((d) => parseCapAlert(d.xml, 'sim.cap', t))
      .map((r) => {
        if (!r.ok) throw new Error(r.reason);
        return r.alert;
      });
    ingest.acceptAlerts([...alerts].reverse());
    expect(ingest.inForce().map((a) => `${a.severity} ${a.infos[0]!.event}`)).toEqual(['orange 暴雨', 'yellow 地质灾害', 'blue 洪水']);
  });
});

describe('CAP connector', () => {
  it('reads an Atom index over HTTP, survives the server restarting, and fetches each alert once', { timeout: 60_000 }, async () => {
    const docs = new Map<string, string>([['A1', capXml({ id: 'A1' })]]);
    let fetchesOfA1 = 0;
    const make = (): Server =>
      createServer((req, res) => {
        if (req.url === '/index.atom') {
          res.writeHead(200, { 'content-type': 'application/atom+xml' });
          res.end(
            `<feed xmlns="http://www.w3.org/2005/Atom">${[...docs.keys()].map((id) => `<entry><id>${id}</id><updated>2026-11-28T10:00:00+08:00</updated><link href="/a/${id}.xml"/></entry>`).join('')}</feed>`,
          );
          return;
        }
        const id = /\/a\/(\w+)\.xml/.exec(req.url ?? '')?.[1] ?? '';
        if (id === 'A1') fetchesOfA1 += 1;
        res.writeHead(docs.has(id) ? 200 : 404, { 'content-type': 'application/cap+xml' });
        res.end(docs.get(id) ?? '');
      });
    let server = make();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const feed = new CapFeed({ id: 'cap', name: 'cap', url: `http://127.0.0.1:${port}/index.atom`, sink: ingest.sink(), intervalMs: 30 });
    feed.start();
    await until(() => ingest.inForce().length === 1);
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await until(() => feed.status().state !== 'live');
    docs.set('A2', capXml({ id: 'A2', msgType: 'Update', references: ref('A1') }));
    docs.set('X', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><alert>&e;</alert>');
    server = make();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    await until(() => ingest.inForce()[0]?.identifier === 'A2' && feed.status().rejected === 1);
    await new Promise((r) => setTimeout(r, 150));
    await feed.stop();
    server.closeAllConnections();
    server.close();
    expect(fetchesOfA1).toBe(1);
    expect(feed.status()).toMatchObject({ accepted: 2, rejected: 1 });
    expect(ingest.quarantine.list('cap', 5).items[0]!.reason).toMatch(/document type declarations are refused/);
  });

  it('reads a drop folder of CAP files', async () => {
    const folder = join(dir, 'cap-in');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.xml'), capXml({ id: 'F1' }));
    writeFileSync(join(folder, 'b.xml'), 'garbage');
    writeFileSync(join(folder, 'ignored.txt'), 'x');
    const feed = new CapFeed({ id: 'drop', name: 'drop', folder, sink: ingest.sink(), intervalMs: 30 });
    feed.start();
    await until(() => feed.status().accepted === 1 && feed.status().rejected === 1);
    writeFileSync(join(folder, 'c.xml'), capXml({ id: 'F2' }));
    await until(() => feed.status().accepted === 2);
    await new Promise((r) => setTimeout(r, 100));
    await feed.stop();
    expect(feed.status()).toMatchObject({ accepted: 2, rejected: 1 });
  });

  it('refuses a FIFO and a symlink to /dev/zero in the drop folder without reading them, and goes on', async () => {
    const folder = join(dir, 'cap-in');
    mkdirSync(folder);
    execFileSync('mkfifo', [join(folder, 'a-fifo.xml')]); // opened blindly, it would wait for a writer forever
    symlinkSync('/dev/zero', join(folder, 'b-zero.xml')); // stat().size 0, endless when read
    writeFileSync(join(folder, 'c.xml'), capXml({ id: 'F1' }));
    const feed = new CapFeed({ id: 'drop', name: 'drop', folder, sink: ingest.sink(), intervalMs: 30 });
    feed.start();
    await until(() => feed.status().accepted === 1 && feed.status().rejected === 2, 10_000, 'folder read');
    await new Promise((r) => setTimeout(r, 150)); // several more polls: refused once, not on every poll
    await feed.stop();
    expect(feed.status()).toMatchObject({ accepted: 1, rejected: 2 });
    const reasons = ingest.quarantine.list('drop', 5).items.map((q) => q.reason).sort();
    expect(reasons).toEqual(['a-fifo.xml: not a regular file (a FIFO)', 'b-zero.xml: not a regular file (a character device)']);
  });
});

describe('cross-feed duplicates', () => {
  const base: Incident = {
    id: 'sim.grid:E1',
    source: 'sim.grid',
    sourceId: 'E1',
    category: 'gg.other',
    severity: 'blue',
    status: 'reported',
    title: '井盖缺失报告',
    description: '',
    lon: 112.0019,
    lat: 27.7299,
    original: { lon: 112.0019, lat: 27.7299, datum: 'WGS84' },
    gridId: null,
    address: '',
    reportedAt: Date.parse('2026-11-28T02:00:00Z'),
    updatedAt: 0,
    unit: null,
  };
  const at = (o: Partial<Incident>): { incident: Incident; raw: unknown } => ({ incident: { ...base, ...o }, raw: null });

  it('links the same event from two feeds (near in space, time and category) and counts it once', () => {
    ingest.acceptIncidents([at({})]);
    // A citizen's Open311 report 60 m away, 5 minutes later.
    ingest.acceptIncidents([at({ id: 'sim.cm:1', source: 'sim.cm', sourceId: '1', category: 'cm.manhole', lon: 112.0025, reportedAt: base.reportedAt + 300_000 })]);
    expect(store.get('sim.cm:1')?.status).toBe('duplicate');
    expect(store.get('sim.grid:E1')?.status).toBe('reported');
    expect(ingest.linker.canonicalOf('sim.cm:1')).toBe('sim.grid:E1');
    // Its later updates stay linked.
    ingest.acceptIncidents([at({ id: 'sim.cm:1', source: 'sim.cm', sourceId: '1', category: 'cm.manhole', status: 'handling', lon: 112.0025, reportedAt: base.reportedAt + 300_000 })]);
    expect(store.get('sim.cm:1')?.status).toBe('duplicate');
    expect(ingest.decorate({ id: 'sim.cm', duplicates: 0 } as never)).toMatchObject({ duplicates: 1 });
    const row = db.prepare('SELECT canonical_id, distance_m FROM incident_links WHERE incident_id = ?').get('sim.cm:1') as { canonical_id: string; distance_m: number };
    expect(row.canonical_id).toBe('sim.grid:E1');
    expect(row.distance_m).toBeGreaterThan(50);
    expect(row.distance_m).toBeLessThan(70);
  });

  it('does not link what is far apart, long apart, unrelated, or from the same feed', () => {
    ingest.acceptIncidents([at({})]);
    const other = { source: 'sim.cm', category: 'cm.manhole' };
    ingest.acceptIncidents([
      at({ ...other, id: 'sim.cm:far', sourceId: 'far', lon: 112.0045 }), // ~250 m
      at({ ...other, id: 'sim.cm:late', sourceId: 'late', reportedAt: base.reportedAt + 45 * 60_000 }),
      at({ ...other, id: 'sim.cm:other', sourceId: 'other', category: 'cm.greening' }),
      at({ id: 'sim.grid:E2', sourceId: 'E2' }),
    ]);
    for (const id of ['sim.cm:far', 'sim.cm:late', 'sim.cm:other', 'sim.grid:E2']) expect(store.get(id)?.status, id).toBe('reported');
  });
});

describe('quarantine', () => {
  it('keeps the newest entries up to its limit, with the reason and an excerpt as text', () => {
    const q = new QuarantineStore(db, 50);
    for (let i = 0; i < 120; i++) q.add({ feedId: 'f', reason: `bad ${i}`, payload: { i, html: '<img src=x>' } });
    q.add({ feedId: 'g', reason: 'huge', payload: 'x'.repeat(100_000) });
    const all = q.list(undefined, 1000);
    expect(all.total).toBe(50);
    expect(all.items[0]).toMatchObject({ feedId: 'g', reason: 'huge', size: 100_000 });
    expect(all.items[0]!.excerpt.length).toBeLessThanOrEqual(4000);
    expect(all.items[1]!.excerpt).toBe('{"i":119,"html":"<img src=x>"}');
    expect(q.list('f', 5).items.map((i) => i.reason)).toEqual(['bad 119', 'bad 118', 'bad 117', 'bad 116', 'bad 115']);
  });
});
