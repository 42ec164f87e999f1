import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { indexText } from '@shared/domain/search-text';
import { DATABASE_FILE, isCorruption, moveAside, type Db } from './sqlite-file';

/**
 * The full-text index lives in its own file, `search.sqlite`, attached to every connection as
 * `search`, so that it can be written by a second thread while the incident cache takes the next
 * batch: two SQLite files have two write locks.
 *
 * What to index: new incidents are the rows above `indexed_seq` (rows get increasing `seq`);
 * changes to rows already indexed — a feed changed the text, an archive run removed the row —
 * are queued in `search_queue` (migration 0007) in the same transaction as the change. The
 * indexer reads the queue and the new rows in one snapshot of the cache, and records
 * `applied_rev` and `indexed_seq` in the same transaction as the index rows. So a crash of
 * either side loses nothing: what the cache committed is above the marks, and the indexer
 * resumes from them.
 *
 * The index is derived data. A missing, new or damaged `search.sqlite` is rebuilt from the cache;
 * searches meanwhile find what is indexed so far, and `pendingCount()` says how much is left.
 */
export const SEARCH_FILE = 'search.sqlite';

/**
 * Queues a row to be indexed again (its text changed) or dropped from the index (it is gone): the
 * one statement writers use, in the transaction of the change.
 */
export const REINDEX_SQL = 'INSERT INTO search_queue (seq) VALUES (?)';

const SCHEMA = `
CREATE VIRTUAL TABLE IF NOT EXISTS search.incidents_fts USING fts5(
  body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE IF NOT EXISTS search.search_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
`;

/**
 * Attaches `search.sqlite` from `dataDir` as `search`. When the file is new (or was damaged and
 * moved aside), every incident is queued for indexing. `check` runs `quick_check` on it first
 * (about 2 s at a million incidents); the console leaves that to its indexer thread, which checks
 * in the background and has the file rebuilt when it fails (WorkerIndexer). Returns what it did.
 */
export function attachSearch(db: Db, dataDir: string | null, { check = true } = {}): { rebuilt: boolean; movedAside?: string } {
  // null: an in-memory index (a cache in memory, in tests), rebuilt on every attach.
  const file = dataDir === null ? ':memory:' : join(dataDir, SEARCH_FILE);
  const attach = (verify: boolean): boolean => {
    const fresh = dataDir === null || !existsSync(file);
    attachFile(db, file);
    if (verify) {
      const result = db.pragma('search.quick_check', { simple: true }) as string;
      if (result !== 'ok') throw Object.assign(new Error(`search index: ${result}`), { code: 'SQLITE_CORRUPT' });
    }
    return fresh || db.prepare("SELECT 1 FROM search.search_state WHERE key = 'applied_rev'").get() === undefined;
  };
  try {
    const fresh = attach(check);
    if (fresh) startOver(db);
    return { rebuilt: fresh };
  } catch (err) {
    if (!isCorruption(err) || dataDir === null) throw err;
    return { rebuilt: true, movedAside: rebuildSearch(db, dataDir) };
  }
}

/**
 * Moves a damaged `search.sqlite` (and its WAL) aside as `search.sqlite.damaged-<time>`, attaches a
 * new one and queues every incident for it. Returns where the damaged copy went.
 */
export function rebuildSearch(db: Db, dataDir: string): string {
  const file = join(dataDir, SEARCH_FILE);
  try {
    db.exec('DETACH DATABASE search');
  } catch {
    // not attached
  }
  const aside = moveAside(file);
  attachFile(db, file);
  startOver(db);
  return aside;
}

/** Attaches the index file as `search` (WAL, `synchronous = NORMAL`) and creates its tables if new. */
function attachFile(db: Db, file: string): void {
  db.prepare('ATTACH DATABASE ? AS search').run(file);
  db.pragma('search.journal_mode = WAL');
  db.pragma('search.synchronous = NORMAL');
  db.exec(SCHEMA);
}

/** An empty index: no row indexed, no queued change left to apply. */
function startOver(db: Db): void {
  db.transaction(() => {
    db.exec('DELETE FROM search.incidents_fts');
    db.exec('DELETE FROM search_queue');
    const put = db.prepare('INSERT INTO search.search_state (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value');
    put.run('applied_rev', newestRev(db));
    put.run('indexed_seq', 0);
  })();
}

/** How far the index is: the last queue entry applied, and the highest row indexed. */
export function marks(db: Db): { appliedRev: number; indexedSeq: number } {
  const rows = db.prepare('SELECT key, value FROM search.search_state').all() as { key: string; value: number }[];
  const get = (key: string): number => rows.find((r) => r.key === key)?.value ?? 0;
  return { appliedRev: get('applied_rev'), indexedSeq: get('indexed_seq') };
}

/** Queued changes and new rows not indexed yet. */
export function pendingCount(db: Db): number {
  const m = marks(db);
  return (
    (db.prepare('SELECT count(*) FROM search_queue WHERE rev > ?').pluck().get(m.appliedRev) as number) +
    (db.prepare('SELECT count(*) FROM incidents WHERE seq > ?').pluck().get(m.indexedSeq) as number)
  );
}

interface TextRow {
  seq: number;
  title: string | null;
  description: string | null;
  address: string | null;
}

/**
 * Applies up to `limit` queued changes and indexes up to `limit` new rows, in one transaction of
 * the search file. Works on any connection that has the cache as `main` and the index attached as
 * `search`; it writes only to `search`, so it never waits for the cache's writer. Returns how many
 * changes and rows it applied.
 */
export function indexPending(db: Db, limit = 5000): number {
  const st = prepared.get(db) ?? prepare(db);
  let applied = 0;
  db.transaction(() => {
    // One snapshot of the cache for all that follows (the first read of `main` starts it).
    const m = marks(db);
    const changes = st.changes.all(m.appliedRev, limit) as (TextRow & { rev: number })[];
    for (const r of changes) {
      // A row above the mark is not indexed yet: the new-row pass below indexes its current text.
      if (r.seq > m.indexedSeq) continue;
      st.drop.run(r.seq);
      if (r.title !== null) st.put.run(r.seq, indexText(r.title, r.description ?? '', r.address ?? ''));
    }
    const rows = st.fresh.all(m.indexedSeq, limit) as TextRow[];
    for (const r of rows) st.put.run(r.seq, indexText(r.title ?? '', r.description ?? '', r.address ?? ''));
    if (changes.length) st.mark.run('applied_rev', changes[changes.length - 1]!.rev);
    // All rows above the mark read: the mark is the highest row there is (lower, if the highest
    // rows were removed, so that a row number used again is indexed again).
    const indexed = rows.length === limit ? rows[rows.length - 1]!.seq : ((st.maxSeq.get() as number | null) ?? 0);
    if (indexed !== m.indexedSeq) st.mark.run('indexed_seq', indexed);
    applied = changes.length + rows.length;
  })();
  return applied;
}

type Statements = ReturnType<typeof prepare>;
const prepared = new WeakMap<Db, Statements>();
function prepare(db: Db) {
  const s = {
    changes: db.prepare(
      `SELECT q.rev, q.seq, i.title, i.description, i.address
       FROM search_queue q LEFT JOIN incidents i ON i.seq = q.seq WHERE q.rev > ? ORDER BY q.rev LIMIT ?`,
    ),
    fresh: db.prepare('SELECT seq, title, description, address FROM incidents WHERE seq > ? ORDER BY seq LIMIT ?'),
    maxSeq: db.prepare('SELECT max(seq) FROM incidents').pluck(),
    drop: db.prepare('DELETE FROM search.incidents_fts WHERE rowid = ?'),
    put: db.prepare('INSERT INTO search.incidents_fts (rowid, body) VALUES (?, ?)'),
    mark: db.prepare('INSERT INTO search.search_state (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value'),
  };
  prepared.set(db, s);
  return s;
}

/** Applies the whole queue, in slices. */
export function indexAll(db: Db): number {
  let total = 0;
  for (let n = indexPending(db); n > 0; n = indexPending(db)) total += n;
  return total;
}

/** Removes queue entries the index has applied (called by the writer now and then). */
export function trimQueue(db: Db): void {
  db.prepare('DELETE FROM search_queue WHERE rev <= ?').run(marks(db).appliedRev);
}

/**
 * Who keeps the index up to date. `inline` applies the queue on the caller's connection before a
 * search (the command line, tests: one thread, results always complete). `worker` runs the
 * indexer on a second thread (the console: ingest and indexing use both cores; a search sees what
 * was indexed, a fraction of a second behind the cache).
 */
export interface SearchIndexer {
  /** The writer committed new queue entries. */
  notify(): void;
  /** Called before a search. */
  beforeSearch(): void;
  /** Resolves when every queue entry committed so far is indexed. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export class InlineIndexer implements SearchIndexer {
  constructor(private readonly db: Db) {}
  notify(): void {}
  beforeSearch(): void {
    try {
      indexAll(this.db);
    } catch (err) {
      // Another process (the console's indexer thread) is writing the index: search what it has.
      if (!/^SQLITE_BUSY/.test((err as { code?: string }).code ?? '')) throw err;
    }
  }
  settled(): Promise<void> {
    indexAll(this.db);
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Messages between the console and the indexer thread. */
export type IndexerRequest = { kind: 'poke' } | { kind: 'stop' };
export type IndexerReport =
  | { kind: 'applied'; rev: number; seq: number }
  | { kind: 'error'; message: string }
  /** The thread's `quick_check` of the index file failed; it indexes nothing more. */
  | { kind: 'damaged'; message: string };

/** The newest queue entry ever written (AUTOINCREMENT keeps it after the queue is trimmed). */
export function newestRev(db: Db): number {
  return (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'search_queue'").pluck().get() as number | undefined) ?? 0;
}

/**
 * The indexer thread's connection: the cache as `main` (read only, never written by this
 * thread), the index attached as `search`. The console has already attached and, if needed,
 * queued a rebuild (attachSearch) before the thread starts.
 */
export function openIndexerConnection(dataDir: string): Db {
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.pragma('busy_timeout = 5000');
  db.prepare('ATTACH DATABASE ? AS search').run(join(dataDir, SEARCH_FILE));
  db.pragma('search.synchronous = NORMAL');
  return db;
}

/** How to start the indexer thread: the built entry (out/main/search-worker.js) or, from sources, the .ts file through tsx. */
export interface WorkerEntry {
  file: string;
  typescript?: boolean;
}

export class WorkerIndexer implements SearchIndexer {
  private worker: Worker;
  private applied: { rev: number; seq: number };
  private waiters: { rev: number; seq: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  /** Set while the thread is down after a failure, until it is started again. */
  private failed: Error | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartDelayMs = 1000;
  private exited = false;
  private poked = false;
  private closing = false;

  /** Resolves once a damaged index file found by the thread has been replaced and a new thread started. */
  rebuilt: Promise<string> | undefined;

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    private readonly entry: WorkerEntry,
    private readonly log: (line: string) => void = () => {},
  ) {
    const m = marks(db);
    this.applied = { rev: m.appliedRev, seq: m.indexedSeq };
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const workerData = { dataDir: this.dataDir };
    const worker = this.entry.typescript
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(this.entry.file).href)}); })`,
          { eval: true, workerData },
        )
      : new Worker(this.entry.file, { workerData });
    worker.on('message', (m: IndexerReport) => {
      if (m.kind === 'error') this.log(`search indexer: ${m.message}`);
      else if (m.kind === 'damaged') this.rebuilt ??= this.replaceDamaged(m.message);
      else this.reached(m.rev, m.seq);
    });
    // A thread that fails is started again, after 1 s, then twice as long each time up to a
    // minute; searches meanwhile find what was indexed, and the cache takes incidents as ever.
    worker.on('error', (err) => {
      this.failed = err;
      for (const w of this.waiters) w.reject(err);
      this.waiters = [];
      if (this.closing) return;
      this.log(`search indexer stopped: ${err.message}; starting it again in ${this.restartDelayMs / 1000} s`);
      this.restartTimer = setTimeout(() => {
        this.failed = undefined;
        this.worker = this.spawn();
        this.notify();
      }, this.restartDelayMs);
      this.restartDelayMs = Math.min(this.restartDelayMs * 2, 60_000);
    });
    worker.on('exit', () => (this.exited = worker === this.worker));
    this.exited = false;
    return worker;
  }

  private reached(rev: number, seq: number): void {
    this.applied = { rev, seq };
    this.restartDelayMs = 1000;
    const done = (w: { rev: number; seq: number }): boolean => w.rev <= rev && w.seq <= seq;
    const ready = this.waiters.filter(done);
    this.waiters = this.waiters.filter((w) => !done(w));
    for (const w of ready) w.resolve();
  }

  /** The thread found the index file damaged: stop it, move the file aside, start over with a new thread. */
  private async replaceDamaged(problem: string): Promise<string> {
    await this.worker.terminate();
    const aside = rebuildSearch(this.db, this.dataDir);
    this.log(`the search index failed its check (${problem.slice(0, 200)}); moved it to ${aside} and rebuilding it from the cache`);
    const m = marks(this.db);
    this.applied = { rev: m.appliedRev, seq: m.indexedSeq };
    if (!this.closing) {
      this.worker = this.spawn();
      this.notify();
    }
    return aside;
  }

  notify(): void {
    // One poke per turn of the event loop is enough: the indexer reads the whole queue.
    if (this.poked) return;
    this.poked = true;
    queueMicrotask(() => {
      this.poked = false;
      this.worker.postMessage({ kind: 'poke' } satisfies IndexerRequest);
    });
  }

  beforeSearch(): void {}

  settled(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const rev = newestRev(this.db);
    const seq = (this.db.prepare('SELECT max(seq) FROM incidents').pluck().get() as number | null) ?? 0;
    if (this.applied.rev >= rev && this.applied.seq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ rev, seq, resolve, reject });
      this.notify();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.restartTimer);
    await this.rebuilt;
    if (this.exited) return;
    this.worker.postMessage({ kind: 'stop' } satisfies IndexerRequest);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void this.worker.terminate().then(() => resolve()), 5000);
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
