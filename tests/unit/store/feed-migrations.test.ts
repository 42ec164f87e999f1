import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/store/database';
import { MIGRATIONS } from '../../../src-main/store/migrations/index';
import { IncidentStore } from '../../../src-main/store/incident-store';

/** The feeds' migrations (0010–0019), each applied to the schema just before it, with data present. */
describe('feed migrations', () => {
  let dir: string;
  let db: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-mig-'));
    db = new Database(join(dir, 'x.sqlite'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upTo = (v: number) => MIGRATIONS.filter((m) => m.version <= v);
  const tables = (): string[] => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];

  it('0010 adds the quarantine to a database at the previous version, keeping its incidents', () => {
    const before = MIGRATIONS.filter((m) => m.version < 10);
    migrate(db, before);
    // Through the store, so the row has whatever the earlier migrations require of it.
    new IncidentStore(db).upsertMany([
      {
        incident: {
          id: 'a:1', source: 'a', sourceId: '1', category: 'gg.other', severity: 'blue', status: 'reported', title: 't',
          description: '', lon: 112, lat: 27.7, original: { lon: 112, lat: 27.7, datum: 'WGS84' }, gridId: null, address: '',
          reportedAt: 1, updatedAt: 1, unit: null,
        },
        raw: null,
      },
    ]);
    expect(migrate(db, upTo(10))).toEqual([10]);
    expect(tables()).toContain('feed_quarantine');
    db.prepare('INSERT INTO feed_quarantine (feed_id, received_at, reason, size, excerpt) VALUES (?, ?, ?, ?, ?)').run('f', 1, 'r', 3, 'abc');
    expect(db.prepare('SELECT count(*) FROM incidents').pluck().get()).toBe(1);
  });

  it('0011 adds the CAP alert tables with their checks', () => {
    migrate(db, upTo(10));
    expect(migrate(db, upTo(11))).toEqual([11]);
    const insert = db.prepare(
      `INSERT INTO cap_alerts (sender, identifier, sent, msg_type, status, severity, category, expires, source, received_at, doc) VALUES (?, ?, 1, ?, ?, ?, 'em.weather', NULL, 's', 1, '{}')`,
    );
    insert.run('s', 'i', 'Alert', 'Actual', 'red');
    expect(() => insert.run('s', 'j', 'Shout', 'Actual', 'red')).toThrow(/CHECK/);
    expect(() => insert.run('s', 'k', 'Alert', 'Actual', 'purple')).toThrow(/CHECK/);
    expect(() => insert.run('s', 'i', 'Alert', 'Actual', 'red')).toThrow(/UNIQUE|PRIMARY/);
    expect(tables()).toContain('cap_alert_refs');
  });

  it('0012 adds the incident links', () => {
    migrate(db, upTo(11));
    expect(migrate(db, upTo(12))).toEqual([12]);
    db.prepare('INSERT INTO incident_links VALUES (?, ?, ?, ?, ?)').run('b:1', 'a:1', 12.5, 60_000, 1);
    expect(db.prepare('SELECT canonical_id FROM incident_links').pluck().get()).toBe('a:1');
  });

  it('0013 ends the incidents earlier versions made of CAP alerts, unless an officer worked on them', () => {
    migrate(db, upTo(12));
    const store = new IncidentStore(db);
    const base = {
      source: 'sim.cap', category: 'em.weather', severity: 'orange' as const, status: 'reported' as const, title: '暴雨橙色预警',
      description: '', lon: 112, lat: 27.7, original: { lon: 112, lat: 27.7, datum: 'WGS84' as const }, gridId: null, address: '',
      reportedAt: 1, updatedAt: 1, unit: null,
    };
    store.upsertMany(
      ['A1', 'A2'].map((id) => ({ incident: { ...base, id: `sim.cap:qxt,${id}`, sourceId: `qxt,${id}` }, raw: null })).concat([
        { incident: { ...base, id: 'grid:1', source: 'grid', sourceId: '1', category: 'gg.other' }, raw: null },
      ]),
    );
    const alert = db.prepare(
      `INSERT INTO cap_alerts (sender, identifier, sent, msg_type, status, severity, category, expires, source, received_at, doc) VALUES ('qxt', ?, 1, 'Alert', 'Actual', 'orange', 'em.weather', NULL, 'sim.cap', 1, '{}')`,
    );
    alert.run('A1');
    alert.run('A2');
    // An officer registered A2: it is a case now and stays one.
    db.prepare(
      `INSERT INTO incident_history (incident_id, at, actor, role, action, from_status, to_status, unit, note, origin) VALUES ('sim.cap:qxt,A2', 2, '张', 'duty', 'acknowledge', 'reported', 'registered', NULL, NULL, 'console')`,
    ).run();
    db.prepare("UPDATE incidents SET status = 'registered' WHERE id = 'sim.cap:qxt,A2'").run();
    expect(migrate(db, upTo(13))).toEqual([13]);
    const status = db.prepare('SELECT status, due_at FROM incidents WHERE id = ?');
    expect(status.get('sim.cap:qxt,A1')).toEqual({ status: 'cancelled', due_at: null });
    expect(status.get('sim.cap:qxt,A2')).toMatchObject({ status: 'registered' });
    expect(status.get('grid:1')).toMatchObject({ status: 'reported' });
    expect(db.prepare("SELECT note, to_status FROM incident_history WHERE incident_id = 'sim.cap:qxt,A1'").get()).toEqual({ note: 'CAP alert, not a case', to_status: 'cancelled' });
  });

  it('numbers the feed migrations within 0010–0019', () => {
    const feeds = MIGRATIONS.filter((m) => ['feed-quarantine', 'cap-alerts', 'incident-links', 'cap-alerts-not-cases'].includes(m.name));
    expect(feeds.map((m) => m.version)).toEqual([10, 11, 12, 13]);
  });
});
