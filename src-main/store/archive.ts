import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { TERMINAL_STATUSES } from '@shared/domain/incident';
import type { Db } from './database';
import { REINDEX_SQL } from './search-index';
import { COLUMNS, fromRow, type IncidentRow } from './incident-row';

export interface ArchiveResult {
  file: string;
  incidents: number;
  sha256: string;
}

const ENDED = TERMINAL_STATUSES.map((s) => `'${s}'`).join(',');

/**
 * Retention that never deletes silently: ended cases reported before `before` are written, with
 * their raw payload and full history, to a gzip'd JSON Lines file, which is flushed to disk and
 * checksummed; only then, in one transaction, are they recorded as archived (file, checksum, ids)
 * and removed from the cache. Open cases are never archived. Nothing to archive writes no file.
 */
export function archiveEnded(db: Db, before: number, file: string, now = Date.now()): ArchiveResult {
  const rows = db
    .prepare(`SELECT ${COLUMNS}, raw FROM incidents WHERE reported_at < ? AND status IN (${ENDED}) ORDER BY seq`)
    .all(before) as (IncidentRow & { raw: string | null })[];
  if (rows.length === 0) return { file, incidents: 0, sha256: '' };
  const history = db.prepare('SELECT * FROM incident_history WHERE incident_id = ? ORDER BY id');
  const lines = rows.map((r) =>
    JSON.stringify({ incident: fromRow(r), raw: r.raw ? JSON.parse(r.raw) : null, history: history.all(r.id) }),
  );
  const gz = gzipSync(`${lines.join('\n')}\n`);
  const sha256 = createHash('sha256').update(gz).digest('hex');
  const fd = openSync(file, 'wx'); // never overwrite an earlier archive
  try {
    writeSync(fd, gz);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  db.transaction(() => {
    const archiveId = db
      .prepare('INSERT INTO archives (file, before, incidents, sha256, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(file, before, rows.length, sha256, now).lastInsertRowid;
    const mark = db.prepare('INSERT INTO archived_incidents (id, archive_id) VALUES (?, ?)');
    const dropHistory = db.prepare('DELETE FROM incident_history WHERE incident_id = ?');
    // The indexer drops the index row of a queued row that no longer exists.
    const unindex = db.prepare(REINDEX_SQL);
    const drop = db.prepare('DELETE FROM incidents WHERE seq = ?');
    for (const r of rows) {
      mark.run(r.id, archiveId);
      dropHistory.run(r.id);
      unindex.run(r.seq);
      drop.run(r.seq);
    }
  })();
  return { file, incidents: rows.length, sha256 };
}
