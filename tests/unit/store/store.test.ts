import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '@shared/domain/incident';
import { DATABASE_FILE, migrate, openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { MIGRATIONS } from '../../../src-main/store/migrations/index';
import { SettingsStore } from '../../../src-main/store/settings-store';

function incident(n: number, patch: Partial<Incident> = {}): Incident {
  return {
    id: `test:${n}`,
    source: 'test',
    sourceId: String(n),
    category: 'gg.epidemic',
    severity: 'blue',
    status: 'reported',
    title: `事件 ${n}`,
    description: '描述',
    lon: 112.0,
    lat: 27.73,
    original: { lon: 112.0, lat: 27.73, datum: 'WGS84' },
    gridId: '431302-20',
    address: '娄底市娄星区乐坪大道1号',
    reportedAt: 1_700_000_000_000 + n * 1000,
    updatedAt: 1_700_000_000_000 + n * 1000,
    unit: null,
    ...patch,
  };
}

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-store-'));
  db = openDatabase(dir);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('database', () => {
  it('opens in WAL mode with every migration applied and recorded', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db)).toEqual([]);
  });

  it('migration 0001 creates the incident table from an empty database', () => {
    const fresh = new Database(':memory:');
    expect(migrate(fresh, MIGRATIONS.filter((m) => m.version <= 1))).toEqual([1]);
    const cols = fresh.prepare("SELECT name FROM pragma_table_info('incidents')").pluck().all();
    expect(cols).toEqual(expect.arrayContaining(['id', 'source', 'source_id', 'orig_lon', 'orig_datum', 'raw', 'grid_id']));
    fresh.close();
  });

  it('refuses a database written by a newer version, and leaves it untouched', () => {
    db.prepare('INSERT INTO schema_migrations VALUES (999, ?, ?)').run('future', Date.now());
    db.close();
    expect(() => openDatabase(dir)).toThrow(/newer than this application/);
    const raw = new Database(join(dir, DATABASE_FILE));
    expect(raw.prepare('SELECT count(*) FROM schema_migrations WHERE version = 999').pluck().get()).toBe(1);
    raw.prepare('DELETE FROM schema_migrations WHERE version = 999').run();
    raw.close();
    db = openDatabase(dir);
  });
});

describe('incident store', () => {
  it('stores a batch and returns only what was new or visibly changed', () => {
    const store = new IncidentStore(db);
    expect(store.upsertMany([1, 2, 3].map((n) => ({ incident: incident(n), raw: { n } })))).toHaveLength(3);
    expect(store.upsertMany([1, 2].map((n) => ({ incident: incident(n), raw: { n } })))).toHaveLength(0);
    const changed = store.upsertMany([{ incident: incident(2, { status: 'dispatched', unit: '城管局' }), raw: {} }]);
    expect(changed.map((i) => i.id)).toEqual(['test:2']);
    expect(store.get('test:2')).toMatchObject({ status: 'dispatched', unit: '城管局', original: { datum: 'WGS84' } });
    expect(store.raw('test:1')).toEqual({ n: 1 });
    expect(store.count()).toBe(3);
  });

  it('filters by category, severity, status, grid and time, newest first', () => {
    const store = new IncidentStore(db);
    store.upsertMany([
      { incident: incident(1, { severity: 'red' }), raw: null },
      { incident: incident(2, { category: 'gg.drowning' }), raw: null },
      { incident: incident(3, { gridId: '431302-01', status: 'closed' }), raw: null },
      { incident: incident(4), raw: null },
    ]);
    expect(store.query({}, 10, 0).items.map((i) => i.sourceId)).toEqual(['4', '3', '2', '1']);
    expect(store.query({ severities: ['red'] }, 10, 0).items.map((i) => i.sourceId)).toEqual(['1']);
    expect(store.query({ categories: ['gg.drowning'] }, 10, 0).total).toBe(1);
    expect(store.query({ statuses: ['closed'], gridIds: ['431302-01'] }, 10, 0).total).toBe(1);
    expect(store.query({ from: incident(2).reportedAt, to: incident(4).reportedAt }, 10, 0).items.map((i) => i.sourceId)).toEqual(['3', '2']);
    expect(store.query({ categories: [] }, 10, 0).total).toBe(0);
    const page = store.query({}, 2, 2);
    expect(page).toMatchObject({ total: 4 });
    expect(page.items.map((i) => i.sourceId)).toEqual(['2', '1']);
  });

  it('treats search text as text, not SQL or LIKE wildcards', () => {
    const store = new IncidentStore(db);
    store.upsertMany([
      { incident: incident(1, { title: "100% 积水 O'Brien" }), raw: null },
      { incident: incident(2, { title: '井盖缺失' }), raw: null },
    ]);
    expect(store.query({ text: '%' }, 10, 0).total).toBe(1);
    expect(store.query({ text: "O'Brien" }, 10, 0).total).toBe(1);
    expect(store.query({ text: "'; DROP TABLE incidents; --" }, 10, 0).total).toBe(0);
    expect(store.query({ text: '井盖' }, 10, 0).items[0]?.sourceId).toBe('2');
    expect(store.count()).toBe(2);
  });

  it('moves the feed cursor only together with the batch it covers', () => {
    const store = new IncidentStore(db);
    store.upsertMany([{ incident: incident(1), raw: null }], { feedId: 'f', value: 'run:1' });
    expect(store.cursor('f')).toBe('run:1');
    const bad = { ...incident(2), severity: 'purple' } as unknown as Incident; // violates the CHECK constraint
    expect(() => store.upsertMany([{ incident: incident(3), raw: null }, { incident: bad, raw: null }], { feedId: 'f', value: 'run:3' })).toThrow();
    expect(store.cursor('f')).toBe('run:1');
    expect(store.get('test:3')).toBeUndefined();
    expect(store.latestReportedAt('test')).toBe(incident(1).reportedAt);
  });
});

describe('settings store', () => {
  it('starts from defaults in Chinese and keeps a validated patch', () => {
    const settings = new SettingsStore(db);
    expect(settings.get().locale).toBe('zh-CN');
    expect(settings.set({ locale: 'en' }).locale).toBe('en');
    expect(new SettingsStore(db).get().locale).toBe('en');
    expect(() => settings.set({ simulatorRatePerMinute: -5 })).toThrow();
    expect(settings.get().simulatorRatePerMinute).toBe(12);
  });
});
