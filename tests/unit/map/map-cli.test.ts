import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '@shared/domain/incident';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';
import { openDatabase } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { MapSettingsStore } from '../../../src-main/store/map-settings-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-mapcli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; json: unknown; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--data-dir', dir, '--json'], COMMANDS, { out: (t) => (out += t), err: (t) => (err += t) });
  const last = out.trimEnd().split('\n').at(-1);
  return { code, json: last ? JSON.parse(last) : undefined, err };
}

describe('map commands', () => {
  it('chooses a basemap from the command line and never prints the token', async () => {
    expect((await cli(['basemap'])).json).toEqual({ basemap: { kind: 'offline' }, tokenSet: false });
    const r = await cli(['basemap', '--kind', 'tianditu', '--layer', 'img', '--token', 'k-secret']);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({ basemap: { kind: 'tianditu', layer: 'img', token: '' }, tokenSet: true });
    const bad = await cli(['basemap', '--kind', 'xyz', '--url', 'ftp://x/{z}/{x}/{y}']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('http(s)');
  });

  it('is where the operator configures basemap sources: what it sets, and --allow-origin / --allow-folder', async () => {
    expect((await cli(['basemap', '--kind', 'xyz', '--url', 'http://tiles.city.lan:8080/{z}/{x}/{y}.png'])).code).toBe(0);
    expect((await cli(['basemap', '--allow-origin', 'https://maps.example.org/styles/x.json', '--allow-folder', '/srv/maps'])).code).toBe(0);
    const db = openDatabase(dir);
    try {
      expect(new MapSettingsStore(db).sources()).toEqual({ origins: ['http://tiles.city.lan:8080', 'https://maps.example.org'], folders: ['/srv/maps'] });
    } finally {
      db.close();
    }
    expect((await cli(['basemap', '--allow-folder', 'relative/dir'])).code).toBe(2);
  });

  it('prints the per-grid situation the map draws', async () => {
    const db = openDatabase(dir);
    const now = Date.now();
    const mk = (n: number, gridId: string, status: Incident['status']): Incident => ({
      id: `t:${n}`, source: 't', sourceId: String(n), category: 'gg.other', severity: 'blue', status, title: 't', description: '',
      lon: 112, lat: 27.73, original: { lon: 112, lat: 27.73, datum: 'WGS84' }, gridId, address: '', reportedAt: now - 3600_000, updatedAt: now - 60_000, unit: null,
    });
    new IncidentStore(db).upsertMany([mk(1, '431302-05', 'closed'), mk(2, '431302-05', 'handling'), mk(3, '431302-06', 'reported')].map((incident) => ({ incident, raw: null })));
    db.close();
    const r = await cli(['grid-situation', '--hours', '2']);
    expect(r.code).toBe(0);
    const out = r.json as { total: number; grids: { grid: string; count: number; closureRate: number | null }[] };
    expect(out.total).toBe(3);
    expect(out.grids).toHaveLength(39);
    expect(out.grids.find((g) => g.grid === '431302-05')).toMatchObject({ count: 2, closureRate: 0.5 });
  });
});
