import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import { addAnnotation, appendDecision, endSession, initSession, pin, readAnnotations, type Annotation, type SessionMeta } from '@shared/consultation/doc';
import { ConsultationSummarySchema } from '@shared/consultation/summary';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { CaseService } from '../../../src-main/cases/case-service';
import { ConsultationService } from '../../../src-main/consultation/consultation-service';
import { T0, incident } from '../store/fixtures';

let dir: string;
let db: Db;
let store: IncidentStore;
let cases: CaseService;
let service: ConsultationService;
let settings: Settings;
const providers: { provider: HocuspocusProvider; socket: HocuspocusProviderWebsocket }[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-consult-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  settings = { ...DEFAULT_SETTINGS, operatorName: '王局长', caseRole: 'leader' };
  cases = new CaseService({ db, incidents: store, settings: () => settings, changed: () => {}, escalated: () => {}, outboxChanged: () => {}, now: () => T0 + 60_000 });
  service = new ConsultationService({ db, dataDir: dir, cases, settings: () => settings, now: () => T0 + 120_000 });
  await service.listenLoopback();
  store.upsertMany([{ incident: incident(1), raw: null }]);
});
afterEach(async () => {
  for (const p of providers.splice(0)) {
    p.provider.destroy();
    p.socket.destroy();
  }
  await service.stop();
  cases.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A participant's document, synced with the embedded server through its loopback port. */
async function participant(id: string, token?: string): Promise<{ doc: Y.Doc; provider: HocuspocusProvider }> {
  const ep = await service.handlers.collabEndpoint({ id });
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: ep.url!, WebSocketPolyfill: WebSocket, maxAttempts: 1 });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: ep.documentName, document: doc, token: token ?? ep.token });
  provider.attach();
  providers.push({ provider, socket });
  await new Promise<void>((resolve, reject) => {
    provider.on('synced', () => resolve());
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => reject(new Error(reason)));
  });
  return { doc, provider };
}

const meta = (id: string): SessionMeta => ({
  id,
  title: '城区内涝会商',
  host: '王局长',
  startedAt: T0,
  endedAt: null,
  origin: { kind: 'incident', id: 'test:1' },
  presenter: '王局长@A',
  presenterName: '王局长',
});

/** A handler's outcome as a promise, whether it throws at once or rejects. */
const later = <T>(fn: () => T): Promise<Awaited<T>> => Promise.resolve().then(fn) as Promise<Awaited<T>>;

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('consultations', () => {
  it('shares a session between participants and summarizes it for the briefing', async () => {
    const info = await service.handlers.startConsultation({ title: '城区内涝会商', origin: { kind: 'incident', id: 'test:1' } });
    expect(info).toMatchObject({ host: '王局长', readOnly: false, endedAt: null });
    const a = await participant(info.id);
    const b = await participant(info.id);
    initSession(a.doc, meta(info.id));
    pin(a.doc, { kind: 'incident', id: 'test:1', note: '先排水' });
    addAnnotation(b.doc, { id: 'n1', kind: 'arrow', geometry: { type: 'LineString', coordinates: [[112, 27.7], [112.01, 27.71]] }, color: '#ff4d4f', text: null, author: '李', at: T0 });
    await until(() => readAnnotations(a.doc).length === 1);
    const summary = await service.summary(info.id);
    expect(ConsultationSummarySchema.parse(summary)).toMatchObject({ title: '城区内涝会商', pinned: [{ kind: 'incident', id: 'test:1', note: '先排水' }] });
    expect(summary.annotations.features[0]).toMatchObject({ geometry: { type: 'LineString' }, properties: { kind: 'arrow', author: '李' } });
  });

  it('keeps the document in SQLite: a new service on the same database serves what was drawn', async () => {
    const info = await service.handlers.startConsultation({ title: 'x', origin: { kind: 'empty', id: null } });
    const a = await participant(info.id);
    initSession(a.doc, meta(info.id));
    addAnnotation(a.doc, { id: 'p', kind: 'point', geometry: { type: 'Point', coordinates: [112, 27.7] }, color: '#ffffff', text: null, author: '王', at: T0 });
    await until(() => (service.engine?.documents.get(`consultation:${info.id}`)?.getMap('annotations').size ?? 0) === 1);
    await service.stop();
    const again = new ConsultationService({ db, dataDir: dir, cases, settings: () => settings });
    expect((await again.summary(info.id)).annotations.features).toHaveLength(1);
  });

  it('merges edits made offline when the participant reconnects', async () => {
    const info = await service.handlers.startConsultation({ title: 'x', origin: { kind: 'empty', id: null } });
    const a = await participant(info.id);
    const b = await participant(info.id);
    initSession(a.doc, meta(info.id));
    b.provider.configuration.websocketProvider.disconnect();
    const point = (id: string, author: string): Annotation => ({ id, kind: 'point', geometry: { type: 'Point', coordinates: [112, 27.7] }, color: '#ffffff', text: null, author, at: T0 });
    addAnnotation(b.doc, point('offline', '李'));
    appendDecision(b.doc, { id: 'd-off', at: T0, by: '李', text: '离线决定', unit: null, deadline: null, caseId: null, incidentId: null });
    addAnnotation(a.doc, point('online', '王'));
    await until(() => (service.engine?.documents.get(`consultation:${info.id}`)?.getMap('annotations').size ?? 0) === 1);
    expect(readAnnotations(a.doc).map((x) => x.id)).toEqual(['online']);
    await b.provider.configuration.websocketProvider.connect();
    await until(() => readAnnotations(a.doc).length === 2 && readAnnotations(b.doc).length === 2);
    expect((await service.summary(info.id)).decisions.map((d) => d.text)).toEqual(['离线决定']);
  });

  it('refuses a token of another session and a revoked one', async () => {
    const one = await service.handlers.startConsultation({ title: 'one', origin: { kind: 'empty', id: null } });
    const two = await service.handlers.startConsultation({ title: 'two', origin: { kind: 'empty', id: null } });
    const { token } = await service.handlers.inviteParticipant({ id: one.id, label: '市长笔记本' });
    await expect(participant(two.id, token)).rejects.toThrow();
    await participant(one.id, token);
    expect(await service.handlers.revokeParticipant({ id: one.id, label: '市长笔记本' })).toEqual({ revoked: 1 });
    await expect(participant(one.id, token)).rejects.toThrow();
  });

  it('records a decision on a pinned case and opens a new case from another, each in its history', async () => {
    const info = await service.handlers.startConsultation({ title: '会商', origin: { kind: 'empty', id: null } });
    expect(await service.handlers.logDecision({ sessionId: info.id, text: '派排水队', unit: '市排水公司', deadline: T0 + 3_600_000, incidentId: 'test:1', createAt: null })).toEqual({
      caseId: 'test:1',
    });
    const history = (await cases.handlers.getCase({ id: 'test:1' })).history;
    expect(history.at(-1)).toMatchObject({ action: 'consultationDecision', actor: '王局长', unit: '市排水公司', from: 'reported', to: 'reported' });
    expect(history.at(-1)?.note).toContain('派排水队');
    const created = await service.handlers.logDecision({ sessionId: info.id, text: '设置临时避险点', unit: null, deadline: null, incidentId: null, createAt: { lon: 112.0, lat: 27.73 } });
    const opened = await cases.handlers.getCase({ id: created.caseId! });
    expect(opened.incident).toMatchObject({ source: 'consultation', title: '设置临时避险点', status: 'reported' });
    expect(opened.history[0]).toMatchObject({ action: 'consultationDecision', from: null, to: 'reported' });
    await expect(later(() => service.handlers.logDecision({ sessionId: info.id, text: 'x', unit: null, deadline: null, incidentId: 'test:none', createAt: null }))).rejects.toThrow(/no incident/);
  });

  it('archives an ended session as a checksummed zip that opens read-only, and refuses a tampered one', async () => {
    const info = await service.handlers.startConsultation({ title: '内涝, "会商"', origin: { kind: 'empty', id: null } });
    const a = await participant(info.id);
    initSession(a.doc, meta(info.id));
    appendDecision(a.doc, { id: 'd1', at: T0, by: '王局长', text: '=转移群众', unit: '娄星区', deadline: null, caseId: null, incidentId: null });
    await expect(service.handlers.exportConsultation({ id: info.id })).rejects.toThrow(/end the session/);
    endSession(a.doc, T0 + 7_200_000);
    await until(() => service.engine?.documents.get(`consultation:${info.id}`)?.getMap('meta').get('endedAt') != null);
    const zip = await service.handlers.exportConsultation({ id: info.id });
    expect(zip).toMatchObject({ fileName: `consultation-${info.id}.zip`, download: expect.stringMatching(/^\/cc-download\/[\w-]{43}$/) });
    // The reply carries a one-time download, not the zip: the file waits in the data directory.
    const pending = service.downloads.take(zip.download)!;
    const bytes = new Uint8Array(readFileSync(pending.path));
    expect(bytes.length).toBe(zip.bytes);
    pending.done();
    expect(existsSync(pending.path)).toBe(false);
    expect(service.downloads.take(zip.download)).toBeNull();
    const base64 = Buffer.from(bytes).toString('base64');
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['annotations.geojson', 'decisions.csv', 'decisions.json', 'manifest.json', 'summary.json']);
    const csv = strFromU8(files['decisions.csv']!);
    expect(csv).toContain("'=转移群众");
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { files: { name: string; sha256: string }[] };
    expect(manifest.files.find((f) => f.name === 'decisions.csv')?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const other = new ConsultationService({ db: openDatabase(mkdtempSync(join(tmpdir(), 'cc-consult-b-'))), dataDir: dir, cases, settings: () => settings });
    const opened = await other.handlers.openConsultationArchive({ base64 });
    expect(opened.info).toMatchObject({ id: info.id, readOnly: true, endedAt: T0 + 7_200_000 });
    expect(opened.summary.decisions[0]?.text).toBe('=转移群众');
    expect((await other.summary(info.id)).decisions).toHaveLength(1);

    files['decisions.json'] = strToU8('[]');
    const tampered = Buffer.from(zipSync(files)).toString('base64');
    await expect(later(() => other.handlers.openConsultationArchive({ base64: tampered }))).rejects.toThrow(/checksum/);
    await expect(later(() => other.handlers.openConsultationArchive({ base64: Buffer.from('not a zip').toString('base64') }))).rejects.toThrow(/zip/);
  });
});
