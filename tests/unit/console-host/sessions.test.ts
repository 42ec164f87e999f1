import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as tlsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConsoleHost, type ConsoleHostOptions, type HostedCore } from '../../../src-main/console-host/console-host';
import { ONE_TIME_CODE_TTL_MS, SessionRegistry } from '../../../src-main/console-host/sessions';
import { stubHandlers } from '../fixtures/handler-stubs';
import { get, type Reply } from '../fixtures/http-get';

const cookieOf = (r: Reply): string => String(r.headers['set-cookie']).split(';')[0]!;

const core: HostedCore = { handlers: stubHandlers(), on: () => () => {} };
let dir: string;
let clock = 1_000_000;
const hosts: ConsoleHost[] = [];

async function startHost(o: Partial<ConsoleHostOptions> = {}): Promise<ConsoleHost> {
  const host = new ConsoleHost({ core, rendererDir: dir, port: 0, now: () => clock, ...o });
  await host.start();
  hosts.push(host);
  return host;
}

function openSocket(port: number, cookie: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/cc-api`, { headers: { cookie } });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-host-sessions-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
});
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.stop();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sessions', () => {
  it('expire after the idle time; use keeps them alive', async () => {
    const host = await startHost({ sessionIdleMs: 60_000 });
    const cookie = cookieOf(await get(host.port, `/?token=${host.token}`));
    clock += 50_000;
    expect((await get(host.port, '/', { cookie })).status).toBe(200); // used: alive for another minute
    clock += 50_000;
    expect((await get(host.port, '/', { cookie })).status).toBe(200);
    clock += 60_001;
    const expired = await get(host.port, '/', { cookie });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatch(/unused/);
    await expect(openSocket(host.port, cookie)).rejects.toThrow('HTTP 403');
  });

  it('close an open socket of an expired session with 4401 on its next request', async () => {
    const host = await startHost({ sessionIdleMs: 60_000 });
    const cookie = cookieOf(await get(host.port, `/?token=${host.token}`));
    const ws = await openSocket(host.port, cookie);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    clock += 60_001;
    ws.send(JSON.stringify({ id: 1, channel: 'cc:app:info' }));
    expect(await closed).toBe(4401);
  });

  it('"log out all screens" ends every session, closes every socket and replaces the token', async () => {
    const announced: string[] = [];
    const host = await startHost({ onNewToken: (u) => announced.push(u) });
    const oldToken = host.token;
    const a = cookieOf(await get(host.port, `/?token=${oldToken}`));
    const b = cookieOf(await get(host.port, `/?token=${oldToken}`));
    const wsA = await openSocket(host.port, a);
    const wsB = await openSocket(host.port, b);
    const closedB = new Promise<number>((resolve) => wsB.once('close', (code) => resolve(code)));
    const reply = new Promise<unknown>((resolve) => wsA.once('message', (d) => resolve(JSON.parse(d.toString()))));
    wsA.send(JSON.stringify({ id: 3, channel: 'cc:sessions:end' }));
    expect(await reply).toEqual({ id: 3, result: { ok: true, value: { sessions: 2 } } });
    expect(await closedB).toBe(4401);
    expect((await get(host.port, '/', { cookie: a })).status).toBe(401);
    expect((await get(host.port, '/', { cookie: b })).status).toBe(401);
    expect((await get(host.port, `/?token=${oldToken}`)).status).toBe(401);
    expect(host.token).not.toBe(oldToken);
    expect(announced).toEqual([host.url()]);
    expect((await get(host.port, `/?token=${host.token}`)).status).toBe(303);
  });

  it('are limited in number: a login past the limit is refused with 429', async () => {
    const host = await startHost({ maxSessions: 2 });
    expect((await get(host.port, `/?token=${host.token}`)).status).toBe(303);
    expect((await get(host.port, `/?token=${host.token}`)).status).toBe(303);
    const third = await get(host.port, `/?token=${host.token}`);
    expect(third.status).toBe(429);
    expect(third.body).toMatch(/log out all screens/);
    expect(host.sessionCount).toBe(2);
  });

  it('idle sessions free their place under the limit', async () => {
    const host = await startHost({ maxSessions: 1, sessionIdleMs: 1000 });
    expect((await get(host.port, `/?token=${host.token}`)).status).toBe(303);
    clock += 1001;
    expect((await get(host.port, `/?token=${host.token}`)).status).toBe(303);
  });
});

describe('one-time codes (what --open gives the browser)', () => {
  it('log in once, and are refused the second time', async () => {
    const host = await startHost();
    const url = new URL(host.oneTimeUrl());
    expect(url.search).not.toContain(host.token);
    const path = `/${url.search}`;
    const first = await get(host.port, path);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect((await get(host.port, '/', { cookie: cookieOf(first) })).status).toBe(200);
    const again = await get(host.port, path);
    expect(again.status).toBe(401);
    expect(again.body).toMatch(/one-time link was used already/);
  });

  it('are refused after a minute', async () => {
    const host = await startHost();
    const url = new URL(host.oneTimeUrl());
    clock += ONE_TIME_CODE_TTL_MS + 1;
    expect((await get(host.port, `/${url.search}`)).status).toBe(401);
  });

  it('are unknown to another registry', () => {
    const r = new SessionRegistry();
    expect(r.redeem('made-up')).toBe(false);
    const code = r.issueCode();
    expect(r.redeem(code)).toBe(true);
    expect(r.redeem(code)).toBe(false);
  });
});

describe('host names (DNS rebinding) on every interface', () => {
  it('accepts only the allow-list, the machine\'s names and loopback, never any name with the right port', async () => {
    const host = await startHost({ host: '0.0.0.0', allowedHosts: ['console.loudi.example'] });
    const cookie = cookieOf(await get(host.port, `/?token=${host.token}`));
    const names = host.allowedHostNames();
    expect(names).toContain('console.loudi.example');
    expect(names).toContain('localhost');
    expect((await get(host.port, '/', { cookie, host: `console.loudi.example:${host.port}` })).status).toBe(200);
    expect((await get(host.port, '/', { cookie, host: `localhost:${host.port}` })).status).toBe(200);
    expect((await get(host.port, '/', { cookie, host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(host.port, '/', { cookie, host: `console.loudi.example:1` })).status).toBe(403);
  });
});

describe('TLS', () => {
  it('serves HTTPS and WSS with the given certificate, with a Secure session cookie', async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'cc-tls-'));
    try {
      const key = join(certDir, 'key.pem');
      const cert = join(certDir, 'cert.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
      const host = await startHost({ tls: { cert: readFileSync(cert), key: readFileSync(key) } });
      expect(host.url()).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const ca = readFileSync(cert);
      const reply = await new Promise<Reply>((resolve, reject) => {
        const req = tlsRequest({ host: '127.0.0.1', port: host.port, path: `/?token=${host.token}`, ca }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(reply.status).toBe(303);
      expect(String(reply.headers['set-cookie'])).toMatch(/; Secure/);
      const ws = new WebSocket(`wss://127.0.0.1:${host.port}/cc-api`, { headers: { cookie: cookieOf(reply) }, ca });
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      const answer = new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
      ws.send(JSON.stringify({ id: 1, channel: 'cc:app:info' }));
      expect(await answer).toMatchObject({ id: 1, result: { ok: true } });
      ws.close();
      // Plain HTTP to the TLS port gets nothing useful.
      await expect(get(host.port, '/')).rejects.toThrow();
    } finally {
      rmSync(certDir, { recursive: true, force: true });
    }
  });
});
