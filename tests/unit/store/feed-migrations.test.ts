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

  it('numbers the feed migrations within 0010–0019', () => {
    const feeds = MIGRATIONS.filter((m) => ['feed-quarantine', 'cap-alerts', 'incident-links'].includes(m.name));
    expect(feeds.map((m) => m.version)).toEqual([10, 11, 12]);
  });
});
