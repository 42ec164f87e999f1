/**
 * 0001 — the incident cache, feed cursors and settings.
 *
 * Every incident keeps its source, its source id, its original coordinates and datum, and the raw
 * payload it arrived in. Times are epoch milliseconds (INTEGER) so range filters use the index.
 */
export const name = 'incidents';

export const sql = `
CREATE TABLE incidents (
  id            TEXT PRIMARY KEY,
  source        TEXT NOT NULL,
  source_id     TEXT NOT NULL,
  category      TEXT NOT NULL,
  severity      TEXT NOT NULL CHECK (severity IN ('red','orange','yellow','blue')),
  status        TEXT NOT NULL,
  title         TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  lon           REAL NOT NULL,
  lat           REAL NOT NULL,
  orig_lon      REAL NOT NULL,
  orig_lat      REAL NOT NULL,
  orig_datum    TEXT NOT NULL,
  grid_id       TEXT,
  address       TEXT NOT NULL DEFAULT '',
  reported_at   INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  unit          TEXT,
  raw           TEXT,
  UNIQUE (source, source_id)
) STRICT;

CREATE INDEX incidents_reported ON incidents (reported_at DESC);
CREATE INDEX incidents_category_reported ON incidents (category, reported_at DESC);
CREATE INDEX incidents_grid_reported ON incidents (grid_id, reported_at DESC);
CREATE INDEX incidents_status_reported ON incidents (status, reported_at DESC);

CREATE TABLE feed_cursors (
  feed_id     TEXT PRIMARY KEY,
  cursor      TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;
`;
