import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeDisplay, encodeDisplay, roomNumber, type ConferenceState } from '@shared/conference';
import { contentSecurityPolicy } from '@shared/security';
import { OperationError } from '@shared/dispatch';
import { readConferenceConfig } from '../../../src-main/conference/conference-config';
import { ConferenceService } from '../../../src-main/conference/conference-service';

/** A stand-in for Janus's WebSocket API: sessions, a VideoRoom handle, and the room requests the host makes. */
class FakeJanus {
  readonly server: WebSocketServer;
  readonly requests: Record<string, unknown>[] = [];
  readonly rooms = new Map<number, { pin: string; secret: string; record: boolean }>();
  constructor() {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has('janus-protocol') ? 'janus-protocol' : false) });
    this.server.on('connection', (ws: WebSocket) => ws.on('message', (raw) => this.answer(ws, JSON.parse(raw.toString()) as Record<string, unknown>)));
  }
  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }
  private answer(ws: WebSocket, m: Record<string, unknown>): void {
    const reply = (r: Record<string, unknown>) => ws.send(JSON.stringify({ ...r, transaction: m.transaction }));
    if (m.janus === 'create') return reply({ janus: 'success', data: { id: 11 } });
    if (m.janus === 'attach') return reply({ janus: 'success', data: { id: 22 } });
    if (m.janus === 'keepalive') return reply({ janus: 'ack' });
    const body = m.body as Record<string, unknown>;
    this.requests.push(body);
    const data = (d: Record<string, unknown>) => reply({ janus: 'success', plugindata: { plugin: 'janus.plugin.videoroom', data: d } });
    const room = this.rooms.get(body.room as number);
    switch (body.request) {
      case 'create':
        if (body.admin_key !== 'the-admin-key') return data({ videoroom: 'event', error_code: 403, error: 'Unauthorized (wrong admin_key)' });
        if (room) return data({ videoroom: 'event', error_code: 427, error: 'Room already exists' });
        this.rooms.set(body.room as number, { pin: body.pin as string, secret: body.secret as string, record: false });
        return data({ videoroom: 'created', room: body.room });
      case 'edit':
        if (!room || room.secret !== body.secret) return data({ videoroom: 'event', error_code: 433, error: 'Unauthorized (wrong secret)' });
        room.pin = body.new_pin as string;
        return data({ videoroom: 'edited', room: body.room });
      case 'enable_recording':
        if (!room || room.secret !== body.secret) return data({ videoroom: 'event', error_code: 433, error: 'Unauthorized (wrong secret)' });
        room.record = body.record as boolean;
        return data({ videoroom: 'success', record: body.record });
    }
    return data({ videoroom: 'event', error_code: 499, error: 'unexpected' });
  }
  close(): Promise<void> {
    for (const c of this.server.clients) c.terminate();
    return new Promise((r) => this.server.close(() => r()));
  }
}

let dir: string;
let janus: FakeJanus;
const services: ConferenceService[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-conf-'));
  janus = new FakeJanus();
  await new Promise((r) => janus.server.once('listening', r));
});
afterEach(async () => {
  for (const s of services.splice(0)) s.stop();
  await janus.close();
  rmSync(dir, { recursive: true, force: true });
});

async function service(extra: Record<string, unknown> = {}, now = () => 1_000_000): Promise<{ svc: ConferenceService; events: ConferenceState[] }> {
  writeFileSync(join(dir, 'conference.json'), JSON.stringify({ server: janus.url, adminKey: 'the-admin-key', roomPrefix: 'loudi', ...extra }));
  const events: ConferenceState[] = [];
  const svc = new ConferenceService({ dataDir: dir, changed: (s) => events.push(s), hasCamera: (id) => id === 'cam-1', now });
  services.push(svc);
  await svc.start();
  return { svc, events };
}

describe('conference.json', () => {
  it('is optional, and a mistake names the field', () => {
    expect(readConferenceConfig(dir)).toBeUndefined();
    writeFileSync(join(dir, 'conference.json'), JSON.stringify({ server: 'http://janus:8088', adminKey: 'k' }));
    expect(() => readConferenceConfig(dir)).toThrow(/conference.json: server a ws:\/\/ or wss:\/\/ URL/);
    writeFileSync(join(dir, 'conference.json'), '{ not json');
    expect(() => readConferenceConfig(dir)).toThrow(/not valid JSON/);
  });
});

describe('ConferenceService', () => {
  it('without conference.json says conferences are not configured', async () => {
    const svc = new ConferenceService({ dataDir: dir, changed: () => {}, hasCamera: () => true });
    await svc.start();
    await expect(svc.join('drill')).rejects.toThrow(OperationError);
    await expect(svc.join('drill')).rejects.toThrow(/conference.json/);
    expect(svc.connectOrigins()).toEqual([]);
  });

  it('creates a private, pin-protected room with talking events and grants its pin, never the admin key', async () => {
    const { svc } = await service();
    const grant = await svc.join('drill-1');
    expect(grant.room).toBe(roomNumber('loudi', 'drill-1'));
    expect(grant.server).toBe(janus.url);
    expect(JSON.stringify(grant)).not.toContain('the-admin-key');
    const create = janus.requests.find((r) => r.request === 'create')!;
    expect(create).toMatchObject({ room: grant.room, pin: grant.pin, is_private: true, audiolevel_event: true, videocodec: 'vp8' });
    expect(JSON.stringify(grant)).not.toContain(String(create.secret));
    // A second participant within the pin's life gets the same grant without asking Janus again.
    const again = await svc.join('drill-1');
    expect(again.pin).toBe(grant.pin);
    expect(janus.requests.filter((r) => r.request === 'create')).toHaveLength(1);
  });

  it('rotates the pin when it expires, and takes over a room an earlier run made', async () => {
    let now = 1_000_000;
    const { svc } = await service({ pinMinutes: 1 }, () => now);
    const first = await svc.join('drill-2');
    now += 61_000;
    const second = await svc.join('drill-2');
    expect(second.pin).not.toBe(first.pin);
    expect(janus.rooms.get(second.room)!.pin).toBe(second.pin);
    // A restarted host (fresh service) edits the existing room with the secret it derives again.
    const { svc: restarted } = await service();
    const third = await restarted.join('drill-2');
    expect(janus.rooms.get(third.room)!.pin).toBe(third.pin);
  });

  it('a wrong admin key is a clear UNAVAILABLE error', async () => {
    const { svc } = await service({ adminKey: 'wrong' });
    await expect(svc.join('drill-3')).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/wrong admin_key/) });
  });

  it('records on Janus and lists the room\'s recordings from its folder', async () => {
    const recordDir = join(dir, 'rec');
    mkdirSync(recordDir);
    const { svc, events } = await service({ recordDir });
    const grant = await svc.join('drill-4');
    const state = await svc.setRecording('drill-4', true);
    expect(state.recording).toBe(true);
    expect(janus.rooms.get(grant.room)!.record).toBe(true);
    expect(janus.requests.find((r) => r.request === 'create')).toMatchObject({ rec_dir: recordDir });
    writeFileSync(join(recordDir, `videoroom-${grant.room}-user-1-1700000000-video-0.mjr`), 'x'.repeat(2048));
    writeFileSync(join(recordDir, 'videoroom-99-user-1-1700000000-video-0.mjr'), 'other room');
    expect(svc.state('drill-4').recordings.map((r) => r.file)).toEqual([`videoroom-${grant.room}-user-1-1700000000-video-0.mjr`]);
    expect(events.at(-1)?.recording).toBe(true);
  });

  it('shares field cameras of the catalog with every window, refusing unknown ones', async () => {
    const { svc, events } = await service();
    await svc.join('drill-5');
    expect(svc.addCamera('drill-5', 'cam-1').cameras).toEqual(['cam-1']);
    expect(svc.addCamera('drill-5', 'cam-1').cameras).toEqual(['cam-1']);
    expect(() => svc.addCamera('drill-5', 'nope')).toThrow(/no camera nope/);
    expect(svc.removeCamera('drill-5', 'cam-1').cameras).toEqual([]);
    expect(events.map((e) => e.cameras.length)).toEqual([1, 1, 0]);
  });

  it('adds only the Janus origin to the CSP connect-src', async () => {
    const { svc } = await service();
    const csp = contentSecurityPolicy([], svc.connectOrigins());
    expect(csp).toMatch(new RegExp(`connect-src 'self' [^;]*${janus.url.replace(/[.:/]/g, '\\$&')}(;|$)`));
    expect(contentSecurityPolicy([], ['ws://x; script-src *'])).not.toContain('script-src *');
    expect(contentSecurityPolicy([], ['https://not-a-socket'])).not.toContain('not-a-socket');
  });
});

describe('participant display', () => {
  it('carries mute, camera off and screen share to the others, and reads plain names', () => {
    const d = { name: '前方指挥车', muted: true, cameraOff: false, screen: true };
    expect(decodeDisplay(encodeDisplay(d))).toEqual(d);
    expect(decodeDisplay('Alice')).toEqual({ name: 'Alice', muted: false, cameraOff: false, screen: false });
    expect(decodeDisplay(undefined).name).toBe('');
  });

  it('numbers rooms stably per prefix and id', () => {
    expect(roomNumber('loudi', 'a')).toBe(roomNumber('loudi', 'a'));
    expect(roomNumber('loudi', 'a')).not.toBe(roomNumber('other', 'a'));
    expect(roomNumber('loudi', 'a')).toBeGreaterThan(0);
    expect(roomNumber('loudi', 'a')).toBeLessThan(2 ** 31);
  });
});
