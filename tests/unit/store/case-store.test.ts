import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUSES } from '@shared/domain/incident';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { CaseActionRefused, CaseStore } from '../../../src-main/store/case-store';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { StatsStore } from '../../../src-main/store/stats-store';
import { archiveEnded } from '../../../src-main/store/archive';
import { integrityCheck, openCheckedDatabase } from '../../../src-main/store/integrity';
import { T0, incident } from './fixtures';

let dir: string;
let db: Db;
let store: IncidentStore;
let cases: CaseStore;
const duty = { name: '张值班', role: 'duty' as const };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-cases-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  cases = new CaseStore(db, store);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('history of a case', () => {
  it('records an alert acknowledgement (who, when) without changing the status, once', () => {
    store.upsertMany([{ incident: incident(1), raw: {} }]);
    const first = cases.acknowledgeAlert('test:1', duty, T0 + 60_000);
    expect(first).toMatchObject({ action: 'alertAck', actor: '张值班', role: 'duty', at: T0 + 60_000, from: 'reported', to: 'reported', origin: 'console' });
    const again = cases.acknowledgeAlert('test:1', { name: '李领导', role: 'leader' }, T0 + 120_000);
    expect(again).toEqual(first);
    expect(cases.history('test:1').filter((h) => h.action === 'alertAck')).toHaveLength(1);
    expect(store.get('test:1')!.status).toBe('reported');
    expect(cases.acknowledgeAlert('nope', duty, T0)).toBeUndefined();
  });

  it('appends a feed entry when the feed changes the status, and none for unchanged repeats', () => {
    store.upsertMany([{ incident: incident(1), raw: {} }]);
    store.upsertMany([{ incident: incident(1, { status: 'dispatched', unit: '城管局', updatedAt: T0 + 600_000 }), raw: {} }]);
    store.upsertMany([{ incident: incident(1, { status: 'dispatched', unit: '城管局', updatedAt: T0 + 700_000 }), raw: {} }]);
    const h = cases.history('test:1');
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({ from: 'reported', to: 'dispatched', actor: 'feed:test', origin: 'feed', role: null, unit: '城管局' });
    const stored = store.get('test:1')!;
    expect(stored.stageEnteredAt).toBe(T0 + 600_000);
    expect(stored.dueAt).toBe(T0 + 600_000 + 60 * 60_000);
  });

  it('records an operator action with name, role and note, and refuses what the rules refuse', () => {
    store.upsertMany([{ incident: incident(1), raw: {} }]);
    const now = T0 + 5 * 60_000;
    const { incident: after, entry } = cases.act({ id: 'test:1', action: 'acknowledge' }, duty, now, true);
    expect(after).toMatchObject({ status: 'registered', stageEnteredAt: now, dueAt: now + 30 * 60_000 });
    expect(entry).toMatchObject({ state: 'pending', expectedStatus: 'reported', toStatus: 'registered', actor: '张值班' });
    cases.act({ id: 'test:1', action: 'dispatch', unit: '乐坪街道办' }, duty, now + 1000, false);
    expect(() => cases.act({ id: 'test:1', action: 'verifyClose' }, duty, now, true)).toThrow(CaseActionRefused);
    expect(() => cases.act({ id: 'test:1', action: 'startHandling' }, { name: '研判', role: 'analyst' }, now, true)).toThrow(/role analyst/);
    expect(() => cases.act({ id: 'nope', action: 'acknowledge' }, duty, now, true)).toThrow(/no incident/);
    const h = cases.history('test:1');
    expect(h.map((e) => [e.action, e.from, e.to, e.role, e.unit])).toEqual([
      ['acknowledge', 'reported', 'registered', 'duty', null],
      ['dispatch', 'registered', 'dispatched', 'duty', '乐坪街道办'],
    ]);
    expect(cases.outboxFor('test:1').map((e) => e.state)).toEqual(['pending']); // the second was local
  });

  it('never lets history be changed or removed', () => {
    store.upsertMany([{ incident: incident(1), raw: {} }]);
    cases.act({ id: 'test:1', action: 'comment', note: '备注' }, duty, T0, false);
    expect(() => db.prepare("UPDATE incident_history SET note = 'rewritten'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM incident_history').run()).toThrow(/append-only/);
  });
});

describe('case clock', () => {
  it('escalates an overdue stage once, and again only for a later stage', () => {
    store.upsertMany([{ incident: incident(1, { category: 'em.fire', severity: 'red' }), raw: {} }]);
    const due = store.get('test:1')!.dueAt!;
    expect(cases.escalateOverdue(due - 1)).toEqual([]);
    expect(cases.escalateOverdue(due + 1).map((i) => i.id)).toEqual(['test:1']);
    expect(cases.escalateOverdue(due + 2)).toEqual([]);
    expect(cases.overdue(due + 2, 10).total).toBe(1);
    cases.act({ id: 'test:1', action: 'acknowledge' }, duty, due + 10, false);
    expect(cases.overdue(due + 20, 10).total).toBe(0);
    expect(cases.escalateOverdue(due + 10 + 11 * 60_000).map((i) => i.status)).toEqual(['registered']);
    expect(cases.escalations('test:1').map((e) => e.stage)).toEqual(['reported', 'registered']);
  });

  it('moves open deadlines when a limit changes, and leaves ended cases without one', () => {
    store.upsertMany([
      { incident: incident(1, { category: 'cm.manhole' }), raw: {} },
      { incident: incident(2, { category: 'cm.manhole', status: 'closed' }), raw: {} },
    ]);
    store.setLimits([{ category: 'cm.*', stage: 'reported', minutes: 10 }]);
    expect(store.get('test:1')!.dueAt).toBe(incident(1).reportedAt + 10 * 60_000);
    expect(store.get('test:2')!.dueAt).toBeNull();
    expect(new IncidentStore(db).limits.minutes('cm.manhole', 'reported')).toBe(10);
  });
});

describe('search', () => {
  it('finds Chinese text of one, two and more characters, and words, through the index', () => {
    store.upsertMany([
      { incident: incident(1, { title: '井盖缺失', description: '', address: '' }), raw: null },
      { incident: incident(2, { title: '路灯故障', description: '涟滨东路 street light', address: '' }), raw: null },
      { incident: incident(3, { title: '暴露垃圾', description: '', address: '月塘街' }), raw: null },
    ]);
    const ids = (q: string) => store.search(q).hits.map((h) => h.sourceId);
    expect(ids('井盖')).toEqual(['1']);
    expect(ids('盖')).toEqual(['1']);
    expect(ids('井盖缺失')).toEqual(['1']);
    expect(ids('盖缺')).toEqual(['1']);
    expect(ids('故障 涟滨')).toEqual(['2']);
    expect(ids('LIGHT')).toEqual(['2']);
    expect(ids('月塘')).toEqual(['3']);
    expect(ids('缺井')).toEqual([]);
    expect(store.search('"*) OR (').total).toBe(0);
    // A changed title is re-indexed.
    store.upsertMany([{ incident: incident(1, { title: '窨井冒水', description: '', address: '' }), raw: null }]);
    expect(ids('井盖')).toEqual([]);
    expect(ids('冒水')).toEqual(['1']);
    expect(store.query({ text: '冒水' }, 10, 0).total).toBe(1);
  });

  it('stops counting at a cap and says the total is a lower bound', () => {
    store.upsertMany([1, 2, 3].map((n) => ({ incident: incident(n), raw: null })));
    expect(store.search('井盖', 20, 0, 2)).toMatchObject({ total: 2, totalIsLowerBound: true });
    expect(store.search('井盖', 20, 0, 2).hits).toHaveLength(3);
    expect(store.search('井盖', 20, 0, 10)).toEqual(expect.not.objectContaining({ totalIsLowerBound: true }));
  });
});

describe('search exactness', () => {
  it('finds exactly the incidents whose text contains a Chinese query, for any text and any substring', () => {
    const chars = fc.constantFrom('井', '盖', '缺', '失', '路', '灯', ' ', '1', '号');
    const text = fc.array(chars, { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), fc.nat(), fc.nat(), fc.nat(), (titles, pick, start, len) => {
        db.exec("DELETE FROM search.incidents_fts; DELETE FROM search_queue; DELETE FROM incidents; UPDATE search.search_state SET value = 0 WHERE key = 'indexed_seq';");
        store.upsertMany(titles.map((title, n) => ({ incident: incident(n, { title, description: '', address: '' }), raw: null })));
        // A query: a piece of one title between spaces, cut anywhere inside its Chinese, never inside a number.
        const words = titles[pick % titles.length]!.split(' ').filter(Boolean);
        fc.pre(words.length > 0);
        const word = words[pick % words.length]!;
        let from = start % word.length;
        while (from > 0 && /\d/.test(word[from - 1]!) && /\d/.test(word[from]!)) from -= 1;
        const q = word.slice(from, from + 1 + (len % (word.length - from)));
        fc.pre(q.length > 0);
        const indexes = (keep: (t: string) => boolean) => titles.flatMap((t, n) => (keep(t) ? [n] : []));
        const got = store.search(q, 100).hits.map((h) => Number(h.sourceId)).sort((a, b) => a - b);
        // Never a hit without the text; always every hit where the query starts a word or sits in Chinese.
        expect(got.every((n) => titles[n]!.includes(q))).toBe(true);
        expect(got).toEqual(expect.arrayContaining(indexes((t) => t.includes(q) && wordStart(t, q))));
        if (!/\d/.test(q)) expect(got).toEqual(indexes((t) => t.includes(q)));
      }),
      { numRuns: 400 },
    );
  });
});

/** Numbers are words: a query that starts with a digit matches a number only from its first digit. */
function wordStart(text: string, q: string): boolean {
  for (let i = text.indexOf(q); i >= 0; i = text.indexOf(q, i + 1)) {
    if (!(/\d/.test(q[0]!) && i > 0 && /\d/.test(text[i - 1]!))) return true;
  }
  return false;
}

describe('aggregations', () => {
  it('equal a count over the incidents themselves, for any data and any range', () => {
    const stats = new StatsStore(db);
    const day = 86_400_000;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            minute: fc.integer({ min: 0, max: (80 * day) / 60_000 }),
            first: fc.constantFrom(...STATUSES),
            status: fc.constantFrom(...STATUSES),
            category: fc.constantFrom('gg.labour', 'cm.manhole', 'em.flood'),
            grid: fc.constantFrom('431302-01', '431302-02', null),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: -day, max: 81 * day }),
        fc.integer({ min: 0, max: 81 * day }),
        (rows, a, span) => {
          db.exec("DELETE FROM search.incidents_fts; DELETE FROM search_queue; DELETE FROM incidents; UPDATE search.search_state SET value = 0 WHERE key = 'indexed_seq';");
          // Inserted with one status, then moved to another (the insert path and the update triggers).
          for (const key of ['first', 'status'] as const) {
            store.upsertMany(
              rows.map((r, n) => ({
                incident: incident(n, { reportedAt: T0 + r.minute * 60_000, status: r[key], category: r.category, gridId: r.grid }),
                raw: null,
              })),
            );
          }
          const from = T0 + a;
          const to = from + span;
          const s = stats.stats({ from, to, bucket: 'day' }, T0);
          const inRange = rows.filter((r) => T0 + r.minute * 60_000 >= from && T0 + r.minute * 60_000 < to);
          expect(s.total).toBe(inRange.length);
          for (const st of STATUSES) expect(s.byStatus[st] ?? 0).toBe(inRange.filter((r) => r.status === st).length);
          expect(s.byCategory['cm.manhole'] ?? 0).toBe(inRange.filter((r) => r.category === 'cm.manhole').length);
          expect(s.byGrid['431302-01'] ?? 0).toBe(inRange.filter((r) => r.grid === '431302-01').length);
          expect(s.series.reduce((x, b) => x + b.n, 0)).toBe(inRange.length);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('computes closure rate, stage times, overdue and the grid league', () => {
    store.upsertMany([
      { incident: incident(0, { status: 'closed', gridId: '431302-01' }), raw: null },
      { incident: incident(1, { status: 'closed', gridId: '431302-01' }), raw: null },
      { incident: incident(2, { status: 'handling', gridId: '431302-02' }), raw: null },
      { incident: incident(3, { status: 'rejected', gridId: '431302-02' }), raw: null },
      { incident: incident(4, { status: 'reported', gridId: '431302-02' }), raw: null },
    ]);
    store.upsertMany([{ incident: incident(2, { status: 'feedback', gridId: '431302-02', updatedAt: T0 + 3 * 3_600_000 }), raw: null }]);
    const stats = new StatsStore(db);
    const now = T0 + 3 * 3_600_000;
    const s = stats.stats({}, now);
    // The city's way: a report not yet registered is received; rejected ones are not. 2 ÷ 4.
    expect(s).toMatchObject({ total: 5, accepted: 4, closed: 2, closureRate: 0.5, overdue: 1 });
    expect(s.avgStageMinutes.handling).toBeCloseTo(178, 0);
    const league = stats.league({}, now);
    expect(league.map((r) => [r.gridId, r.closureRate, r.open, r.overdue])).toEqual([
      ['431302-01', 1, 0, 0],
      ['431302-02', 0, 2, 1],
    ]);
    expect(() => stats.series('hour')).toThrow(RangeError);
  });
});

describe('retention and integrity', () => {
  it('archives ended cases to a checksummed file and keeps open ones', () => {
    store.upsertMany([
      { incident: incident(1, { status: 'closed' }), raw: { a: 1 } },
      { incident: incident(2, { status: 'handling' }), raw: null },
    ]);
    const file = join(dir, 'archive-1.jsonl.gz');
    const r = archiveEnded(db, T0 + day(1), file);
    expect(r.incidents).toBe(1);
    const lines = gunzipSync(readFileSync(file)).toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ incident: { id: 'test:1', status: 'closed' }, raw: { a: 1 }, history: [{ to_status: 'closed' }] });
    expect(store.get('test:1')).toBeUndefined();
    expect(store.get('test:2')).toBeDefined();
    expect(db.prepare('SELECT archive_id FROM archived_incidents WHERE id = ?').pluck().get('test:1')).toBe(1);
    expect(() => archiveEnded(db, T0 + day(1), file)).not.toThrow(); // nothing left: no file written
    store.upsertMany([{ incident: incident(3, { status: 'closed' }), raw: null }]);
    expect(() => archiveEnded(db, T0 + day(1), file)).toThrow(/EEXIST/); // an archive is never overwritten
  });

  it('moves a damaged database aside and starts a fresh one', () => {
    store.upsertMany([{ incident: incident(1), raw: null }]);
    expect(integrityCheck(db)).toBe('ok');
    db.close();
    const file = join(dir, 'console.sqlite');
    const bytes = readFileSync(file);
    bytes.fill(0x41, 100, bytes.length); // keep the header, garble every page
    writeFileSync(file, bytes);
    const logs: string[] = [];
    const opened = openCheckedDatabase(dir, (l) => logs.push(l));
    db = opened.db;
    expect(opened.movedAside).toBeDefined();
    expect(existsSync(opened.movedAside!)).toBe(true);
    expect(logs[0]).toMatch(/integrity check/);
    expect(new IncidentStore(db).count()).toBe(0);
  });
});

function day(n: number): number {
  return n * 86_400_000;
}
