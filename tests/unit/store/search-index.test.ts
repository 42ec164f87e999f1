import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { archiveEnded } from '../../../src-main/store/archive';
import { SEARCH_FILE, WorkerIndexer, indexAll, marks, pendingCount, type SearchIndexer } from '../../../src-main/store/search-index';
import { CaseService } from '../../../src-main/cases/case-service';
import { DEFAULT_SETTINGS } from '@shared/contract';
import { T0, incident } from './fixtures';

const workerEntry = { file: join(import.meta.dirname, '../../../src-main/programs/search-worker.ts'), typescript: true };
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-search-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const many = (from: number, count: number, title = (n: number) => `事件 ${n}`) =>
  Array.from({ length: count }, (_, k) => ({ incident: incident(from + k, { title: title(from + k) }), raw: null }));

describe('the full-text index in its own file', () => {
  it('is written by its own thread while the cache takes batches, and a search finds what it indexed', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const indexer = new WorkerIndexer(db, dir, workerEntry);
    const store = new IncidentStore(db, indexer);
    try {
      for (let k = 0; k < 6; k++) store.upsertMany(many(k * 500, 500, (n) => (n % 100 === 7 ? `防溺水巡查 ${n}` : `事件 ${n}`)));
      await indexer.settled();
      expect(pendingCount(db)).toBe(0);
      expect(db.prepare('SELECT count(*) FROM search.incidents_fts').pluck().get()).toBe(3000);
      expect(store.search('防溺水').total).toBe(30);
      // A title the feed changes is indexed again: the old words no longer find it, the new ones do.
      store.upsertMany([{ incident: incident(7, { title: '暴雨内涝 积水', updatedAt: T0 + 9e6 }), raw: null }]);
      await indexer.settled();
      expect(store.search('防溺水').total).toBe(29);
      expect(store.search('内涝').hits.map((i) => i.id)).toEqual(['test:7']);
    } finally {
      await indexer.close();
      db.close();
    }
  }, 30_000);

  it('is rebuilt from the cache when its file is missing or damaged, the damaged copy kept aside', () => {
    const dir = tempDir();
    let db = openDatabase(dir);
    new IncidentStore(db).upsertMany(many(0, 50, (n) => `井盖缺失 ${n}`));
    db.close();

    rmSync(join(dir, SEARCH_FILE));
    db = openDatabase(dir);
    expect(pendingCount(db)).toBe(50);
    expect(new IncidentStore(db).search('井盖').total).toBe(50);
    db.close();

    for (const suffix of ['-wal', '-shm']) rmSync(join(dir, SEARCH_FILE + suffix), { force: true });
    writeFileSync(join(dir, SEARCH_FILE), 'this is not a database, just damaged bytes '.repeat(200));
    db = openDatabase(dir);
    try {
      expect(new IncidentStore(db).search('井盖').total).toBe(50);
      expect(readdirSync(dir).some((f) => f.startsWith(`${SEARCH_FILE}.damaged-`))).toBe(true);
      expect(existsSync(join(dir, SEARCH_FILE))).toBe(true);
    } finally {
      db.close();
    }
  });

  it('is checked by its own thread when the console opens without checking it, and replaced when damaged inside', async () => {
    const dir = tempDir();
    let db = openDatabase(dir);
    new IncidentStore(db).upsertMany(many(0, 2000, (n) => `防汛物资巡查 ${n} 号仓库`));
    expect(new IncidentStore(db).search('防汛').total).toBe(2000);
    db.close();
    // Damage the second half of the index's pages: it still attaches (header, schema and FTS
    // configuration read fine), and only a check or a search would run into the damage.
    const file = join(dir, SEARCH_FILE);
    const bytes = readFileSync(file);
    const pages = bytes.length / 4096;
    expect(pages).toBeGreaterThan(16);
    bytes.fill(0x5a, Math.floor(pages / 2) * 4096, bytes.length - 4096);
    writeFileSync(file, bytes);

    const logged: string[] = [];
    db = openDatabase(dir, undefined, { checkSearch: false });
    expect(marks(db).indexedSeq).toBe(2000); // attached as it was, not rebuilt on the way in
    const indexer = new WorkerIndexer(db, dir, workerEntry, (line) => logged.push(line));
    const store = new IncidentStore(db, indexer);
    try {
      await expect.poll(() => indexer.rebuilt, { timeout: 20_000 }).toBeDefined();
      const aside = await indexer.rebuilt!;
      expect(existsSync(aside)).toBe(true);
      expect(logged.join('\n')).toMatch(/failed its check/);
      await indexer.settled();
      expect(store.search('防汛').total).toBe(2000);
      expect(db.prepare('PRAGMA search.quick_check').pluck().get()).toBe('ok');
    } finally {
      await indexer.close();
      db.close();
    }
  }, 30_000);

  it('starts a failed indexer thread again, waiting longer each time, and closes while it is down', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('the indexer could not start');\n");
    const logged: string[] = [];
    const indexer = new WorkerIndexer(db, dir, { file: broken }, (line) => logged.push(line));
    try {
      new IncidentStore(db, indexer).upsertMany(many(0, 10));
      await expect(indexer.settled()).rejects.toThrow(/could not start/);
      await expect.poll(() => logged.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      expect(logged[0]).toMatch(/could not start; starting it again in 1 s/);
      expect(logged[1]).toMatch(/starting it again in 2 s/);
    } finally {
      const t = Date.now();
      await indexer.close();
      expect(Date.now() - t).toBeLessThan(2000);
      db.close();
    }
  }, 20_000);

  it('tells the console, with the hits, how much the index has yet to take in during a rebuild', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    // An indexer that has not got round to anything yet (a rebuild just started).
    const idle: SearchIndexer = { notify() {}, beforeSearch() {}, settled: () => Promise.resolve(), close: () => Promise.resolve() };
    const store = new IncidentStore(db, idle);
    const service = new CaseService({ db, incidents: store, settings: () => DEFAULT_SETTINGS, changed() {}, escalated() {}, outboxChanged() {} });
    try {
      store.upsertMany(many(0, 300, (n) => `井盖缺失 ${n}`));
      const during = await service.handlers.searchIncidents({ text: '井盖', limit: 10, offset: 0 });
      expect(during).toMatchObject({ total: 0, indexPending: 300 });
      indexAll(db);
      const after = await service.handlers.searchIncidents({ text: '井盖', limit: 10, offset: 0 });
      expect(after.total).toBe(300);
      expect(after).not.toHaveProperty('indexPending');
    } finally {
      db.close();
    }
  });

  it('drops archived incidents from the index', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    try {
      const store = new IncidentStore(db);
      store.upsertMany(many(0, 10, (n) => `井盖缺失 ${n}`).map((r, n) => ({ ...r, incident: { ...r.incident, status: n < 4 ? 'closed' : 'handling' } })));
      expect(store.search('井盖').total).toBe(10);
      archiveEnded(db, T0 + 86_400_000, join(dir, 'archive.jsonl.gz'));
      expect(store.search('井盖').total).toBe(6);
      expect(db.prepare('SELECT count(*) FROM search.incidents_fts').pluck().get()).toBe(6);
    } finally {
      db.close();
    }
  });
});
