import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operations } from '@shared/contract';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { CaseActionRefused, CaseStore } from '../../../src-main/store/case-store';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { T0, incident } from './fixtures';

let dir: string;
let db: Db;
let store: IncidentStore;
let cases: CaseStore;
const duty = { name: '张值班', role: 'duty' as const };
const MIN = 60_000;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-triage-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  cases = new CaseStore(db, store);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the triage queue', () => {
  it('puts each case in its tab: to register, to dispatch, returned for rework, overdue', () => {
    store.upsertMany([1, 2, 3, 4, 5].map((n) => ({ incident: incident(n), raw: {} })));
    const t = T0 + MIN;
    cases.act({ id: 'test:2', action: 'acknowledge' }, duty, t, false);
    // 3: registered, dispatched, handled, reported back, the check fails: rework.
    cases.act({ id: 'test:3', action: 'acknowledge' }, duty, t, false);
    cases.act({ id: 'test:3', action: 'dispatch', unit: '乐坪街道办' }, duty, t, false);
    cases.act({ id: 'test:3', action: 'startHandling' }, duty, t, false);
    cases.act({ id: 'test:3', action: 'feedback', note: '已处理' }, duty, t, false);
    cases.act({ id: 'test:3', action: 'returnForRework', note: '未清理干净' }, duty, t, false);
    // A comment afterwards does not take it out of rework.
    cases.act({ id: 'test:3', action: 'comment', note: '催办' }, duty, t, false);
    // 4: handled after a dispatch (not a rework).
    cases.act({ id: 'test:4', action: 'acknowledge' }, duty, t, false);
    cases.act({ id: 'test:4', action: 'dispatch', unit: '乐坪街道办' }, duty, t, false);
    cases.act({ id: 'test:4', action: 'startHandling' }, duty, t, false);

    const q = (tab: 'register' | 'dispatch' | 'rework' | 'overdue', now = t) => cases.triage(tab, now, 100);
    expect(q('register').items.map((i) => i.id)).toEqual(['test:1', 'test:5']);
    expect(q('dispatch').items.map((i) => i.id)).toEqual(['test:2']);
    expect(q('rework').items.map((i) => i.id)).toEqual(['test:3']);
    expect(q('register').counts).toEqual({ register: 2, dispatch: 1, rework: 1, overdue: 0 });
    // A month later everything open is past its limit, most overdue first.
    const later = q('overdue', t + 30 * 24 * 60 * MIN);
    expect(later.total).toBe(5);
    expect(later.items.map((i) => i.dueAt)).toEqual([...later.items.map((i) => i.dueAt)].sort((a, b) => a! - b!));
  });

  it('merges duplicates: closed as duplicates through the case flow, the link in both histories and stored', () => {
    store.upsertMany([1, 2, 3].map((n) => ({ incident: incident(n), raw: {} })));
    const now = T0 + 10 * MIN;
    const { kept, merged } = cases.merge('test:1', ['test:2', 'test:3'], duty, now, () => false);
    expect(merged.map((i) => i.status)).toEqual(['duplicate', 'duplicate']);
    expect(kept.status).toBe('reported');
    expect(cases.history('test:2').at(-1)).toMatchObject({ action: 'markDuplicate', from: 'reported', to: 'duplicate', actor: '张值班', note: expect.stringContaining('test:1') });
    const keptEntry = cases.history('test:1').at(-1)!;
    expect(keptEntry).toMatchObject({ action: 'merge', from: 'reported', to: 'reported', at: now });
    expect(keptEntry.note).toContain('test:2');
    expect(keptEntry.note).toContain('test:3');
    expect(db.prepare('SELECT incident_id, canonical_id FROM incident_links ORDER BY incident_id').all()).toEqual([
      { incident_id: 'test:2', canonical_id: 'test:1' },
      { incident_id: 'test:3', canonical_id: 'test:1' },
    ]);
    // Each duplicate's action is in the outbox like any other action.
    expect(cases.triage('register', now, 10).counts.register).toBe(1);
  });

  it('refuses a merge as a whole when one duplicate may not be marked, and changes nothing', () => {
    store.upsertMany([1, 2, 3].map((n) => ({ incident: incident(n), raw: {} })));
    cases.act({ id: 'test:3', action: 'acknowledge' }, duty, T0, false);
    cases.act({ id: 'test:3', action: 'dispatch', unit: '乐坪街道办' }, duty, T0, false);
    expect(() => cases.merge('test:1', ['test:2', 'test:3'], duty, T0 + MIN, () => false)).toThrow(CaseActionRefused);
    expect(store.get('test:2')!.status).toBe('reported');
    expect(cases.history('test:1')).toHaveLength(0);
    expect(db.prepare('SELECT count(*) FROM incident_links').pluck().get()).toBe(0);
    expect(() => cases.merge('nope', ['test:2'], duty, T0, () => false)).toThrow(/no incident nope/);
  });

  it('validates batch and merge requests at the contract', () => {
    expect(operations.triageBatch.request.safeParse({ ids: ['a'], action: 'dispatch' }).success).toBe(false);
    expect(operations.triageBatch.request.safeParse({ ids: ['a', 'a'], action: 'acknowledge' }).success).toBe(false);
    expect(operations.triageBatch.request.safeParse({ ids: [], action: 'acknowledge' }).success).toBe(false);
    expect(operations.triageBatch.request.safeParse({ ids: ['a'], action: 'verifyClose' }).success).toBe(false);
    expect(operations.triageBatch.request.safeParse({ ids: ['a', 'b'], action: 'dispatch', unit: '城管局' }).success).toBe(true);
    expect(operations.mergeCases.request.safeParse({ keepId: 'a', duplicateIds: ['a'] }).success).toBe(false);
    expect(operations.mergeCases.request.safeParse({ keepId: 'a', duplicateIds: ['b'] }).success).toBe(true);
    expect(operations.triageQueue.request.safeParse({ tab: 'later' }).success).toBe(false);
  });
});
