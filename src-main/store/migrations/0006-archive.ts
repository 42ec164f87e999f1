/**
 * 0006 — retention that never deletes silently. An archive run writes ended cases (with their
 * history) to a file, records the file, its checksum and every archived id, and only then removes
 * them from the cache. History rows may be removed only for an incident recorded as archived.
 */
export const name = 'archive';

export const sql = `
CREATE TABLE archives (
  id          INTEGER PRIMARY KEY,
  file        TEXT NOT NULL,
  before      INTEGER NOT NULL,
  incidents   INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE archived_incidents (
  id          TEXT PRIMARY KEY,
  archive_id  INTEGER NOT NULL REFERENCES archives (id)
) STRICT, WITHOUT ROWID;

DROP TRIGGER incident_history_no_delete;
CREATE TRIGGER incident_history_no_delete BEFORE DELETE ON incident_history
WHEN NOT EXISTS (SELECT 1 FROM archived_incidents WHERE id = old.incident_id)
BEGIN SELECT RAISE(ABORT, 'incident history is append-only'); END;
`;
