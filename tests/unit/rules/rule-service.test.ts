import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RuleFiring } from '@shared/rules/escalation-rules';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { RuleService } from '../../../src-main/rules/rule-service';
import { T0, incident } from '../store/fixtures';

const NOW = T0 + 60 * 60_000;
let dir: string;
let db: Db;
let store: IncidentStore;
let fired: RuleFiring[];
let service: RuleService;
const make = () => new RuleService({ db, actor: () => '王领导', changed: () => {}, fired: (f) => fired.push(f), now: () => NOW });

const drowning = { id: 'drown', name: '溺水三起', categories: ['gg.drowning'], minSeverity: 'yellow' as const, count: 3, windowMinutes: 30, level: 'red' as const, notify: ['duty' as const, 'leader' as const] };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-rules-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  fired = [];
  service = make();
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Incidents `minutes` after T0, drowning reports in grid 20 unless patched. */
function arrive(...at: [number, Partial<Parameters<typeof incident>[1]>?][]) {
  const list = at.map(([m, patch]) => incident(m, { category: 'gg.drowning', severity: 'orange', ...patch }));
  store.upsertMany(list.map((i) => ({ incident: i, raw: null })));
  return service.incidentsArrived(list);
}

describe('rule versions', () => {
  it('saves every edit as a new version and keeps the older ones readable', () => {
    const v1 = service.save([drowning], '初版');
    const v2 = service.save([{ ...drowning, count: 5 }], '提高阈值');
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const state = service.handlers.getRules(undefined) as ReturnType<typeof service.store.state>;
    expect(state.current!.rules[0]!.count).toBe(5);
    expect(state.versions.map((v) => [v.version, v.savedBy, v.note, v.ruleCount])).toEqual([
      [2, '王领导', '提高阈值', 1],
      [1, '王领导', '初版', 1],
    ]);
    expect(service.store.version(1)!.rules[0]!.count).toBe(3);
  });

  it('refuses an invalid rule set with a clear error and keeps the stored version', () => {
    service.save([drowning], '');
    expect(() => service.save([{ ...drowning, notify: [], count: 0 }], '')).toThrow(/notify|count/);
    expect(service.store.state().versions).toHaveLength(1);
    expect(service.store.current()!.rules[0]!.count).toBe(3);
  });

  it('reloads the rules in force after a restart', () => {
    service.save([drowning], '');
    service = make();
    arrive([50], [55], [58]);
    expect(fired).toHaveLength(1);
  });
});

describe('rule evaluation as incidents arrive', () => {
  it('raises an alert when the count is reached in the window, once per grid and window', () => {
    service.save([drowning], '');
    expect(arrive([40], [50])).toEqual([]);
    const f = arrive([58]);
    expect(f).toHaveLength(1);
    expect(fired[0]).toMatchObject({ ruleId: 'drown', ruleName: '溺水三起', version: 1, level: 'red', gridId: '431302-20', count: 3, notify: ['duty', 'leader'] });
    expect(fired[0]!.incidentIds).toEqual(['test:58', 'test:50', 'test:40']);
    // A fourth one in the same window is not a new alert.
    expect(arrive([59])).toEqual([]);
    // Another grid counts on its own.
    expect(arrive([55, { gridId: '431302-21' }], [56, { gridId: '431302-21' }], [57, { gridId: '431302-21' }])).toHaveLength(1);
    expect(service.store.firings().map((x) => x.gridId)).toEqual(['431302-21', '431302-20']);
  });

  it('does not fire for history catching up, other categories or lower severities', () => {
    service.save([drowning], '');
    expect(arrive([1], [2], [3])).toEqual([]);
    expect(arrive([50, { category: 'gg.neighbour' }], [51, { severity: 'blue' }], [52])).toEqual([]);
  });

  it('does nothing without rules', () => {
    expect(arrive([50], [55], [58])).toEqual([]);
  });
});
