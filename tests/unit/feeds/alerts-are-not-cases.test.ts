import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import { OperationError } from '@shared/dispatch';
import type { Alert } from '@shared/domain/alert';
import type { Incident } from '@shared/domain/incident';
import { CaseService } from '../../../src-main/cases/case-service';
import { parseCapAlert } from '../../../src-main/feeds/cap';
import { FeedIngest, alertIncidentId } from '../../../src-main/feeds/feed-ingest';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { CapWarnings } from '../../../src-main/simulator/cap-warnings';
import { capXml } from './cap-fixtures';
import { noEvents } from './helpers';

let dir: string;
let db: Db;
let store: IncidentStore;
let now: number;
let ingest: FeedIngest;
let cases: CaseService;
let settings: Settings;
let changed: Incident[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-alert-cases-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  now = Date.parse('2026-11-28T04:00:00Z');
  changed = [];
  settings = { ...DEFAULT_SETTINGS, operatorName: '张值班', caseRole: 'duty' };
  ingest = new FeedIngest(db, store, noEvents, () => now);
  cases = new CaseService({
    db,
    incidents: store,
    settings: () => settings,
    changed: (c) => changed.push(...c),
    escalated: () => {},
    outboxChanged: () => {},
    now: () => now,
  });
});
afterEach(() => {
  ingest.dispose();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const cap = (o: Parameters<typeof capXml>[0]): Alert => {
  const r = parseCapAlert(capXml(o), 'cap', now);
  if (!r.ok) throw new Error(r.reason);
  return r.alert;
};
const ref = (id: string): string => `qxt@loudi.gov.cn,${id},2026-11-28T10:00:00+08:00`;
const hours = (h: number): number => h * 3600_000;

describe('CAP alerts are not cases', () => {
  it("the simulator's warnings never appear in the overdue list or the case statistics, even hours later", () => {
    const w = new CapWarnings(7, 'T');
    w.seed(now);
    const alerts = w.list().map((d) => {
      const r = parseCapAlert(d.xml, 'sim.cap', now);
      if (!r.ok) throw new Error(r.reason);
      return r.alert;
    });
    expect(ingest.acceptAlerts(alerts).added.length).toBeGreaterThan(3);
    now += hours(30); // far past every stage limit a case would have
    expect(cases.cases.overdue(now, 100, 0)).toEqual({ total: 0, items: [] });
    const stats = cases.stats.stats({ from: now - hours(72), to: now }, now);
    expect(stats).toMatchObject({ total: 0, overdue: 0 });
    expect(Object.keys(stats.byCategory)).toEqual([]);
    expect(store.count()).toBe(0);
  });

  it('an officer opens a case from an alert: it is then a case, with who and when in its history', () => {
    ingest.acceptAlerts([cap({ id: 'A1' })]);
    const opened = cases.openFromAlert(ingest.alertStore.find('qxt@loudi.gov.cn', 'A1')!);
    expect(opened).toMatchObject({ id: alertIncidentId(cap({ id: 'A1' })), status: 'reported', reportedAt: now, category: 'em.weather', severity: 'orange' });
    expect(changed.map((c) => c.id)).toEqual([opened.id]);
    const history = cases.cases.history(opened.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'openFromAlert', actor: '张值班', role: 'duty', at: now, to: 'reported', origin: 'console' });
    // Opening it again changes nothing.
    now += 1000;
    expect(cases.openFromAlert(ingest.alertStore.find('qxt@loudi.gov.cn', 'A1')!).id).toBe(opened.id);
    expect(cases.cases.history(opened.id)).toHaveLength(1);
    // Now it counts as a case, and its clock started when it was opened, not when the alert was sent.
    expect(cases.stats.stats({ from: now - hours(48), to: now + hours(48) }, now).total).toBe(1);
    now += hours(2);
    expect(cases.cases.overdue(now, 10, 0).items.map((i) => i.id)).toEqual([opened.id]);
  });

  it("an alert's Update closes and its Cancel cancels the case opened from it", () => {
    ingest.acceptAlerts([cap({ id: 'A1' }), cap({ id: 'B1' })]);
    const a = cases.openFromAlert(ingest.alertStore.find('qxt@loudi.gov.cn', 'A1')!);
    const b = cases.openFromAlert(ingest.alertStore.find('qxt@loudi.gov.cn', 'B1')!);
    ingest.acceptAlerts([cap({ id: 'A2', msgType: 'Update', references: ref('A1') })]);
    ingest.acceptAlerts([cap({ id: 'B2', msgType: 'Cancel', references: ref('B1'), infos: '' })]);
    expect(store.get(a.id)?.status).toBe('closed');
    expect(store.get(b.id)?.status).toBe('cancelled');
    // The update is an alert in force, not a case.
    expect(store.get(alertIncidentId(cap({ id: 'A2' })))).toBeUndefined();
  });

  it('refuses a role that may not register cases, and an alert with no area', () => {
    ingest.acceptAlerts([cap({ id: 'A1' })]);
    settings = { ...settings, caseRole: 'analyst' };
    expect(() => cases.openFromAlert(ingest.alertStore.find('qxt@loudi.gov.cn', 'A1')!)).toThrow(OperationError);
    settings = { ...settings, caseRole: 'duty' };
    const noArea = { ...ingest.alertStore.find('qxt@loudi.gov.cn', 'A1')!, areas: [] };
    expect(() => cases.openFromAlert(noArea)).toThrow(/area/);
    expect(store.count()).toBe(0);
  });
});
