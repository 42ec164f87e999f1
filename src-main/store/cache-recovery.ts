import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { CacheRecoverySchema, type CacheRecovery } from '@shared/contract';

/**
 * The notice that the cache was moved aside, kept in the data directory until an operator
 * dismisses it: every screen and `cli info` read it from here, across restarts.
 */
export const CACHE_RECOVERY_FILE = 'cache-recovery.json';

/** Incidents a damaged copy still lets us count, or null when it cannot be read at all. */
function countIncidents(file: string): number | null {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM incidents').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

const sizeOf = (file: string): number => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/** Writes the notice for a cache just moved to `aside` (the full path). */
export function recordCacheRecovery(dataDir: string, aside: string, problem: string, at = Date.now()): CacheRecovery {
  const notice: CacheRecovery = {
    movedTo: basename(aside),
    at,
    bytes: sizeOf(aside) + sizeOf(`${aside}-wal`),
    incidents: countIncidents(aside),
    problem: problem.slice(0, 300),
  };
  const file = join(dataDir, CACHE_RECOVERY_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(notice, null, 2));
  renameSync(`${file}.tmp`, file);
  return notice;
}

/** The notice not yet dismissed, if any (an unreadable notice file counts as none). */
export function readCacheRecovery(dataDir: string): CacheRecovery | null {
  const file = join(dataDir, CACHE_RECOVERY_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = CacheRecoverySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** An operator has read it. */
export function dismissCacheRecovery(dataDir: string): void {
  rmSync(join(dataDir, CACHE_RECOVERY_FILE), { force: true });
}
