import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { SignalActionError, SignalStore } from '../../../src-main/store/signal-store';
import { clusterKey, type Signal } from '@shared/detect/signal';

function signal(start: string, end: string, grids = ['431302-20']): Signal {
  const key = clusterKey('scan', 'gg.neighbour', grids);
  return { id: `${key}:${start}`, clusterKey: key, method: 'scan', category: 'gg.neighbour', grids, start, end, observed: 30, expected: 8, recurrenceDays: 1000, pValue: 0.001, alarmDays: [end] };
}

let dir: string;
let db: Db;
let store: SignalStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-signals-'));
  db = openDatabase(dir);
  store = new SignalStore(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('signal store', () => {
  it('records a signal once and extends it as the run goes on', () => {
    expect(store.record([signal('2026-06-28', '2026-06-29')], 1)).toHaveLength(1);
    expect(store.record([signal('2026-06-28', '2026-06-29')], 2)).toHaveLength(0);
    expect(store.record([signal('2026-06-28', '2026-06-30')], 3)).toHaveLength(1);
    expect(store.list()).toEqual([expect.objectContaining({ end: '2026-06-30', state: 'open', history: [] })]);
  });

  it('keeps who acknowledged, when and why, and a dismissed cluster does not come back', () => {
    const s = signal('2026-06-28', '2026-06-29');
    store.record([s], 1);
    store.acknowledge(s.id, '值班员张三', 10);
    expect(() => store.dismiss(s.id, '研判员李四', '  ', 20)).toThrow(/reason/);
    store.dismiss(s.id, '研判员李四', '拆迁公告后的集中反映，已知', 20);
    const [view] = store.list();
    expect(view).toMatchObject({ state: 'dismissed' });
    expect(view!.history).toEqual([
      { signalId: s.id, action: 'acknowledge', actor: '值班员张三', reason: '', at: 10 },
      { signalId: s.id, action: 'dismiss', actor: '研判员李四', reason: '拆迁公告后的集中反映，已知', at: 20 },
    ]);
    // The same cluster a week later is not raised again; another grid is.
    expect(store.record([signal('2026-07-05', '2026-07-06'), signal('2026-07-05', '2026-07-06', ['431302-21'])], 30)).toHaveLength(1);
    expect(store.list({ states: ['open'] }).map((v) => v.grids)).toEqual([['431302-21']]);
    expect(() => store.acknowledge(s.id, 'x', 40)).toThrow(SignalActionError);
    expect(() => store.acknowledge('nope', 'x', 40)).toThrow(SignalActionError);
  });
});
