import type { Database } from 'better-sqlite3';

/**
 * Yjs documents in SQLite: the whole state as one update, replaced on each store (Yjs merges an
 * update into any state, so loading it into a fresh document gives back everything). Used by the
 * console's embedded server (table from migration 0050) and the standalone server (its own file).
 */
export class DocumentPersistence {
  constructor(private readonly db: Database) {}

  /** Creates the table in a file that has no migrations (the standalone server's). */
  static ensureTable(db: Database): void {
    db.exec('CREATE TABLE IF NOT EXISTS consultation_docs (name TEXT PRIMARY KEY, state BLOB NOT NULL, updated_at INTEGER NOT NULL) STRICT');
  }

  load(name: string): Uint8Array | undefined {
    const row = this.db.prepare('SELECT state FROM consultation_docs WHERE name = ?').pluck().get(name) as Buffer | undefined;
    return row ? new Uint8Array(row) : undefined;
  }

  store(name: string, state: Uint8Array, at = Date.now()): void {
    this.db
      .prepare('INSERT INTO consultation_docs (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at')
      .run(name, Buffer.from(state), at);
  }

  names(): string[] {
    return this.db.prepare('SELECT name FROM consultation_docs ORDER BY name').pluck().all() as string[];
  }
}
