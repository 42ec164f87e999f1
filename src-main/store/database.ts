import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index';
import { storedLimits } from './case-clock-limits';
import { registerRollupFunctions } from './incident-rollup';
import { attachSearch } from './search-index';
import { DATABASE_FILE, type Db } from './sqlite-file';

export { DATABASE_FILE, isCorruption, moveAside, type Db } from './sqlite-file';

/**
 * Opens (creating if needed) the console database in `dataDir`: WAL journal, foreign keys on,
 * `synchronous = NORMAL` (in WAL mode a crash loses at most the last transactions not yet
 * checkpointed to the OS, never corrupts; the feed cursors are stored in the same transaction as
 * the incidents they cover, so a lost tail is simply fetched again), then migrates to the latest
 * schema and attaches the full-text index (`search.sqlite`, see search-index.ts) as `search`.
 */
export function openDatabase(
  dataDir: string,
  migrations: readonly Migration[] = MIGRATIONS,
  { checkSearch = true }: { checkSearch?: boolean } = {},
): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  // The full-text index file (0007 onwards; migration tests stop earlier).
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'search_queue'").get()) attachSearch(db, dataDir, { check: checkSearch });
  return db;
}

/** Applies the migrations the database has not seen yet; returns the versions it applied. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number[] {
  // The roll-up's triggers call it: every connection that writes passes through here.
  registerRollupFunctions(db, storedLimits(db));
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new Error(
      `the database schema (version ${newest}) is newer than this application knows (${known}); ` +
        'run a newer version of the console or choose another data directory',
    );
  }
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.run?.(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        Date.now(),
      );
    })();
    done.push(m.version);
  }
  return done;
}
