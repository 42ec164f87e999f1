import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import type { Status } from '@shared/domain/incident';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { CaseService, simulatorCaseActionsUrl } from '../../../src-main/cases/case-service';
import {
  BackendUnavailable,
  HttpCaseBackend,
  type CaseBackend,
  type CaseBackendAction,
  type CaseBackendReply,
} from '../../../src-main/cases/case-backend';
import { LoudiSimulator } from '../../../src-main/simulator/simulator';
import { normalizeGridEvent } from '../../../src-main/feeds/grid-governance';
import { T0, incident } from '../store/fixtures';

/** A backend that can go down and come back, and whose cases can move on by themselves. */
class FakeBackend implements CaseBackend {
  up = true;
  readonly received: CaseBackendAction[] = [];
  readonly status = new Map<string, Status>();
  readonly keys = new Set<string>();

  async submit(a: CaseBackendAction): Promise<CaseBackendReply> {
    if (!this.up) throw new BackendUnavailable('connection refused');
    this.received.push(a);
    const current = this.status.get(a.sourceId) ?? 'reported';
    if (this.keys.has(a.key)) return { kind: 'accepted', status: current };
    if (a.action !== 'comment' && current !== a.expectedStatus) return { kind: 'conflict', status: current };
    this.keys.add(a.key);
    this.status.set(a.sourceId, a.toStatus);
    return { kind: 'accepted', status: a.toStatus };
  }
}

let dir: string;
let db: Db;
let store: IncidentStore;
let service: CaseService;
let settings: Settings;
const events: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-outbox-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  settings = { ...DEFAULT_SETTINGS, operatorName: '李值班' };
  events.length = 0;
  service = new CaseService({
    db,
    incidents: store,
    settings: () => settings,
    changed: (i) => events.push(`changed:${i.map((x) => x.status).join(',')}`),
    escalated: (p) => events.push(`escalated:${p.items.length}`),
    outboxChanged: (p) => events.push(`outbox:${p.backend}:${p.pending}:${p.attention.length}`),
    now: () => T0 + 60_000,
  });
  store.upsertMany([1, 2].map((n) => ({ incident: incident(n), raw: null })));
});
afterEach(() => {
  service.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const act = (id: string, action: 'acknowledge' | 'dispatch' | 'comment', extra: { unit?: string; note?: string } = {}) =>
  service.handlers.caseAction({ id, action, ...extra });

describe('offline outbox', () => {
  it('keeps actions durably while the backend is down and replays them in order when it returns', async () => {
    const backend = new FakeBackend();
    backend.up = false;
    service.setBackend('test', backend);
    await act('test:1', 'acknowledge');
    await act('test:2', 'acknowledge');
    await act('test:1', 'dispatch', { unit: '娄星区城管局' });
    await service.outbox.flush();
    expect(service.outbox.status()).toMatchObject({ backend: 'offline', pending: 3 });
    expect(store.get('test:1')!.status).toBe('dispatched'); // the console kept working

    // The console restarts while the backend is still down: nothing is lost.
    service.stop();
    const reopened = new CaseService({
      db,
      incidents: new IncidentStore(db),
      settings: () => settings,
      changed: () => {},
      escalated: () => {},
      outboxChanged: () => {},
    });
    reopened.setBackend('test', backend);
    backend.up = true;
    await reopened.outbox.flush();
    reopened.stop();
    expect(backend.received.map((a) => [a.sourceId, a.action, a.expectedStatus])).toEqual([
      ['1', 'acknowledge', 'reported'],
      ['2', 'acknowledge', 'reported'],
      ['1', 'dispatch', 'registered'],
    ]);
    expect(backend.received.every((a) => a.actor === '李值班' && a.role === 'duty')).toBe(true);
    expect(reopened.outbox.status()).toMatchObject({ backend: 'online', pending: 0, attention: [] });
  });

  it('surfaces a conflict when the backend changed the case meanwhile, holds later actions, and lets the operator decide', async () => {
    const backend = new FakeBackend();
    backend.status.set('1', 'rejected'); // someone at the backend rejected it
    service.setBackend('test', backend);
    backend.up = false;
    await act('test:1', 'acknowledge');
    await act('test:1', 'dispatch', { unit: '乐坪街道办' });
    backend.up = true;
    await service.outbox.flush();
    const status = service.outbox.status();
    expect(status.pending).toBe(1); // the dispatch waits behind the conflict
    expect(status.attention).toHaveLength(1);
    expect(status.attention[0]).toMatchObject({ action: 'acknowledge', state: 'conflict', backendStatus: 'rejected' });
    expect(backend.received).toHaveLength(1);
    expect(store.get('test:1')!.status).toBe('dispatched'); // not overwritten silently either way

    // Retrying an acknowledge on a rejected case is not allowed by the rules…
    expect(() => service.handlers.resolveOutbox({ entryId: status.attention[0]!.id, resolution: 'retry' })).toThrow(/cannot retry/);
    // …so the operator discards it: the backend's status stands, recorded in the history.
    service.handlers.resolveOutbox({ entryId: status.attention[0]!.id, resolution: 'discard' });
    await service.outbox.flush();
    expect(store.get('test:1')!.status).toBe('rejected');
    const detail = await service.handlers.getCase({ id: 'test:1' });
    expect(detail.history.at(-1)).toMatchObject({
      from: 'dispatched',
      to: 'rejected',
      actor: '李值班',
      origin: 'console',
      action: 'adoptBackend',
      note: 'acknowledge',
    });
    // The dispatch behind it was then sent and met the same conflict.
    expect(service.outbox.status().attention[0]).toMatchObject({ action: 'dispatch', state: 'conflict' });
  });

  it('retries a conflicting action on the backend status when the rules allow it', async () => {
    const backend = new FakeBackend();
    backend.status.set('1', 'registered'); // the backend registered it already
    service.setBackend('test', backend);
    backend.up = false;
    await act('test:1', 'acknowledge');
    await act('test:1', 'dispatch', { unit: '乐坪街道办' });
    backend.up = true;
    await service.outbox.flush();
    const [conflict] = service.outbox.status().attention;
    expect(conflict).toMatchObject({ action: 'acknowledge', backendStatus: 'registered' });
    // acknowledge from registered is not allowed: discard; the dispatch then goes through.
    service.handlers.resolveOutbox({ entryId: conflict!.id, resolution: 'discard' });
    await service.outbox.flush();
    expect(backend.status.get('1')).toBe('dispatched');
    expect(service.outbox.status()).toMatchObject({ pending: 0, attention: [] });
  });

  it('records actions on a source without a backend as local', async () => {
    await act('test:1', 'acknowledge');
    expect(service.outbox.status()).toMatchObject({ backend: 'none', pending: 0 });
    expect((await service.handlers.getCase({ id: 'test:1' })).outbox).toEqual([]);
  });

  it('reports refusals by role as FORBIDDEN and by status as BAD_REQUEST', async () => {
    settings = { ...settings, caseRole: 'analyst' };
    await expect(Promise.resolve().then(() => act('test:1', 'acknowledge'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    settings = { ...settings, caseRole: 'duty' };
    await expect(Promise.resolve().then(() => act('test:1', 'dispatch', { unit: 'x' }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('the simulator as the case backend', () => {
  it('accepts an action over HTTP, applies it once, and answers a stale one with a conflict', async () => {
    const sim = new LoudiSimulator({ seed: 7, ratePerMinute: 0, historyHours: 1 });
    const url = await sim.listen('127.0.0.1', 0);
    try {
      const first = sim.messagesSince(0).find((m) => (m.event as { state: string }).state === 'reported')!;
      const ev = normalizeGridEvent('sim.grid', first.event, Date.now());
      if (!ev.ok) throw new Error(ev.reason);
      const sourceId = ev.value.incident.sourceId;
      const current = [...sim.messagesSince(0)].reverse().find((m) => (m.event as { eventId: string }).eventId === sourceId)!;
      const status = (current.event as { state: Status }).state;
      const backend = new HttpCaseBackend(simulatorCaseActionsUrl(url));
      const base = { sourceId, action: 'comment' as const, toStatus: status, unit: null, note: '现场已核实', actor: 'a', role: 'duty' as const, at: 0 };
      expect(await backend.submit({ ...base, key: 'k1', expectedStatus: status })).toEqual({ kind: 'accepted', status });
      const stale = await backend.submit({ ...base, key: 'k2', action: 'cancel', toStatus: 'cancelled', expectedStatus: 'feedback' === status ? 'handling' : 'feedback' });
      expect(stale).toEqual({ kind: 'conflict', status });
      expect(await backend.submit({ ...base, key: 'k3', sourceId: 'no-such-case', expectedStatus: status })).toMatchObject({ kind: 'refused' });
      await sim.close();
      await expect(backend.submit({ ...base, key: 'k4', expectedStatus: status })).rejects.toBeInstanceOf(BackendUnavailable);
    } finally {
      await sim.close();
    }
  });
});
