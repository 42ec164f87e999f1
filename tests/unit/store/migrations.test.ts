import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, type Db } from '../../../src-main/store/database';
import { MIGRATIONS } from '../../../src-main/store/migrations/index';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { attachSearch, pendingCount } from '../../../src-main/store/search-index';
import { T0 } from './fixtures';

const upTo = (v: number) => MIGRATIONS.filter((m) => m.version <= v);

/** A database at schema `version` with two incidents written the way that schema's code wrote them. */
function atVersion1(): Db {
  const db = new Database(':memory:');
  migrate(db, upTo(1));
  const insert = db.prepare(`INSERT INTO incidents (id, source, source_id, category, severity, status, title, description, lon, lat,
    orig_lon, orig_lat, orig_datum, grid_id, address, reported_at, updated_at, unit, raw)
    VALUES (?, 's', ?, 'gg.labour', 'blue', ?, ?, '讨薪', 112, 27.7, 112, 27.7, 'WGS84', '431302-01', '长青中街', ?, ?, NULL, '{}')`);
  insert.run('s:1', '1', 'reported', '工地拖欠工资纠纷', T0, T0);
  insert.run('s:2', '2', 'handling', '劳动合同纠纷调解', T0 + 1000, T0 + 5000);
  return db;
}

describe('migrations of the case workflow, each from the schema before it', () => {
  it('0002 keeps every incident, starts clocks, and writes history for cases past reported', () => {
    const db = atVersion1();
    expect(migrate(db, upTo(2))).toEqual([2]);
    const rows = db.prepare('SELECT id, seq, stage_entered_at, due_at FROM incidents ORDER BY seq').all();
    expect(rows).toEqual([
      { id: 's:1', seq: 1, stage_entered_at: T0, due_at: T0 + 30 * 60_000 },
      { id: 's:2', seq: 2, stage_entered_at: T0 + 5000, due_at: T0 + 5000 + 2880 * 60_000 },
    ]);
    expect(db.prepare('SELECT incident_id, from_status, to_status FROM incident_history').all()).toEqual([
      { incident_id: 's:2', from_status: null, to_status: 'handling' },
    ]);
    expect(() => db.prepare("UPDATE incident_history SET note = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM incident_history').run()).toThrow(/append-only/);
  });

  it('0003 indexes existing incidents for Chinese search', () => {
    const db = atVersion1();
    migrate(db, upTo(2));
    expect(migrate(db, upTo(3))).toEqual([3]);
    const ids = db.prepare(`SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH '"讨薪"'`).pluck().all();
    expect(ids).toEqual([1, 2]);
  });

  it('0004 counts existing incidents per day, and triggers keep the counts', () => {
    const db = atVersion1();
    migrate(db, upTo(3));
    expect(migrate(db, upTo(4))).toEqual([4]);
    const count = () =>
      db.prepare("SELECT status, sum(n) AS n FROM incident_day_counts WHERE dim = 'c' GROUP BY status ORDER BY status").all();
    expect(count()).toEqual([
      { status: 'handling', n: 1 },
      { status: 'reported', n: 1 },
    ]);
    db.prepare("UPDATE incidents SET status = 'closed' WHERE id = 's:2'").run();
    expect(count()).toEqual([
      { status: 'closed', n: 1 },
      { status: 'handling', n: 0 },
      { status: 'reported', n: 1 },
    ]);
    // Monthly rows (July 2026 in China time) follow the same changes.
    const month = 2026 * 12 + 6;
    expect(db.prepare("SELECT status, n FROM incident_day_counts WHERE dim = 'C' AND day = ? ORDER BY status").all(month)).toEqual([
      { status: 'closed', n: 1 },
      { status: 'handling', n: 0 },
      { status: 'reported', n: 1 },
    ]);
  });

  it('0005 adds an empty outbox, and 0006 lets history go only for archived incidents', () => {
    const db = atVersion1();
    migrate(db, upTo(4));
    expect(migrate(db, upTo(6))).toEqual([5, 6]);
    expect(db.prepare('SELECT count(*) FROM case_outbox').pluck().get()).toBe(0);
    expect(() => db.prepare("DELETE FROM incident_history WHERE incident_id = 's:2'").run()).toThrow(/append-only/);
    const archive = db.prepare("INSERT INTO archives (file, before, incidents, sha256, created_at) VALUES ('f', 0, 1, 'x', 0)").run();
    db.prepare("INSERT INTO archived_incidents VALUES ('s:2', ?)").run(archive.lastInsertRowid);
    db.prepare("DELETE FROM incident_history WHERE incident_id = 's:2'").run();
  });

  it('0007 moves the full-text index to its own file, rebuilt from the cache', () => {
    const db = atVersion1();
    migrate(db, upTo(6));
    expect(migrate(db, upTo(7))).toEqual([7]);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'incidents_fts%'").pluck().get()).toBe(0);
    expect(attachSearch(db, null)).toEqual({ rebuilt: true });
    expect(pendingCount(db)).toBe(2);
    // The store works on the migrated database (with the analysis roll-up, 0008, its writer needs):
    // the search catches the index up first.
    expect(migrate(db, upTo(8))).toEqual([8]);
    const store = new IncidentStore(db);
    expect(store.search('劳动').hits.map((i) => i.id)).toEqual(['s:2']);
    expect(store.search('纠纷').hits.map((i) => i.id)).toEqual(['s:2', 's:1']);
    expect(pendingCount(db)).toBe(0);
  });
});

describe('migrations of decision support', () => {
  it('0041 keeps every signal (not yet linked to a case) and adds empty assignments, rule versions and firings', () => {
    const db = atVersion1();
    migrate(db, upTo(40));
    db.prepare(
      `INSERT INTO signals (id, cluster_key, method, category, grids, start_day, end_day, observed, expected, recurrence_days, p_value, alarm_days, state, first_seen_at, updated_at)
       VALUES ('scan:gg.labour:431302-01:2026-07-01', 'scan:gg.labour:431302-01', 'scan', 'gg.labour', '["431302-01"]', '2026-07-01', '2026-07-01', 9, 2, 400, 0.0025, '["2026-07-01"]', 'acknowledged', 1, 1)`,
    ).run();
    expect(migrate(db, upTo(41))).toEqual([41]);
    expect(db.prepare('SELECT id, state, case_id FROM signals').all()).toEqual([{ id: 'scan:gg.labour:431302-01:2026-07-01', state: 'acknowledged', case_id: null }]);
    for (const table of ['vehicle_assignments', 'escalation_rule_versions', 'rule_firings']) {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    }
  });
});
