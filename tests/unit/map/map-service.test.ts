import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPERATION_CHANNELS } from '@shared/channels';
import { dispatch } from '@shared/dispatch';
import type { Incident } from '@shared/domain/incident';
import { decodePoints } from '@shared/map/points';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { SituationMapService } from '../../../src-main/map/situation-map-service';
import { writePmtiles } from './pmtiles-writer';

const T0 = 1_700_000_000_000;
function incident(n: number, patch: Partial<Incident> = {}): Incident {
  return {
    id: `t:${n}`,
    source: 't',
    sourceId: String(n),
    category: n % 2 ? 'gg.epidemic' : 'gg.labour',
    severity: 'blue',
    status: 'reported',
    title: `事件 ${n}`,
    description: 'd',
    lon: 112 + (n % 100) * 1e-4,
    lat: 27.73,
    original: { lon: 112, lat: 27.73, datum: 'WGS84' },
    gridId: n % 3 ? '431302-20' : null,
    address: 'a',
    reportedAt: T0 + n * 1000,
    updatedAt: T0 + n * 1000,
    unit: null,
    ...patch,
  };
}

let dir: string;
let db: Db;
let service: SituationMapService;
let changes: unknown[];
let server: Server | undefined;
const requests: string[] = [];

async function serve(handler: (path: string) => { status?: number; type: string; body: Buffer | string }): Promise<string> {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const r = handler(req.url ?? '/');
    res.writeHead(r.status ?? 200, { 'content-type': r.type });
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const addr = server.address() as { port: number };
  return `http://127.0.0.1:${addr.port}`;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-map-'));
  db = openDatabase(dir);
  changes = [];
  requests.length = 0;
});
afterEach(async () => {
  await service?.close();
  if (server) await new Promise((r) => server!.close(r));
  server = undefined;
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('incident points for the map and replay', () => {
  it('returns a window of the cache as compact columns, newest first, with the cache’s range', async () => {
    new IncidentStore(db).upsertMany(Array.from({ length: 50 }, (_, i) => ({ incident: incident(i), raw: null })));
    service = new SituationMapService(db, () => {});
    const h = service.handlers();
    const cols = await h.incidentPoints({ from: T0 + 10_000, to: T0 + 20_000, limit: 1000 });
    const pts = decodePoints(cols);
    expect(pts.map((p) => p.id)).toEqual(Array.from({ length: 10 }, (_, i) => `t:${19 - i}`));
    expect(cols.total).toBe(10);
    expect(cols.truncated).toBe(false);
    expect([cols.cacheFirst, cols.cacheLast]).toEqual([T0, T0 + 49_000]);
    expect(pts.find((p) => p.id === 't:12')?.gridId).toBeNull();
    const limited = await h.incidentPoints({ limit: 5 });
    expect(limited.id).toHaveLength(5);
    expect(limited.truncated).toBe(true);
    expect(limited.total).toBe(50);
  });

  it('serves 100,000 incidents in one window', async () => {
    const store = new IncidentStore(db);
    for (let b = 0; b < 10; b++) {
      store.upsertMany(Array.from({ length: 10_000 }, (_, i) => ({ incident: incident(b * 10_000 + i), raw: null })));
    }
    service = new SituationMapService(db, () => {});
    const cols = await service.handlers().incidentPoints({ limit: 250_000 });
    expect(cols.id).toHaveLength(100_000);
    expect(decodePoints(cols)).toHaveLength(100_000);
  });

  it('validates the window through the contract', async () => {
    service = new SituationMapService(db, () => {});
    const handlers = service.handlers() as never;
    const bad = await dispatch(handlers, OPERATION_CHANNELS.incidentPoints, { limit: 10_000_000 });
    expect(bad.ok).toBe(false);
    const sneaky = await dispatch(handlers, OPERATION_CHANNELS.incidentPoints, { from: 0, sql: '1; DROP TABLE incidents' });
    expect(sneaky).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('basemap settings', () => {
  it('default to the offline basemap and announce a change', async () => {
    service = new SituationMapService(db, (v) => changes.push(v));
    const h = service.handlers();
    expect(await h.getMapSettings(undefined)).toEqual({ basemap: { kind: 'offline' }, tokenSet: false });
    service.settings.allowSources({ origins: ['http://10.0.0.1'] }); // the operator's command line
    const view = await h.setBasemap({ kind: 'xyz', url: 'http://10.0.0.1/tiles/{z}/{x}/{y}.png', datum: 'GCJ02', maxZoom: 18 });
    expect(view.basemap).toMatchObject({ kind: 'xyz', datum: 'GCJ02' });
    expect(changes).toEqual([view]);
    // kept in the data directory
    expect(new SituationMapService(db, () => {}).settings.get().basemap.kind).toBe('xyz');
  });

  it('never hands the Tianditu token back, and keeps it when saved blank', async () => {
    service = new SituationMapService(db, () => {});
    const h = service.handlers();
    const v1 = await h.setBasemap({ kind: 'tianditu', layer: 'img', token: 'secret-key' });
    expect(JSON.stringify(v1)).not.toContain('secret-key');
    expect(v1.tokenSet).toBe(true);
    await h.setBasemap({ kind: 'tianditu', layer: 'vec', token: '' });
    expect(service.settings.get().basemap).toEqual({ kind: 'tianditu', layer: 'vec', token: 'secret-key' });
  });

  it('refuses basemap URLs that are not http(s) tile templates', async () => {
    service = new SituationMapService(db, () => {});
    const handlers = service.handlers() as never;
    for (const b of [
      { kind: 'xyz', url: 'file:///etc/{z}/{x}/{y}' },
      { kind: 'xyz', url: 'http://x/tiles.png' },
      { kind: 'style', url: 'javascript:alert(1)' },
    ]) {
      expect(await dispatch(handlers, OPERATION_CHANNELS.setBasemap, b)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
  });
});

describe('basemap tiles fetched by the host', () => {
  it('fetches XYZ tiles from the configured template', async () => {
    const base = await serve((p) => ({ type: 'image/png', body: Buffer.from(`tile ${p}`) }));
    service = new SituationMapService(db, () => {});
    service.settings.allowSources({ origins: [base] });
    service.settings.setBasemap({ kind: 'xyz', url: `${base}/t/{z}/{x}/{y}.png` });
    const tile = await service.handlers().basemapTile({ layer: 'base', z: 3, x: 5, y: 2 });
    expect(tile?.contentType).toBe('image/png');
    expect(Buffer.from(tile!.base64, 'base64').toString()).toBe('tile /t/3/5/2.png');
  });

  it('asks Tianditu for the layer and its annotation with the stored token', async () => {
    const base = await serve(() => ({ type: 'image/png', body: 'png' }));
    service = new SituationMapService(db, () => {}, { tiandituUrl: base });
    service.settings.setBasemap({ kind: 'tianditu', layer: 'img', token: 'k123' });
    await service.handlers().basemapTile({ layer: 'base', z: 10, x: 830, y: 420 });
    await service.handlers().basemapTile({ layer: 'label', z: 10, x: 830, y: 420 });
    expect(requests[0]).toMatch(/^\/img_w\/wmts\?.*LAYER=img.*TILEMATRIX=10&TILEROW=420&TILECOL=830&tk=k123$/);
    expect(requests[1]).toMatch(/^\/cia_w\/wmts\?.*LAYER=cia/);
  });

  it('fetches only from the vector style’s own origin', async () => {
    const base = await serve(() => ({ type: 'application/json', body: '{"version":8}' }));
    service = new SituationMapService(db, () => {});
    service.settings.allowSources({ origins: [base] });
    service.settings.setBasemap({ kind: 'style', url: `${base}/style.json` });
    const h = service.handlers();
    expect(Buffer.from((await h.basemapResource({ url: `${base}/style.json` }))!.base64, 'base64').toString()).toBe('{"version":8}');
    expect(await h.basemapResource({ url: 'sprite.json' })).not.toBeNull(); // relative to the style
    await expect(h.basemapResource({ url: 'http://127.0.0.2:1/steal' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reads tiles and header facts from a local PMTiles archive', async () => {
    const path = join(dir, 'city.pmtiles');
    writeFileSync(
      path,
      writePmtiles(
        [
          { z: 0, x: 0, y: 0, data: Buffer.from('zero') },
          { z: 1, x: 1, y: 0, data: Buffer.from('one') },
        ],
        { tileType: 2, metadata: { vector_layers: [{ id: 'roads' }] } },
      ),
    );
    service = new SituationMapService(db, () => {}, { dataDir: dir });
    service.settings.setBasemap({ kind: 'pmtiles', path });
    const h = service.handlers();
    const tile = await h.basemapTile({ layer: 'base', z: 1, x: 1, y: 0 });
    expect(tile).toEqual({ contentType: 'image/png', base64: Buffer.from('one').toString('base64') });
    expect(await h.basemapTile({ layer: 'base', z: 1, x: 0, y: 0 })).toBeNull();
    expect(await h.pmtilesInfo(undefined)).toMatchObject({ tileType: 'png', minZoom: 0, maxZoom: 1, vectorLayers: ['roads'] });
  });

  it('refuses tiles outside their zoom level and answers null with the offline basemap', async () => {
    service = new SituationMapService(db, () => {});
    expect(await service.handlers().basemapTile({ layer: 'base', z: 1, x: 0, y: 0 })).toBeNull();
    service.settings.setBasemap({ kind: 'xyz', url: 'http://127.0.0.1:9/{z}/{x}/{y}' });
    await expect(service.handlers().basemapTile({ layer: 'base', z: 1, x: 2, y: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('the basemap proxy fetches only what the operator configured', () => {
  it('a session cannot set a basemap from an origin the operator did not configure', async () => {
    const base = await serve(() => ({ type: 'image/png', body: 'png' }));
    service = new SituationMapService(db, () => {});
    const handlers = service.handlers() as never;
    for (const b of [
      { kind: 'xyz', url: `${base}/{z}/{x}/{y}.png` }, // e.g. the simulator's loopback feeds
      { kind: 'style', url: 'http://169.254.169.254/latest/meta-data' },
      { kind: 'xyz', url: 'http://10.1.2.3/{z}/{x}/{y}.png' },
    ]) {
      expect(await dispatch(handlers, OPERATION_CHANNELS.setBasemap, b)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(service.settings.get().basemap.kind).toBe('offline');
    service.settings.allowSources({ origins: [base] });
    expect(await dispatch(handlers, OPERATION_CHANNELS.setBasemap, { kind: 'xyz', url: `${base}/{z}/{x}/{y}.png` })).toMatchObject({ ok: true });
  });

  it('a stored basemap pointing at an unconfigured origin is not fetched (loopback, link-local, private)', async () => {
    const base = await serve(() => ({ type: 'application/json', body: '{"secret":1}' }));
    service = new SituationMapService(db, () => {});
    for (const url of [`${base}/{z}/{x}/{y}`, 'http://169.254.169.254/{z}/{x}/{y}', 'http://192.168.1.1/{z}/{x}/{y}', 'http://[::1]:9/{z}/{x}/{y}']) {
      service.settings.setBasemap({ kind: 'xyz', url }); // as a setting stored before this rule would be
      await expect(service.handlers().basemapTile({ layer: 'base', z: 0, x: 0, y: 0 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(requests).toEqual([]);
  });

  it('a configured name that resolves to an internal address is refused; the operator may name an internal origin exactly', async () => {
    const base = await serve(() => ({ type: 'image/png', body: 'png' }));
    const port = new URL(base).port;
    service = new SituationMapService(db, () => {});
    // A name is checked by the address it resolves to, in the connection's own lookup: "localhost" is internal.
    const { guardedGet } = await import('../../../src-main/map/guarded-get');
    await expect(guardedGet(new URL(`http://localhost:${port}/x`), { allowInternal: false, timeoutMs: 2000, maxBytes: 100 })).rejects.toThrow(/internal address/);
    await expect(guardedGet(new URL(`http://127.0.0.1:${port}/x`), { allowInternal: false, timeoutMs: 2000, maxBytes: 100 })).rejects.toThrow(/internal address/);
    expect((await guardedGet(new URL(`http://localhost:${port}/x`), { allowInternal: true, timeoutMs: 2000, maxBytes: 100 })).status).toBe(200);
    service.settings.allowSources({ origins: [base] });
    service.settings.setBasemap({ kind: 'xyz', url: `${base}/{z}/{x}/{y}` });
    expect(await service.handlers().basemapTile({ layer: 'base', z: 0, x: 0, y: 0 })).not.toBeNull();
  });

  it('tells public addresses from internal ones', async () => {
    const { isPublicAddress } = await import('../../../src-main/map/guarded-get');
    for (const a of ['127.0.0.1', '10.0.0.5', '172.20.1.1', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '224.0.0.1']) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ['8.8.8.8', '114.114.114.114', '2400:3200::1']) expect(isPublicAddress(a), a).toBe(true);
  });

  it('a PMTiles file must be under the data directory or a configured folder, and errors do not reveal whether a file exists', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'cc-outside-'));
    try {
      const inside = join(dir, 'city.pmtiles');
      writeFileSync(inside, writePmtiles([{ z: 0, x: 0, y: 0, data: Buffer.from('zero') }], { tileType: 2 }));
      const elsewhere = join(outside, 'other.pmtiles');
      writeFileSync(elsewhere, writePmtiles([{ z: 0, x: 0, y: 0, data: Buffer.from('zero') }], { tileType: 2 }));
      service = new SituationMapService(db, () => {}, { dataDir: dir });
      const handlers = service.handlers() as never;
      const answers = [];
      for (const path of ['/etc/passwd', '/nonexistent/file.pmtiles', elsewhere, join(dir, 'missing.pmtiles'), join(dir, '..', 'x.pmtiles')]) {
        answers.push(await dispatch(handlers, OPERATION_CHANNELS.setBasemap, { kind: 'pmtiles', path }));
      }
      // One and the same answer, whether the file exists or not.
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0]).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      // Stored anyway (an old setting): reading refuses with the same words.
      service.settings.setBasemap({ kind: 'pmtiles', path: '/etc/passwd' });
      const info = await dispatch(handlers, OPERATION_CHANNELS.pmtilesInfo, undefined);
      expect(info).toEqual(answers[0]);
      expect(await dispatch(handlers, OPERATION_CHANNELS.setBasemap, { kind: 'pmtiles', path: inside })).toMatchObject({ ok: true });
      service.settings.allowSources({ folders: [outside] });
      expect(await dispatch(handlers, OPERATION_CHANNELS.setBasemap, { kind: 'pmtiles', path: elsewhere })).toMatchObject({ ok: true });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

