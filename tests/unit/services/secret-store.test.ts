import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SituationMapService } from '../../../src-main/map/situation-map-service';
import { FileSecretStore, resolveSecretRefs, TIANDITU_TOKEN_SECRET } from '../../../src-main/services/secret-store';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-secrets-'));
  db = openDatabase(dir);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('the owner-only secret file (console host, command line)', () => {
  it('is written 0600 and narrowed to 0600 when found wider', async () => {
    const store = new FileSecretStore(dir);
    await store.set('cm-password', 'pw1');
    expect(mode(join(dir, 'secrets.json'))).toBe(0o600);
    expect(await store.get('cm-password')).toBe('pw1');
    chmodSync(join(dir, 'secrets.json'), 0o644);
    const logs: string[] = [];
    expect(await new FileSecretStore(dir, (l) => logs.push(l)).names()).toEqual(['cm-password']);
    expect(mode(join(dir, 'secrets.json'))).toBe(0o600);
    expect(logs[0]).toMatch(/0600/);
  });

  it('resolves {secret:NAME} in a configuration, percent-encoded, and names a missing one', async () => {
    const store = new FileSecretStore(dir);
    await store.set('cm-pw', 'p@ss:w/rd');
    const config = { feeds: [{ id: 'cm', url: 'https://loudi:{secret:cm-pw}@cm.example.org/requests.json' }] };
    const resolved = await resolveSecretRefs(config, store, 'feeds.json');
    expect(resolved.feeds[0]!.url).toBe('https://loudi:p%40ss%3Aw%2Frd@cm.example.org/requests.json');
    expect(decodeURIComponent(new URL(resolved.feeds[0]!.url).password)).toBe('p@ss:w/rd');
    await expect(resolveSecretRefs({ url: 'http://h/?token={secret:nope}' }, store, 'feeds.json')).rejects.toThrow(/feeds\.json: the secret "nope" is not in the secret store/);
  });

  it('cli secret set reads the value from a file or stdin, never from the command line, and lists names only', async () => {
    const valueFile = join(dir, 'v.txt');
    writeFileSync(valueFile, 'gw-secret\n');
    let out = '';
    const io = { out: (t: string) => (out += t), err: () => {} };
    expect(await runCli(['secret', 'set', 'zlm', '--from-file', valueFile, '--data-dir', dir, '--json'], COMMANDS, io)).toBe(0);
    expect(await runCli(['secret', 'list', '--data-dir', dir, '--json'], COMMANDS, io)).toBe(0);
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ names: ['zlm'], store: 'file 0600' });
    expect(out).not.toContain('gw-secret');
    expect(await new FileSecretStore(dir).get('zlm')).toBe('gw-secret');
  });
});

describe('the Tianditu token', () => {
  let server: Server;
  const asked: string[] = [];
  beforeEach(async () => {
    server = createServer((req, res) => (asked.push(req.url!), res.writeHead(200, { 'content-type': 'image/png' }).end('png')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
  });

  it('is kept in the secret store (0600), not in the database, and still reaches Tianditu', async () => {
    const secrets = new FileSecretStore(dir);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const service = new SituationMapService(db, () => {}, { secrets, tiandituUrl: base });
    const view = await service.handlers().setBasemap({ kind: 'tianditu', layer: 'img', token: 'tk-SECRET-123' });
    expect(view).toMatchObject({ basemap: { kind: 'tianditu', token: '' }, tokenSet: true });
    const rows = JSON.stringify(db.prepare('SELECT * FROM settings').all());
    expect(rows).not.toContain('tk-SECRET-123');
    expect(await secrets.get(TIANDITU_TOKEN_SECRET)).toBe('tk-SECRET-123');
    expect(mode(join(dir, 'secrets.json'))).toBe(0o600);
    await service.handlers().basemapTile({ layer: 'base', z: 3, x: 1, y: 1 });
    expect(asked.at(-1)).toMatch(/tk=tk-SECRET-123$/);
    await service.close();
  });

  it('a token an earlier version stored in the database moves to the secret store at start', async () => {
    const secrets = new FileSecretStore(dir);
    const service = new SituationMapService(db, () => {}, { secrets });
    service.settings.setBasemap({ kind: 'tianditu', layer: 'vec', token: 'old-token' });
    await service.moveTokenToSecretStore();
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toContain('old-token');
    expect(JSON.stringify(db.prepare('SELECT * FROM settings').all())).not.toContain('old-token');
    await service.close();
  });
});
