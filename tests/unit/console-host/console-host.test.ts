import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventEmitter } from 'node:events';
import { ConsoleHost, type HostedCore } from '../../../src-main/console-host/console-host';
import { resolveStaticPath } from '../../../src-main/console-host/static-files';
import { stubHandlers } from '../fixtures/handler-stubs';
import { get } from '../fixtures/http-get';

function socket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const events = new EventEmitter();
const handlers = stubHandlers();
const core: HostedCore = {
  handlers,
  on: (event, listener) => {
    events.on(event, listener);
    return () => events.off(event, listener);
  },
};

let dir: string;
let host: ConsoleHost;
let port: number;
let cookie: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-host-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'cc-host-secret.txt'), 'secret');
  host = new ConsoleHost({ core, rendererDir: dir, port: 0 });
  const url = await host.start();
  port = host.port;
  expect(url).toBe(`http://127.0.0.1:${port}/?token=${host.token}`);
  const opened = await get(port, `/?token=${host.token}`);
  cookie = String(opened.headers['set-cookie']).split(';')[0]!;
});
afterAll(async () => {
  await host.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('console host access', () => {
  it('refuses an HTTP request with neither token nor session (401)', async () => {
    expect((await get(port, '/')).status).toBe(401);
    expect((await get(port, '/assets/app.js')).status).toBe(401);
    expect((await get(port, '/?token=wrong')).status).toBe(401);
  });

  it('trades the token for an HttpOnly session cookie and drops it from the address', async () => {
    const r = await get(port, `/?token=${host.token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    expect(String(r.headers['set-cookie'])).toMatch(/^cc_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\//);
  });

  it('serves the renderer to a session, with the strict CSP', async () => {
    const r = await get(port, '/', { cookie });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>console</title>');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await get(port, '/assets/app.js', { cookie })).headers['content-type']).toMatch(/javascript/);
  });

  it('never serves files outside the renderer folder', async () => {
    expect((await get(port, '/../cc-host-secret.txt', { cookie })).status).toBe(404);
    expect((await get(port, '/%2e%2e/cc-host-secret.txt', { cookie })).status).toBe(404);
    expect(resolveStaticPath('/srv/r', '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveStaticPath('/srv/r', '/a/%00.js')).toBeNull();
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(port, '/', { cookie, host: 'evil.example:80' })).status).toBe(403);
  });

  it('refuses a socket with neither token nor session (403), or from a foreign origin', async () => {
    await expect(socket(`ws://127.0.0.1:${port}/cc-api`)).rejects.toThrow('HTTP 403');
    await expect(socket(`ws://127.0.0.1:${port}/cc-api`, { cookie, origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('answers operations and pushes events over an authenticated socket', async () => {
    const ws = await socket(`ws://127.0.0.1:${port}/cc-api`, { cookie, origin: `http://127.0.0.1:${port}` });
    const messages: unknown[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ id: 1, channel: 'cc:app:info' }));
    ws.send(JSON.stringify({ id: 2, channel: 'cc:settings:set', payload: { locale: 'fr' } }));
    ws.send(JSON.stringify({ id: 3, channel: 'cc:shell:exec', payload: 'rm -rf /' }));
    await new Promise((r) => setTimeout(r, 100));
    events.emit('incidentsChanged', { upserted: [], total: 7 });
    await new Promise((r) => setTimeout(r, 100));
    ws.close();
    expect(messages).toContainEqual({ id: 1, result: { ok: true, value: expect.objectContaining({ shell: 'browser' }) } });
    expect(messages).toContainEqual({ id: 2, result: { ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST' }) } });
    expect(messages).toContainEqual({ id: 3, result: { ok: false, error: expect.objectContaining({ code: 'UNKNOWN_OPERATION' }) } });
    expect(messages).toContainEqual({ event: 'cc:incidents:changed', payload: { upserted: [], total: 7 } });
  });

  it('accepts the token on the socket URL for non-browser clients', async () => {
    const ws = await socket(`ws://127.0.0.1:${port}/cc-api?token=${host.token}`);
    ws.close();
  });
});
