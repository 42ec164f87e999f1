import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPERATION_CHANNELS } from '@shared/channels';
import { DEFAULT_SETTINGS, type OperationHandlers, type PayloadOf, type ResponseOf, type Settings } from '@shared/contract';
import type { Result } from '@shared/result';
import { dispatch } from '@shared/dispatch';
import type { Incident } from '@shared/domain/incident';
import { CaseService } from '../../../src-main/cases/case-service';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { T0, incident } from '../store/fixtures';

let dir: string;
let db: Db;
let store: IncidentStore;
let cases: CaseService;
let settings: Settings;
let changed: Incident[];
let acknowledged: PayloadOf<'alertAcknowledged'>[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-triage-service-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  changed = [];
  acknowledged = [];
  settings = { ...DEFAULT_SETTINGS, operatorName: '张值班', caseRole: 'duty' };
  cases = new CaseService({
    db,
    incidents: store,
    settings: () => settings,
    changed: (c) => changed.push(...c),
    escalated: () => {},
    outboxChanged: () => {},
    acknowledged: (e) => acknowledged.push(e),
    now: () => T0 + 60_000,
  });
  store.upsertMany([1, 2, 3].map((n) => ({ incident: incident(n), raw: {} })));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A request as a host would pass it: validated by the contract, answered with a Result. */
const call = <K extends 'triageBatch' | 'mergeCases' | 'triageQueue' | 'acknowledgeAlert'>(name: K, request: unknown) =>
  dispatch(cases.handlers as OperationHandlers, OPERATION_CHANNELS[name], request) as Promise<Result<ResponseOf<K>>>;

describe('triage through the contract', () => {
  it('accepts a batch one case at a time: the refused one is named with its reason, the others are registered and pushed', async () => {
    cases.handlers.caseAction({ id: 'test:3', action: 'acknowledge' });
    changed.length = 0;
    const r = await call('triageBatch', { ids: ['test:1', 'test:2', 'test:3'], action: 'acknowledge' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.done.map((i) => [i.id, i.status])).toEqual([
      ['test:1', 'registered'],
      ['test:2', 'registered'],
    ]);
    expect(r.value.refused).toEqual([{ id: 'test:3', code: 'WRONG_STATUS', message: expect.stringContaining('registered') }]);
    expect(changed.map((i) => i.id)).toEqual(['test:1', 'test:2']);
    expect(cases.cases.history('test:1').at(-1)).toMatchObject({ action: 'acknowledge', actor: '张值班' });
    const q = await call('triageQueue', { tab: 'dispatch' });
    expect(q.ok && q.value.counts).toEqual({ register: 0, dispatch: 3, rework: 0, overdue: 0 });
  });

  it('refuses a dispatch batch without a unit, and a role that may not dispatch, before changing anything', async () => {
    const r = await call('triageBatch', { ids: ['test:1'], action: 'dispatch' });
    expect(r.ok).toBe(false);
    settings = { ...settings, caseRole: 'analyst' };
    const s = await call('triageBatch', { ids: ['test:1'], action: 'acknowledge' });
    expect(s.ok && s.value.refused.map((x) => x.code)).toEqual(['ROLE']);
    expect(store.get('test:1')!.status).toBe('reported');
  });

  it('merges duplicates and reports a refused merge as a bad request', async () => {
    const r = await call('mergeCases', { keepId: 'test:1', duplicateIds: ['test:2'] });
    expect(r.ok && r.value.merged.map((i) => i.status)).toEqual(['duplicate']);
    const again = await call('mergeCases', { keepId: 'test:1', duplicateIds: ['test:2'] });
    expect(!again.ok && again.error.code).toBe('BAD_REQUEST');
    const unknown = await call('mergeCases', { keepId: 'nope', duplicateIds: ['test:3'] });
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
  });

  it('pushes an alert acknowledgement for the other screens', async () => {
    const r = await call('acknowledgeAlert', { incidentId: 'test:1' });
    expect(r.ok).toBe(true);
    expect(acknowledged).toEqual([expect.objectContaining({ incidentId: 'test:1', action: 'alertAck', actor: '张值班' })]);
  });
});
