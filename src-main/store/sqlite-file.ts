import { existsSync, renameSync } from 'node:fs';
import type Database from 'better-sqlite3';

/**
 * What every SQLite file of the store shares: the connection type, the cache's file name and
 * what to do with a damaged file. A leaf: it imports nothing from the store, so the cache
 * (database.ts) and the full-text index (search-index.ts) both build on it without importing
 * each other in a circle.
 */
export type Db = Database.Database;

/** The incident cache's file in the data directory. */
export const DATABASE_FILE = 'console.sqlite';

/**
 * Moves a damaged SQLite file and its WAL and shared-memory files aside as
 * `<file>.damaged-<time>` (never deleted: a person may recover from it). Returns the new name.
 */
export function moveAside(file: string): string {
  const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  return aside;
}

/** An SQLite error that says the file is damaged or is not a database. */
export const isCorruption = (err: unknown): boolean => /^SQLITE_(CORRUPT|NOTADB)/.test((err as { code?: string }).code ?? '');
