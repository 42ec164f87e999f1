import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeDisplay, encodeDisplay, RecordingChunkSchema, roomNumber, type ConferenceState } from '@shared/conference';
import { contentSecurityPolicy } from '@shared/security';
import { OperationError } from '@shared/dispatch';
import { readConferenceConfig } from '../../../src-main/conference/conference-config';
import { ConferenceService } from '../../../src-main/conference/conference-service';
import { finishedRecordings, sessionRecordingsDir } from '../../../src-main/conference/session-recordings';
import { buildArchive, readArchive } from '../../../src-main/consultation/archive';

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

const statBytes = (d: string, f: string): number => readFileSync(join(d, f)).length;

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

async function service(
  extra: Record<string, unknown> = {},
  now = () => 1_000_000,
  recordingRefused?: (id: string) => string | null,
): Promise<{ svc: ConferenceService; events: ConferenceState[] }> {
  writeFileSync(join(dir, 'conference.json'), JSON.stringify({ server: janus.url, adminKey: 'the-admin-key', roomPrefix: 'loudi', ...extra }));
  const events: ConferenceState[] = [];
  const svc = new ConferenceService({ dataDir: dir, changed: (s) => events.push(s), hasCamera: (id) => id === 'cam-1', now, recordingRefused });
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
    expect(create).toMatchObject({ room: grant.room, pin: grant.pin, is_private: true, audiolevel_event: true, videocodec: 'h264' });
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
    expect(svc.state('drill-4').recordings.filter((r) => r.kind === 'mjr').map((r) => r.file)).toEqual([`videoroom-${grant.room}-user-1-1700000000-video-0.mjr`]);
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

/** A WebM-looking chunk: the EBML magic first when it opens the file. */
const webm = (n: number, first = false): string => {
  const b = Buffer.alloc(n, 7);
  if (first) Buffer.from([0x1a, 0x45, 0xdf, 0xa3]).copy(b);
  return b.toString('base64');
};

describe('the console recording of a conference', () => {
  it('writes the uploaded chunks under the session, finishes them as WebM and lists them for everyone', async () => {
    const { svc, events } = await service();
    await svc.join('sess-1');
    const started = await svc.setRecording('sess-1', true);
    expect(started).toMatchObject({ recording: true, recordingId: expect.stringMatching(/^rec-\d{8}T\d{6}Z-[0-9a-z]{6}$/) });
    const rid = started.recordingId!;
    expect(svc.appendRecording('sess-1', rid, 0, webm(1000, true))).toEqual({ bytes: 1000 });
    expect(svc.appendRecording('sess-1', rid, 1, webm(500))).toEqual({ bytes: 1500 });
    expect(svc.state('sess-1').recordings).toEqual([expect.objectContaining({ file: `${rid}.webm`, kind: 'webm', bytes: 1500, active: true })]);
    // Janus is not asked to record without recordDir.
    expect(janus.requests.some((r) => r.request === 'enable_recording')).toBe(false);
    const stopped = await svc.setRecording('sess-1', false);
    expect(stopped).toMatchObject({ recording: false, recordingId: null });
    expect(stopped.recordings).toEqual([expect.objectContaining({ file: `${rid}.webm`, bytes: 1500, active: false })]);
    expect(events.map((e) => e.recording)).toEqual([true, false]);
    // A long recording tells everyone how far it has got, every five chunks.
    const again = (await svc.setRecording('sess-1', true)).recordingId!;
    for (let i = 0; i < 5; i++) svc.appendRecording('sess-1', again, i, webm(100, i === 0));
    expect(events.at(-1)!.recordings.find((r) => r.active)).toMatchObject({ bytes: 500 });
    await svc.setRecording('sess-1', false);
    const file = readFileSync(join(sessionRecordingsDir(dir, 'sess-1'), `${rid}.webm`));
    expect([...file.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    expect(finishedRecordings(dir, 'sess-1').map((r) => r.name)).toEqual([`${rid}.webm`, `${again}.webm`].sort());
  });

  it('refuses chunks out of order, not WebM, too large or for another recording, and keeps what was stored', async () => {
    const { svc } = await service({ maxRecordingMb: 1 });
    await svc.join('sess-2');
    const rid = (await svc.setRecording('sess-2', true)).recordingId!;
    expect(() => svc.appendRecording('sess-2', rid, 0, Buffer.from('<html>not a video</html>').toString('base64'))).toThrow(/must be WebM/);
    svc.appendRecording('sess-2', rid, 0, webm(600_000, true));
    expect(() => svc.appendRecording('sess-2', rid, 2, webm(10))).toThrow(/chunk 2 out of order: expected 1/);
    expect(() => svc.appendRecording('sess-2', rid, 0, webm(10, true))).toThrow(/out of order/);
    expect(() => svc.appendRecording('sess-2', 'rec-20260101T000000Z-aaaaaa', 1, webm(10))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => svc.appendRecording('other', rid, 1, webm(10))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => svc.appendRecording('sess-2', rid, 1, webm(600_000))).toThrow(/limit of 1 MiB/);
    // Every refusal left the file as it was; the next chunk in order still goes on.
    expect(svc.appendRecording('sess-2', rid, 1, webm(100))).toEqual({ bytes: 600_100 });
    await svc.setRecording('sess-2', false);
    expect(statBytes(sessionRecordingsDir(dir, 'sess-2'), `${rid}.webm`)).toBe(600_100);
    // The contract refuses what is not base64, too large, or a recording id that could be a path.
    const chunk = { id: 'sess-2', recordingId: rid, seq: 1, base64: webm(10) };
    expect(RecordingChunkSchema.safeParse(chunk).success).toBe(true);
    expect(RecordingChunkSchema.safeParse({ ...chunk, base64: 'a b!' }).success).toBe(false);
    expect(RecordingChunkSchema.safeParse({ ...chunk, base64: 'A'.repeat(3 * 1024 * 1024) }).success).toBe(false);
    expect(RecordingChunkSchema.safeParse({ ...chunk, recordingId: '../../secrets' }).success).toBe(false);
    expect(RecordingChunkSchema.safeParse({ ...chunk, id: '../x' }).success).toBe(false);
    expect(RecordingChunkSchema.safeParse({ ...chunk, seq: -1 }).success).toBe(false);
  });

  it('only the session\'s host starts or stops recording it', async () => {
    const { svc } = await service({}, () => 1_000_000, (id) => (id === 'theirs' ? 'only the session\'s host (王主任) starts or stops its recording' : null));
    await svc.join('theirs');
    await expect(svc.setRecording('theirs', true)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/王主任/) });
    expect(svc.state('theirs')).toMatchObject({ recording: false, recordings: [] });
    expect(existsSync(sessionRecordingsDir(dir, 'theirs'))).toBe(false);
    // A conference nobody has joined on this host has nothing to record.
    await expect(svc.setRecording('nobody', true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps a recording cut off by a stopped host: finished as far as it went', async () => {
    const { svc } = await service();
    await svc.join('sess-3');
    const rid = (await svc.setRecording('sess-3', true)).recordingId!;
    svc.appendRecording('sess-3', rid, 0, webm(300, true));
    svc.stop();
    const { svc: restarted } = await service();
    expect(restarted.state('sess-3').recordings).toEqual([expect.objectContaining({ file: `${rid}.webm`, bytes: 300, active: false })]);
    // A .part left by a crash (no stop at all) is finished when listed.
    writeFileSync(join(sessionRecordingsDir(dir, 'sess-3'), 'rec-20260101T000000Z-abcdef.webm.part'), Buffer.from(webm(50, true), 'base64'));
    expect(restarted.state('sess-3').recordings.map((r) => r.file)).toEqual([`${rid}.webm`, 'rec-20260101T000000Z-abcdef.webm']);
    expect(readdirSync(sessionRecordingsDir(dir, 'sess-3')).some((f) => f.endsWith('.part'))).toBe(false);
  });

  it('goes into the session archive, listed in the manifest with its SHA-256', () => {
    const bytes = new Uint8Array(Buffer.from(webm(4096, true), 'base64'));
    const summary = { id: 's1', title: '演练', host: '值班员', startedAt: 1, endedAt: 2, pinned: [], decisions: [], annotations: { type: 'FeatureCollection' as const, features: [] } };
    const zip = buildArchive(summary, undefined, Date.UTC(2026, 11, 1), [{ name: 'recordings/rec-20260101T000000Z-abcdef.webm', bytes }]);
    const opened = readArchive(zip);
    const entry = opened.manifest.files.find((f) => f.name === 'recordings/rec-20260101T000000Z-abcdef.webm');
    expect(entry).toMatchObject({ bytes: 4096, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(opened.files.every((f) => f.ok)).toBe(true);
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
