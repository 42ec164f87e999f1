/**
 * 0007 — the full-text index moves to its own file (src-main/store/search-index.ts), written by
 * a second thread. New rows need no entry (the index keeps the highest row it holds); what the
 * cache keeps is the queue of changes to rows already indexed (text changed, row removed),
 * written in the same transaction as the change; AUTOINCREMENT so entry numbers never repeat
 * after the queue is trimmed. The old in-file index is dropped: a new `search.sqlite` starts from
 * the first row, and the indexer rebuilds it.
 */
export const name = 'search-queue';

export const sql = `
CREATE TABLE search_queue (
  rev  INTEGER PRIMARY KEY AUTOINCREMENT,
  seq  INTEGER NOT NULL
) STRICT;
DROP TABLE incidents_fts;
`;
