import type Database from 'better-sqlite3';
import { indexText } from '@shared/domain/search-text';

/**
 * 0003 — full-text search that finds Chinese. A contentless FTS5 table keyed by `incidents.seq`
 * holds title, description and address as character pairs (src-shared/domain/search-text.ts), so
 * two-character words such as 井盖 are found through the index — the trigram tokenizer needs three.
 * `contentless_delete` lets the store replace a row's text when the feed changes it.
 */
export const name = 'search';

export const sql = `
CREATE VIRTUAL TABLE incidents_fts USING fts5(
  body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);
`;

/** Indexes the rows that exist already, a few thousand at a time. */
export function run(db: Database.Database): void {
  const insert = db.prepare('INSERT INTO incidents_fts (rowid, body) VALUES (?, ?)');
  const page = db.prepare('SELECT seq, title, description, address FROM incidents WHERE seq > ? ORDER BY seq LIMIT 5000');
  for (let after = 0; ; ) {
    const rows = page.all(after) as { seq: number; title: string; description: string; address: string }[];
    if (rows.length === 0) return;
    for (const r of rows) insert.run(r.seq, indexText(r.title, r.description, r.address));
    after = rows[rows.length - 1]!.seq;
  }
}
