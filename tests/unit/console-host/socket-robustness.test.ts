import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_REQUEST_FRAME_BYTES } from '@shared/contract';
import { MAX_SNAPSHOT_BASE64_CHARS } from '@shared/video/schemas';
import { ConsoleHost, type HostedCore } from '../../../src-main/console-host/console-host';
import { stubHandlers } from '../fixtures/handler-stubs';
import { closeFrameOf, frame, rawUpgrade, textFrame, type RawSocket } from './raw-socket';

const BIG_REPLY = 'x'.repeat(1024 * 1024);
const lines: string[] = [];
const core: HostedCore = {
  handlers: stubHandlers({
    // A reply of a megabyte: what a client that never reads would make the host hold.
    queryIncidents: () => ({ total: 0, items: [], note: BIG_REPLY }) as never,
    attachSnapshot: (r) => ({ id: 1, incidentId: r.incidentId, kind: 'snapshot', cameraId: r.cameraId, mime: r.mime, bytes: r.base64.length, createdAt: 1, file: 'a.png' }) as never,
  }),
  on: () => () => {},
};

let dir: string;
let host: ConsoleHost;
let port: number;
let cookie: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-host-raw-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  host = new ConsoleHost({ core, rendererDir: dir, port: 0, log: (l) => lines.push(l) });
  await host.start();
  port = host.port;
  cookie = await new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/?token=${host.token}` }, (res) => {
      res.resume();
      resolve(String(res.headers['set-cookie']).split(';')[0]!);
    });
    req.on('error', reject);
    req.end();
  });
});
afterAll(async () => {
  await host.stop();
  rmSync(dir, { recursive: true, force: true });
});

const open = (): Promise<RawSocket> => rawUpgrade(port, '/cc-api', { cookie });

/** A normal client gets an answer: the host is still up and serving. */
async function secondClientIsServed(): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/cc-api`, { headers: { cookie } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const reply = new Promise<{ id: number; result: { ok: boolean } }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
  ws.send(JSON.stringify({ id: 1, channel: 'cc:app:info' }));
  expect(await reply).toMatchObject({ id: 1, result: { ok: true } });
  ws.close();
}

/** Sends bytes and waits for the host to close the connection; returns the close frame it sent. */
async function closedAfter(bytes: Buffer): Promise<{ code: number; reason: string } | undefined> {
  const raw = await open();
  raw.socket.write(bytes);
  await raw.closed;
  return closeFrameOf(raw.received());
}

describe('one bad frame ends only its own socket', () => {
  it('sizes the frame limit from the contract: a full-size snapshot request fits', () => {
    expect(MAX_REQUEST_FRAME_BYTES).toBeGreaterThan(MAX_SNAPSHOT_BASE64_CHARS + 1000);
  });

  it('accepts a snapshot of a 1080p frame (3 MB of base64)', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/cc-api`, { headers: { cookie } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const reply = new Promise<{ id: number; result: { ok: boolean } }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    const base64 = Buffer.alloc(2_300_000, 7).toString('base64');
    ws.send(JSON.stringify({ id: 5, channel: 'cc:attachments:snapshot', payload: { incidentId: 'i1', cameraId: 'cam-1', mime: 'image/png', base64 } }));
    expect(await reply).toMatchObject({ id: 5, result: { ok: true } });
    ws.close();
  });

  it('closes a frame over the size limit with 1009 (message too big)', async () => {
    const closed = await closedAfter(frame(0x81, Buffer.alloc(0), { claimedLength: MAX_REQUEST_FRAME_BYTES + 1 }));
    expect(closed?.code).toBe(1009);
    await secondClientIsServed();
  });

  it('closes a text frame with invalid UTF-8 with 1007', async () => {
    const closed = await closedAfter(frame(0x81, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])));
    expect(closed?.code).toBe(1007);
    await secondClientIsServed();
  });

  it('closes an unmasked client frame with 1002 (protocol error)', async () => {
    const closed = await closedAfter(frame(0x81, Buffer.from('{"id":1}'), { mask: false }));
    expect(closed?.code).toBe(1002);
    await secondClientIsServed();
  });

  it('closes a frame with a reserved opcode with 1002', async () => {
    const closed = await closedAfter(frame(0x83, Buffer.from('x')));
    expect(closed?.code).toBe(1002);
    await secondClientIsServed();
  });

  it('closes a frame with an RSV bit set with 1002', async () => {
    const closed = await closedAfter(frame(0xc1, Buffer.from('{"id":1}')));
    expect(closed?.code).toBe(1002);
    await secondClientIsServed();
  });

  it('answers a garbled HTTP request with 400 and keeps serving', async () => {
    const { connect } = await import('node:net');
    const s = connect(port, '127.0.0.1');
    let got = '';
    s.on('data', (d) => (got += d.toString()));
    s.write('GARBAGE \x00\x01 / HTTP/9\r\n\r\n');
    await new Promise((r) => s.on('close', r));
    expect(got).toMatch(/^HTTP\/1.1 400/);
    await secondClientIsServed();
  });
});

describe('every frame gets a Result or a close with a reason', () => {
  it('closes the socket on malformed JSON (1008, with a reason)', async () => {
    const closed = await closedAfter(textFrame('{"id": 1, "channel": '));
    expect(closed).toEqual({ code: 1008, reason: 'a request must be JSON' });
  });

  it('closes the socket on an absent id', async () => {
    const closed = await closedAfter(textFrame(JSON.stringify({ channel: 'cc:app:info' })));
    expect(closed).toEqual({ code: 1008, reason: 'a request must be an object with a numeric id' });
  });

  it('closes the socket on a non-numeric id', async () => {
    const closed = await closedAfter(textFrame(JSON.stringify({ id: '7', channel: 'cc:app:info' })));
    expect(closed?.code).toBe(1008);
  });

  it('closes the socket on JSON that is not an object', async () => {
    expect((await closedAfter(textFrame('null')))?.code).toBe(1008);
    expect((await closedAfter(textFrame('[1,2]')))?.code).toBe(1008);
  });

  it('closes the socket on a binary frame (1003)', async () => {
    expect((await closedAfter(frame(0x82, Buffer.from([1, 2, 3]))))?.code).toBe(1003);
  });

  it('answers a numeric id with an unknown channel with a Result', async () => {
    const raw = await open();
    raw.socket.write(textFrame(JSON.stringify({ id: 9, channel: 'nope' })));
    await expect.poll(() => raw.received().toString()).toContain('"UNKNOWN_OPERATION"');
    expect(raw.received().toString()).toContain('"id":9');
    raw.socket.destroy();
  });
});

describe('replies to a client that does not read', () => {
  it('are bounded: the socket is closed and freed, the host serves others', async () => {
    const raw = await open();
    raw.socket.pause(); // never read
    const before = host.socketCount;
    expect(before).toBeGreaterThanOrEqual(1);
    // 200 requests for a megabyte each: 200 MB if the host buffered them all.
    const requests = Buffer.concat(Array.from({ length: 200 }, (_, i) => textFrame(JSON.stringify({ id: i, channel: 'cc:incidents:query', payload: {} }))));
    raw.socket.write(requests);
    await expect.poll(() => lines.some((l) => l.includes('does not read')), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => host.socketCount, { timeout: 5_000 }).toBe(before - 1);
    raw.socket.destroy();
    
    await secondClientIsServed();
  });
});
