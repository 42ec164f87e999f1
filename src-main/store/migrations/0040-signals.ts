/**
 * 0040 — detection signals and what analysts did about them. A signal is keyed by its id
 * (`method:category:grids:start`); every action on it is appended to `signal_actions` (who, when,
 * why), never edited; a dismissed cluster (`cluster_key`, without dates) is remembered so the same
 * method does not raise it again.
 */
export const name = 'signals';

export const sql = `
CREATE TABLE signals (
  id               TEXT PRIMARY KEY,
  cluster_key      TEXT NOT NULL,
  method           TEXT NOT NULL,
  category         TEXT NOT NULL,
  grids            TEXT NOT NULL,
  start_day        TEXT NOT NULL,
  end_day          TEXT NOT NULL,
  observed         REAL NOT NULL,
  expected         REAL NOT NULL,
  recurrence_days  REAL,
  p_value          REAL,
  alarm_days       TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','acknowledged','dismissed','escalated')),
  first_seen_at    INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;

CREATE INDEX signals_end ON signals (end_day DESC);
CREATE INDEX signals_cluster ON signals (cluster_key);

CREATE TABLE signal_actions (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  signal_id  TEXT NOT NULL REFERENCES signals (id),
  action     TEXT NOT NULL CHECK (action IN ('acknowledge','dismiss','escalate')),
  actor      TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT '',
  at         INTEGER NOT NULL
) STRICT;

CREATE INDEX signal_actions_signal ON signal_actions (signal_id, seq);

CREATE TABLE dismissed_clusters (
  cluster_key  TEXT PRIMARY KEY,
  signal_id    TEXT NOT NULL,
  actor        TEXT NOT NULL,
  reason       TEXT NOT NULL,
  at           INTEGER NOT NULL
) STRICT;
`;
