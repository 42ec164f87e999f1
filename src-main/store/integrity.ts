import { join } from 'node:path';
import { openDatabase } from './database';
import { DATABASE_FILE, isCorruption, moveAside, type Db } from './sqlite-file';
import { recordCacheRecovery } from './cache-recovery';

/**
 * `PRAGMA integrity_check`: 'ok', or the first problems SQLite reports — of every attached file,
 * or of the cache alone (`main`; the full-text index file is checked and rebuilt on its own, see
 * search-index.ts).
 */
export function integrityCheck(db: Db, schema?: 'main'): string {
  const rows = db.pragma(`${schema ? `${schema}.` : ''}integrity_check(20)`, { simple: false }) as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('; ');
}


/**
 * Opens the database and checks its integrity. A damaged file is never repaired in place or
 * deleted: it is moved aside (`console.sqlite.damaged-<time>` with its WAL), a fresh cache is
 * started, and the log says where the damaged copy is. The feeds refill the fresh cache; unsent
 * case actions stay in the damaged copy for recovery with the sqlite3 `.recover` command. A notice
 * (cache-recovery.json: the copy's name, its size, how many incidents it held) tells the operators
 * until one of them dismisses it.
 */
export function openCheckedDatabase(
  dataDir: string,
  log: (line: string) => void = () => {},
  options: { checkSearch?: boolean } = {},
): { db: Db; movedAside?: string } {
  let db: Db | undefined;
  let problem: string;
  try {
    db = openDatabase(dataDir, undefined, options);
    problem = integrityCheck(db, 'main');
    if (problem === 'ok') return { db };
  } catch (err) {
    if (!isCorruption(err)) throw err;
    problem = (err as Error).message;
  }
  db?.close();
  const aside = moveAside(join(dataDir, DATABASE_FILE));
  const notice = recordCacheRecovery(dataDir, aside, problem);
  const held = notice.incidents === null ? `${notice.bytes} bytes` : `${notice.incidents} incidents, ${notice.bytes} bytes`;
  log(`the incident cache failed its integrity check (${problem.slice(0, 200)}); moved it to ${aside} (${held}) and started a fresh one`);
  return { db: openDatabase(dataDir, undefined, options), movedAside: aside };
}
