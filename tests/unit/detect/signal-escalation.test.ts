import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@shared/contract';
import { clusterKey, type Signal } from '@shared/detect/signal';
import { gridInfo } from '@shared/geo/grids';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { CaseService } from '../../../src-main/cases/case-service';
import { SignalService } from '../../../src-main/detect/signal-service';

const NOW = Date.parse('2026-07-20T10:00:00+08:00');
const key = clusterKey('scan', 'gg.neighbour', ['431302-20']);
const signal: Signal = { id: `${key}:2026-07-19`, clusterKey: key, method: 'scan', category: 'gg.neighbour', grids: ['431302-20'], start: '2026-07-19', end: '2026-07-20', observed: 30, expected: 8, recurrenceDays: 1000, pValue: 0.001, alarmDays: ['2026-07-20'] };

let dir: string;
let db: Db;
let store: IncidentStore;
let cases: CaseService;
let signals: SignalService;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-signal-case-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  const settings = { ...DEFAULT_SETTINGS, operatorName: '研判员李四', caseRole: 'analyst' as const };
  cases = new CaseService({ db, incidents: store, settings: () => settings, changed: () => {}, escalated: () => {}, outboxChanged: () => {}, now: () => NOW });
  signals = new SignalService({ db, dataDir: dir, actor: () => settings.operatorName, changed: () => {}, openCase: (s, reason) => cases.openFromSignal(s, reason).id, now: () => NOW });
  signals.store.record([signal], NOW);
});
afterEach(async () => {
  await signals.stop();
  cases.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('escalating a signal into a case', () => {
  it('opens a case through the case flow, linked both ways and recorded', async () => {
    const view = await signals.handlers.escalateSignal({ signalId: signal.id, reason: '拆迁公告后集中反映' });
    expect(view.state).toBe('escalated');
    expect(view.caseId).toBe(`signal:${signal.id}`);
    expect(view.history).toEqual([expect.objectContaining({ action: 'escalate', actor: '研判员李四', reason: '拆迁公告后集中反映' })]);

    const c = store.get(view.caseId!)!;
    expect(c).toMatchObject({ source: 'signal', sourceId: signal.id, category: 'gg.neighbour', status: 'reported', severity: 'orange', gridId: '431302-20' });
    expect([c.lon, c.lat]).toEqual(gridInfo('431302-20')!.center);
    expect(c.title).toContain('邻里纠纷');
    const [opened] = cases.cases.history(c.id);
    expect(opened).toMatchObject({ action: 'openFromSignal', actor: '研判员李四', role: 'analyst', to: 'reported' });
    expect(opened!.note).toContain(signal.id);
    expect(opened!.note).toContain('拆迁公告后集中反映');
  });

  it('escalating again keeps the one case', async () => {
    await signals.handlers.escalateSignal({ signalId: signal.id, reason: '' });
    const again = await signals.handlers.escalateSignal({ signalId: signal.id, reason: '' });
    expect(again.caseId).toBe(`signal:${signal.id}`);
    expect(store.count()).toBe(1);
  });

  it('refuses a dismissed signal and opens no case', async () => {
    await signals.handlers.dismissSignal({ signalId: signal.id, reason: '已知' });
    await expect(Promise.resolve().then(() => signals.handlers.escalateSignal({ signalId: signal.id, reason: '' }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(store.count()).toBe(0);
  });
});
